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
 * A JavaScript RegExp for a KQL (RE2) pattern: `(?i)` and the other leading inline flags become
 * JS flags; the rest of RE2's syntax used in hunting queries is JS-compatible.
 */
export function kqlRegex(pattern: string, extraFlags = ''): RegExp {
  let flags = extraFlags;
  let p = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const f of inline[1]) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  // RE2 spells named groups (?P<name>...); JS wants (?<name>...)
  p = p.replace(/\(\?P</g, '(?<');
  return new RegExp(p, flags);
}
