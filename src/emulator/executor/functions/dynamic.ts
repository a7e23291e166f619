/** Functions over dynamic values: JSON parsing, bags and arrays, sets. */
import { compareValues, dynamicTypeName, keyOf, toDynamic, toStringValue, type Value } from '../values';
import { define, num, str, type CallInfo } from './registry';

/** parse_json: strings become JSON (or stay strings when they are not JSON); others pass through. */
export function parseJson(v: Value, t: string): unknown {
  if (t !== 'string') return t === 'dynamic' ? v : v;
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s === '') return null;
  try { return JSON.parse(s); } catch { return v; }
}
define(['parse_json', 'todynamic', 'parsejson', 'toobject'], (a, i) => parseJson(a[0], i.argTypes[0] ?? 'string') as Value);

const dyn = (a: Value[], i: CallInfo, k: number): unknown => toDynamic(a[k], i.argTypes[k] ?? 'dynamic');
const arr = (v: Value): unknown[] | null => (Array.isArray(v) ? (v as unknown[]) : null);
const bag = (v: Value): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

define(['pack', 'bag_pack'], (a, i) => {
  const out: Record<string, unknown> = {};
  for (let k = 0; k + 1 < a.length; k += 2) out[toStringValue(a[k], i.argTypes[k] ?? 'string')] = dyn(a, i, k + 1);
  return out;
});
define('pack_array', (a, i) => a.map((_, k) => dyn(a, i, k)));
define(['array_length'], (a) => { const x = arr(a[0]); return x ? x.length : null; });
define('array_index_of', (a, i) => {
  const x = arr(a[0]);
  if (!x) return null;
  const target = keyOf(dyn(a, i, 1) as Value);
  return x.findIndex((e) => keyOf(e as Value) === target);
});
define('array_concat', (a) => a.flatMap((v) => arr(v) ?? []));
define('array_slice', (a) => {
  const x = arr(a[0]);
  if (!x) return null;
  const n = x.length;
  let s = num(a[1]) ?? 0, e = num(a[2]) ?? n - 1;
  if (s < 0) s += n;
  if (e < 0) e += n;
  return x.slice(Math.max(0, s), Math.min(n, e + 1));
});
define('array_reverse', (a) => { const x = arr(a[0]); return x ? [...x].reverse() : null; });
define('array_sort_asc', (a) => { const x = arr(a[0]); return x ? [...x].sort((p, q) => compareValues(p as Value, q as Value)) : null; });
define('array_sort_desc', (a) => { const x = arr(a[0]); return x ? [...x].sort((p, q) => compareValues(q as Value, p as Value)) : null; });
define('array_sum', (a) => { const x = arr(a[0]); return x ? x.reduce((s: number, v) => s + (typeof v === 'number' ? v : 0), 0) : null; });
define('array_split', (a) => {
  const x = arr(a[0]);
  if (!x) return null;
  const cuts = (Array.isArray(a[1]) ? (a[1] as number[]) : [num(a[1]) ?? 0]).map((c) => (c < 0 ? x.length + c : c)).sort((p, q) => p - q);
  const out: unknown[][] = [];
  let prev = 0;
  for (const c of cuts) { out.push(x.slice(prev, c)); prev = c; }
  out.push(x.slice(prev));
  return out;
});
define('strcat_array', (a, i) => { const x = arr(a[0]); return x ? x.map((v) => toStringValue(v as Value, typeof v === 'string' ? 'string' : 'dynamic')).join(toStringValue(a[1], i.argTypes[1] ?? 'string')) : ''; });
define('range', (a) => {
  const start = num(a[0]), stop = num(a[1]);
  const step = a.length > 2 ? num(a[2]) ?? 1 : 1;
  if (start === null || stop === null || step === 0) return null;
  const out: number[] = [];
  for (let v = start; step > 0 ? v <= stop : v >= stop; v += step) { out.push(v); if (out.length > 1_048_576) break; }
  return out;
});
define('repeat', (a, i) => { const n = Math.max(0, Math.min(num(a[1]) ?? 0, 1_048_576)); return Array(n).fill(dyn(a, i, 0)); });
define('zip', (a) => {
  const arrays = a.map((v) => arr(v) ?? []);
  const n = Math.max(0, ...arrays.map((x) => x.length));
  return Array.from({ length: n }, (_, k) => arrays.map((x) => (k < x.length ? x[k] : null)));
});

