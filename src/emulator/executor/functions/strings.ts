/** String functions. Regex arguments use RE2 syntax, mapped to JS by kqlRegex. */
import { createHash } from 'node:crypto';
import { QueryError } from '../errors';
import { kqlRegex } from '../stringOps';
import { convert, toStringValue, type Value } from '../values';
import { cached, define, num, str, type CallInfo } from './registry';

const arg = (args: Value[], info: CallInfo, i: number): string => toStringValue(args[i], info.argTypes[i] ?? 'string');
const regex = (info: CallInfo, pattern: string, flags = '') => cached(info, pattern + '\u0000' + flags, () => {
  try { return kqlRegex(pattern, flags); } catch (e) { throw new QueryError(`${info.name}(): invalid regular expression '${pattern}': ${(e as Error).message}`, 'runtime'); }
});

define('strlen', (a, i) => [...arg(a, i, 0)].length);
define('string_size', (a, i) => Buffer.byteLength(arg(a, i, 0), 'utf8'));
define('tolower', (a, i) => arg(a, i, 0).toLowerCase());
define('toupper', (a, i) => arg(a, i, 0).toUpperCase());
define('strcat', (a, i) => a.map((_, k) => arg(a, i, k)).join(''));
define('strcat_delim', (a, i) => a.slice(1).map((_, k) => arg(a, i, k + 1)).join(arg(a, i, 0)));
define('reverse', (a, i) => [...arg(a, i, 0)].reverse().join(''));
define('strrep', (a, i) => {
  const n = Math.max(0, Math.min(num(a[1]) ?? 0, 1024));
  return Array(n).fill(arg(a, i, 0)).join(a.length > 2 ? arg(a, i, 2) : '');
});
define('strcmp', (a, i) => { const x = arg(a, i, 0), y = arg(a, i, 1); return x < y ? -1 : x > y ? 1 : 0; });

define('substring', (a, i) => {
  const s = arg(a, i, 0);
  let start = num(a[1]) ?? 0;
  if (start < 0) start = Math.max(0, s.length + start);
  const len = a.length > 2 && a[2] !== null ? num(a[2]) ?? undefined : undefined;
  return len === undefined ? s.slice(start) : s.substr(start, Math.max(0, len));
});

define('indexof', (a, i) => {
  const s = arg(a, i, 0);
  const lookup = arg(a, i, 1);
  const start = num(a[2] ?? 0) ?? 0;
  const length = a.length > 3 && a[3] !== null ? num(a[3]) ?? -1 : -1;
  let occurrence = a.length > 4 ? num(a[4]) ?? 1 : 1;
  const end = length < 0 ? s.length : Math.min(s.length, start + length);
  let from = start;
  for (;;) {
    const at = s.indexOf(lookup, from);
    if (at < 0 || at + lookup.length > end) return -1;
    if (--occurrence <= 0) return at;
    from = at + 1;
  }
});
define('indexof_regex', (a, i) => {
  const m = regex(i, arg(a, i, 1)).exec(arg(a, i, 0));
  return m ? m.index : -1;
});

define('split', (a, i) => {
  const parts = arg(a, i, 0).split(arg(a, i, 1));
  if (a.length > 2 && a[2] !== null) {
    const k = num(a[2]) ?? 0;
    return k >= 0 && k < parts.length ? [parts[k]] : [];
  }
  return parts;
});

/** KQL rewrite strings use \1 for groups; JS uses $1 (and `$` must be escaped). */
function jsRewrite(rewrite: string): string {
  return rewrite.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
}
define('replace', (a, i) => arg(a, i, 2).replace(regex(i, arg(a, i, 0), 'g'), jsRewrite(arg(a, i, 1))));
define('replace_regex', (a, i) => arg(a, i, 0).replace(regex(i, arg(a, i, 1), 'g'), jsRewrite(arg(a, i, 2))));
define('replace_string', (a, i) => arg(a, i, 0).split(arg(a, i, 1)).join(arg(a, i, 2)));
define('translate', (a, i) => {
  const from = [...arg(a, i, 0)], to = [...arg(a, i, 1)];
  return [...arg(a, i, 2)].map((c) => {
    const k = from.indexOf(c);
    if (k < 0) return c;
    return to.length === 0 ? '' : to[Math.min(k, to.length - 1)];
  }).join('');
});

function trimWith(pattern: string, s: string, info: CallInfo, start: boolean, end: boolean): string {
  let out = s;
  if (start) out = out.replace(regex(info, `^(?:${pattern})+`), '');
  if (end) out = out.replace(regex(info, `(?:${pattern})+$`), '');
  return out;
}
define('trim', (a, i) => trimWith(arg(a, i, 0), arg(a, i, 1), i, true, true));
define('trim_start', (a, i) => trimWith(arg(a, i, 0), arg(a, i, 1), i, true, false));
define('trim_end', (a, i) => trimWith(arg(a, i, 0), arg(a, i, 1), i, false, true));

