/** Numeric functions and the IPv4 helpers hunting queries use. */
import { randomInt } from 'node:crypto';
import { toStringValue, type Value } from '../values';
import { define, num, type CallInfo } from './registry';

const unary = (f: (x: number) => number) => (a: Value[]) => { const x = num(a[0]); return x === null ? null : f(x); };
define('abs', unary(Math.abs));
define('ceiling', unary(Math.ceil));
define('sqrt', unary(Math.sqrt));
define('exp', unary(Math.exp));
define('exp2', unary((x) => 2 ** x));
define('exp10', unary((x) => 10 ** x));
define('log', unary(Math.log));
define('log2', unary(Math.log2));
define('log10', unary(Math.log10));
define('sign', unary(Math.sign));
define('isnan', (a) => typeof a[0] === 'number' && Number.isNaN(a[0]));
define('isinf', (a) => a[0] === Infinity || a[0] === -Infinity);
define('isfinite', (a) => typeof a[0] === 'number' && Number.isFinite(a[0]));
define('pow', (a) => { const x = num(a[0]), y = num(a[1]); return x === null || y === null ? null : x ** y; });
define('round', (a) => {
  const x = num(a[0]);
  if (x === null) return null;
  const p = 10 ** (num(a[1] ?? 0) ?? 0);
  return Math.round(x * p) / p;
});
define('rand', (a) => (a.length && a[0] !== null ? randomInt(Math.max(1, num(a[0]) ?? 1)) : Math.random()));
const pick = (better: (x: number, y: number) => boolean) => (a: Value[]) => {
  let best: Value = null;
  for (const v of a) if (v !== null && (best === null || better(v as number, best as number))) best = v;
  return best;
};
define('max_of', pick((x, y) => x > y));
define('min_of', pick((x, y) => x < y));
define('binary_and', (a) => Number(BigInt.asIntN(64, BigInt(num(a[0]) ?? 0) & BigInt(num(a[1]) ?? 0))));
define('binary_or', (a) => Number(BigInt.asIntN(64, BigInt(num(a[0]) ?? 0) | BigInt(num(a[1]) ?? 0))));
define('binary_xor', (a) => Number(BigInt.asIntN(64, BigInt(num(a[0]) ?? 0) ^ BigInt(num(a[1]) ?? 0))));
define('binary_not', (a) => Number(BigInt.asIntN(64, ~BigInt(num(a[0]) ?? 0))));
define('binary_shift_left', (a) => Number(BigInt.asIntN(64, BigInt(num(a[0]) ?? 0) << BigInt(num(a[1]) ?? 0))));
define('binary_shift_right', (a) => Number(BigInt.asIntN(64, BigInt(num(a[0]) ?? 0) >> BigInt(num(a[1]) ?? 0))));
define('tohex', (a) => { const x = num(a[0]); if (x === null) return ''; const h = (x < 0 ? BigInt.asUintN(64, BigInt(x)) : BigInt(x)).toString(16); return a.length > 1 ? h.padStart(num(a[1]) ?? 0, '0') : h; });

/** `a.b.c.d` -> 32-bit number, or null. */
export function ipv4ToNumber(s: string): number | null {
  const m = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\s*$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}
/** `a.b.c.d[/n]` -> [network, prefix length]. */
function ipv4Range(s: string, prefix?: number): [number, number] | null {
  const [ip, bits] = s.split('/');
  const n = ipv4ToNumber(ip);
  if (n === null) return null;
  const len = bits === undefined ? prefix ?? 32 : Number(bits);
  if (!(len >= 0 && len <= 32)) return null;
  return [n, len];
}
const mask = (len: number) => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
const ipArg = (a: Value[], i: CallInfo, k: number) => toStringValue(a[k], i.argTypes[k] ?? 'string');

define('ipv4_is_in_range', (a, i) => {
  const ip = ipv4ToNumber(ipArg(a, i, 0));
  const r = ipv4Range(ipArg(a, i, 1));
  if (ip === null || !r) return null;
  const m = mask(r[1]);
  return ((ip & m) >>> 0) === ((r[0] & m) >>> 0);
});
define('ipv4_is_in_any_range', (a, i) => {
  const ip = ipv4ToNumber(ipArg(a, i, 0));
  if (ip === null) return null;
  const ranges = a.slice(1).flatMap((v) => (Array.isArray(v) ? (v as unknown[]).map(String) : [String(v ?? '')]));
  return ranges.some((s) => { const r = ipv4Range(s); return !!r && ((ip & mask(r[1])) >>> 0) === ((r[0] & mask(r[1])) >>> 0); });
});
define(['ipv4_compare'], (a, i) => {
  const x = ipv4Range(ipArg(a, i, 0)), y = ipv4Range(ipArg(a, i, 1));
  if (!x || !y) return null;
  const m = mask(Math.min(x[1], y[1], a.length > 2 ? num(a[2]) ?? 32 : 32));
  const p = (x[0] & m) >>> 0, q = (y[0] & m) >>> 0;
  return p < q ? -1 : p > q ? 1 : 0;
});
define('ipv4_is_match', (a, i) => {
  const x = ipv4Range(ipArg(a, i, 0)), y = ipv4Range(ipArg(a, i, 1));
  if (!x || !y) return null;
  const m = mask(Math.min(x[1], y[1], a.length > 2 ? num(a[2]) ?? 32 : 32));
  return ((x[0] & m) >>> 0) === ((y[0] & m) >>> 0);
});
define('parse_ipv4', (a, i) => { const r = ipv4Range(ipArg(a, i, 0)); return r ? ((r[0] & mask(r[1])) >>> 0) : null; });
define('parse_ipv4_mask', (a, i) => { const r = ipv4Range(ipArg(a, i, 0), num(a[1]) ?? 32); return r ? ((r[0] & mask(r[1])) >>> 0) : null; });
define('format_ipv4', (a) => {
  const n = typeof a[0] === 'number' ? a[0] : ipv4ToNumber(String(a[0] ?? ''));
  if (n === null) return '';
  const m = (n & mask(a.length > 1 ? num(a[1]) ?? 32 : 32)) >>> 0;
  return [m >>> 24, (m >>> 16) & 255, (m >>> 8) & 255, m & 255].join('.');
});
define('ipv4_is_private', (a, i) => {
  const n = ipv4ToNumber(ipArg(a, i, 0));
  if (n === null) return null;
  const inRange = (net: string, len: number) => ((n & mask(len)) >>> 0) === ((ipv4ToNumber(net) as number) & mask(len)) >>> 0;
  return inRange('10.0.0.0', 8) || inRange('172.16.0.0', 12) || inRange('192.168.0.0', 16);
});