function setOp(a: Value[], combine: (sets: Set<string>[], first: unknown[]) => unknown[]): unknown[] | null {
  const arrays = a.map(arr);
  if (arrays.some((x) => !x)) return null;
  return combine(arrays.map((x) => new Set((x as unknown[]).map((v) => keyOf(v as Value)))), arrays[0] as unknown[]);
}
const distinctBy = (xs: unknown[]) => { const seen = new Set<string>(); return xs.filter((v) => { const k = keyOf(v as Value); if (seen.has(k)) return false; seen.add(k); return true; }); };
define('set_union', (a) => setOp(a, () => distinctBy(a.flatMap((v) => arr(v) ?? []))));
define('set_intersect', (a) => setOp(a, (sets, first) => distinctBy(first).filter((v) => sets.every((s) => s.has(keyOf(v as Value))))));
define('set_difference', (a) => setOp(a, (sets, first) => distinctBy(first).filter((v) => !sets.slice(1).some((s) => s.has(keyOf(v as Value))))));
define('set_has_element', (a, i) => { const x = arr(a[0]); if (!x) return null; const k = keyOf(dyn(a, i, 1) as Value); return x.some((v) => keyOf(v as Value) === k); });

define('bag_keys', (a) => { const b = bag(a[0]); return b ? Object.keys(b) : null; });
define('bag_has_key', (a, i) => { const b = bag(a[0]); return b ? Object.prototype.hasOwnProperty.call(b, toStringValue(a[1], i.argTypes[1] ?? 'string')) : false; });
define('bag_merge', (a) => {
  const out: Record<string, unknown> = {};
  for (const v of a) { const b = bag(v); if (b) for (const [k, x] of Object.entries(b)) if (!(k in out)) out[k] = x; }
  return out;
});
define('bag_remove_keys', (a) => {
  const b = bag(a[0]);
  if (!b) return null;
  const drop = new Set((arr(a[1]) ?? []).map((k) => String(k)));
  return Object.fromEntries(Object.entries(b).filter(([k]) => !drop.has(k)));
});
define('bag_set_key', (a, i) => { const b = bag(a[0]); return b ? { ...b, [str(a[1])]: dyn(a, i, 2) } : null; });

define('gettype', (a, i) => {
  const t = i.argTypes[0] ?? 'dynamic';
  if (t !== 'dynamic') return t === 'long' ? 'long' : t === 'real' ? 'real' : t === 'bool' ? 'bool' : t;
  return dynamicTypeName(a[0]);
});

/** extractjson('$.a.b[0]', json): a small JSONPath subset ($, .name, ['name'], [index]). */
function jsonPath(path: string, doc: unknown): unknown {
  const steps = path.trim().replace(/^\$/, '').match(/\.[^.[\]]+|\[\s*'[^']*'\s*\]|\[\s*"[^"]*"\s*\]|\[\s*-?\d+\s*\]/g) ?? [];
  let cur: unknown = doc;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object') return undefined;
    let key: string | number;
    if (s.startsWith('.')) key = s.slice(1);
    else {
      const inner = s.slice(1, -1).trim();
      key = /^-?\d+$/.test(inner) ? Number(inner) : inner.slice(1, -1);
    }
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
define(['extractjson', 'extract_json'], (a, i) => {
  const doc = parseJson(a[1], i.argTypes[1] ?? 'string');
  const v = jsonPath(str(a[0]), doc);
  if (v === undefined || v === null) return i.resultType === 'string' ? '' : null;
  if (i.resultType === 'string') return typeof v === 'string' ? v : JSON.stringify(v);
  return v as Value;
});
define('treepath', (a) => {
  const out: string[] = [];
  const walk = (v: unknown, p: string) => {
    if (v && typeof v === 'object') {
      if (Array.isArray(v)) { out.push(p + '[0]'); v.forEach((x) => walk(x, p + '[0]')); } else for (const [k, x] of Object.entries(v)) { out.push(`${p}['${k}']`); walk(x, `${p}['${k}']`); }
    }
  };
  walk(a[0], '$');
  return [...new Set(out)];
});