define('extract', (a, i) => {
  const m = regex(i, arg(a, i, 0)).exec(arg(a, i, 2));
  const group = num(a[1]) ?? 0;
  const v = m ? m[group] ?? '' : '';
  if (i.resultType === 'string') return m ? v : '';
  return m ? convert(v, 'string', i.resultType) : null;
});
define('extract_all', (a, i) => {
  const hasGroups = a.length > 2;
  const text = arg(a, i, hasGroups ? 2 : 1);
  const re = regex(i, arg(a, i, 0), 'g');
  const groups = hasGroups && Array.isArray(a[1]) ? (a[1] as number[]) : undefined;
  const out: unknown[] = [];
  for (const m of text.matchAll(re)) {
    if (groups) out.push(groups.map((g) => m[g] ?? ''));
    else if (m.length > 2) out.push(m.slice(1).map((g) => g ?? ''));
    else out.push(m[1] ?? m[0]);
  }
  return out.length ? out : null;
});
define('countof', (a, i) => {
  const text = arg(a, i, 0);
  const search = arg(a, i, 1);
  if (a.length > 2 && str(a[2]).toLowerCase() === 'regex') return [...text.matchAll(regex(i, search, 'g'))].length;
  if (!search) return 0;
  let n = 0;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) n++;
  return n;
});

define(['url_decode'], (a, i) => { try { return decodeURIComponent(arg(a, i, 0).replace(/\+/g, ' ')); } catch { return ''; } });
define(['url_encode', 'url_encode_component'], (a, i) => encodeURIComponent(arg(a, i, 0)));
define(['base64_encode_tostring', 'base64_encodestring'], (a, i) => Buffer.from(arg(a, i, 0), 'utf8').toString('base64'));
define(['base64_decode_tostring', 'base64_decodestring'], (a, i) => {
  const s = arg(a, i, 0);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.trim())) return '';
  return Buffer.from(s, 'base64').toString('utf8');
});
define('base64_decode_toarray', (a, i) => [...Buffer.from(arg(a, i, 0), 'base64')]);
define('base64_encode_fromarray', (a) => Buffer.from((Array.isArray(a[0]) ? a[0] : []) as number[]).toString('base64'));
define('make_string', (a) => String.fromCodePoint(...a.flatMap((v) => (Array.isArray(v) ? v : [v])).map((v) => Number(v ?? 0))));
define('unicode_codepoints_from_string', (a, i) => [...arg(a, i, 0)].map((c) => c.codePointAt(0)));
define('isascii', (a, i) => [...arg(a, i, 0)].every((c) => c.charCodeAt(0) < 128));
define('isutf8', () => true);

const digest = (algo: string) => (a: Value[], i: CallInfo) => createHash(algo).update(arg(a, i, 0), 'utf8').digest('hex');
define('hash_sha256', digest('sha256'));
define('hash_sha1', digest('sha1'));
define('hash_md5', digest('md5'));
define('hash', (a, i) => {
  const h = createHash('sha1').update(arg(a, i, 0), 'utf8').digest().readUInt32BE(0);
  return a.length > 1 && a[1] !== null ? h % (num(a[1]) ?? 1) : h;
});

define('parse_url', (a, i) => {
  try {
    const u = new URL(arg(a, i, 0));
    const query: Record<string, string> = {};
    u.searchParams.forEach((v, k) => { query[k] = v; });
    return {
      Scheme: u.protocol.replace(/:$/, ''), Host: u.hostname, Port: u.port, Path: decodeURIComponent(u.pathname),
      Username: u.username, Password: u.password, 'Query Parameters': query, Fragment: u.hash.replace(/^#/, ''),
    };
  } catch {
    return {};
  }
});
define('parse_urlquery', (a, i) => {
  const query: Record<string, string> = {};
  new URLSearchParams(arg(a, i, 0).replace(/^\?/, '')).forEach((v, k) => { query[k] = v; });
  return { 'Query Parameters': query };
});
define('parse_path', (a, i) => {
  const p = arg(a, i, 0);
  const m = /^(?<dir>.*[\\/])?(?<file>[^\\/]*)$/.exec(p);
  const file = m?.groups?.file ?? '';
  const dot = file.lastIndexOf('.');
  return {
    Scheme: '', RootPath: /^[A-Za-z]:/.test(p) ? p.slice(0, 2) : '', DirectoryPath: (m?.groups?.dir ?? '').replace(/[\\/]$/, ''),
    DirectoryName: (m?.groups?.dir ?? '').replace(/[\\/]$/, '').split(/[\\/]/).pop() ?? '', Filename: file,
    Extension: dot > 0 ? file.slice(dot + 1) : '', AlternateDataStreamName: '',
  };
});
define('parse_csv', (a, i) => {
  const s = arg(a, i, 0);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (quoted) {
      if (c === '"' && s[k + 1] === '"') { cur += '"'; k++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
});
define('parse_command_line', (a, i) => {
  // Windows CommandLineToArgvW rules, simplified: quotes group, backslashes before quotes escape
  const s = arg(a, i, 0);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let any = false;
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (c === '"') { quoted = !quoted; any = true; continue; }
    if (!quoted && /\s/.test(c)) { if (cur || any) out.push(cur); cur = ''; any = false; continue; }
    cur += c;
  }
  if (cur || any) out.push(cur);
  return out;
});
