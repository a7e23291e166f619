/**
 * KQL's string predicates. `has` works on terms: runs of ASCII letters and digits (Kusto's
 * indexing rule), so `"cmd.exe /c whoami" has "whoami"` is true and `has "who"` is false.
 * `contains`, `startswith` and `endswith` are substring tests. The plain forms ignore case.
 */

function isTermChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}

function lower(s: string, cs: boolean): string {
  return cs ? s : s.toLowerCase();
}

/** Finds `needle` in `haystack` at a term boundary on the requested side(s). */
function termMatch(haystack: string, needle: string, cs: boolean, boundaryBefore: boolean, boundaryAfter: boolean): boolean {
  if (needle === '') return true;
  const h = lower(haystack, cs);
  const n = lower(needle, cs);
  const checkBefore = boundaryBefore && isTermChar(n.charCodeAt(0));
  const checkAfter = boundaryAfter && isTermChar(n.charCodeAt(n.length - 1));
  for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) {
    if (checkBefore && i > 0 && isTermChar(h.charCodeAt(i - 1))) continue;
    const end = i + n.length;
    if (checkAfter && end < h.length && isTermChar(h.charCodeAt(end))) continue;
    return true;
  }
  return false;
}

export const has = (h: string, n: string, cs = false) => termMatch(h, n, cs, true, true);
export const hasPrefix = (h: string, n: string, cs = false) => termMatch(h, n, cs, true, false);
export const hasSuffix = (h: string, n: string, cs = false) => termMatch(h, n, cs, false, true);
export const contains = (h: string, n: string, cs = false) => lower(h, cs).includes(lower(n, cs));
export const startsWith = (h: string, n: string, cs = false) => lower(h, cs).startsWith(lower(n, cs));
export const endsWith = (h: string, n: string, cs = false) => lower(h, cs).endsWith(lower(n, cs));
export const equalsIgnoreCase = (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase();

/**
 * A JavaScript RegExp for a KQL (RE2) pattern: leading inline flags (`(?i)`) become JS flags;
 * a `(?i)` or `(?i:...)` later in the pattern (which JS does not support) is applied by spelling
 * the letters of its group in both cases; RE2's `(?P<name>` becomes `(?<name>`.
 */
export function kqlRegex(pattern: string, extraFlags = ''): RegExp {
  let flags = extraFlags;
  let p = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const f of inline[1]) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  p = p.replace(/\(\?P</g, '(?<');
  if (!flags.includes('i') && /\(\?i[):]/.test(p)) p = scopedIgnoreCase(p);
  return new RegExp(p, flags);
}

const GROUP_PREFIX = /^\(\?(?:[:=!]|<=|<!|<[A-Za-z_]\w*>)/;

function bothCases(c: string): string {
  const lo = c.toLowerCase(), up = c.toUpperCase();
  return lo === up ? c : lo + up;
}

/** `[a-f0-9]` -> `[a-fA-F0-9]` */
function classBothCases(cls: string): string {
  const body = cls.slice(1, -1);
  let extra = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') { i++; continue; }
    if (body[i + 1] === '-' && i + 2 < body.length && /[a-z]/i.test(body[i]) && /[a-z]/i.test(body[i + 2])) {
      const a = body[i], b = body[i + 2];
      extra += (a === a.toLowerCase() ? a.toUpperCase() + '-' + b.toUpperCase() : a.toLowerCase() + '-' + b.toLowerCase());
      i += 2;
    } else if (/[a-z]/i.test(body[i])) extra += bothCases(body[i]).replace(body[i], '');
  }
  return '[' + body + extra + ']';
}

function scopedIgnoreCase(p: string): string {
  let out = '';
  const stack: boolean[] = [false];
  const ci = () => stack[stack.length - 1];
  for (let i = 0; i < p.length;) {
    const c = p[i];
    if (c === '\\') { out += p.slice(i, i + 2); i += 2; continue; }
    if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') { if (p[j] === '\\') j++; j++; }
      const cls = p.slice(i, j + 1);
      out += ci() ? classBothCases(cls) : cls;
      i = j + 1;
      continue;
    }
    if (p.startsWith('(?i)', i)) { stack[stack.length - 1] = true; i += 4; continue; }
    if (p.startsWith('(?i:', i)) { stack.push(true); out += '(?:'; i += 4; continue; }
    if (c === '(') {
      const prefix = GROUP_PREFIX.exec(p.slice(i))?.[0] ?? '(';
      stack.push(ci());
      out += prefix;
      i += prefix.length;
      continue;
    }
    if (c === ')') { if (stack.length > 1) stack.pop(); out += ')'; i++; continue; }
    if (ci() && /[a-z]/i.test(c)) { out += `[${bothCases(c)}]`; i++; continue; }
    out += c;
    i++;
  }
  return out;
}
