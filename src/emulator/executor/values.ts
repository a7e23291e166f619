/**
 * How the executor holds KQL values in JavaScript. Each expression's static type comes from
 * Kusto.Language's binder, so values need no runtime tags:
 *  - string: a JS string (KQL strings are never null; a missing string is "")
 *  - long, int, real, decimal: a JS number (NaN/±Infinity for real)
 *  - bool: a JS boolean
 *  - datetime: ticks (100 ns) since the Unix epoch; timespan: ticks
 *  - guid: a lowercase string
 *  - dynamic: a JSON value (object, array, string, number, boolean or null); datetimes inside
 *    dynamic values are ISO strings, as in Kusto
 *  - null: a missing value of any non-string type
 */
import type { KqlType } from '../../core/schema/schema';
import { dateTimeToString, formatTimespan, parseDateTime, parseTimespan } from './time';

export type Value = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };
export type Row = Value[];

export interface Column {
  readonly name: string;
  readonly type: KqlType;
}

/** A table flowing between operators: columns plus row-major values. */
export interface Table {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
}

/** KQL type names as Kusto.Language spells them (also `dynamic(...)` subtypes) -> our KqlType. */
export function normalizeType(name: string | null | undefined): KqlType {
  const n = (name ?? '').toLowerCase();
  if (n.startsWith('dynamic') || n === 'bag' || n === 'array') return 'dynamic';
  switch (n) {
    case 'string': case 'long': case 'int': case 'real': case 'decimal': case 'bool': case 'datetime': case 'timespan': case 'guid':
      return n;
    case 'double': return 'real';
    case 'boolean': return 'bool';
    case 'date': return 'datetime';
    case 'time': return 'timespan';
    case 'uniqueid': return 'guid';
    case 'int64': return 'long';
    case 'int32': return 'int';
    default: return 'dynamic';
  }
}

export function isNumericType(t: KqlType): boolean {
  return t === 'long' || t === 'int' || t === 'real' || t === 'decimal';
}

/** The default (null) value of a type. */
export function nullOf(t: KqlType): Value {
  return t === 'string' ? '' : null;
}

/** A scalar of type `t` as a dynamic (JSON) value: datetimes and timespans become strings. */
export function toDynamic(v: Value, t: KqlType): unknown {
  if (v === null || v === undefined) return null;
  switch (t) {
    case 'datetime': return dateTimeToString(v as number);
    case 'timespan': return formatTimespan(v as number);
    case 'real': case 'decimal': return Number.isFinite(v as number) ? v : String(v);
    default: return v;
  }
}

/** `tostring(v)` for a value of static type `t`. */
export function toStringValue(v: Value, t: KqlType): string {
  if (v === null || v === undefined) return '';
  switch (t) {
    case 'string': case 'guid': return v as string;
    case 'datetime': return dateTimeToString(v as number);
    case 'timespan': return formatTimespan(v as number);
    case 'bool': return v ? 'true' : 'false';
    case 'dynamic': return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'real': case 'decimal': return numberToString(v as number);
    default: return String(v);
  }
}

export function numberToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** Converts a value of static type `from` to type `to` the way KQL's to*() functions do (null on failure). */
export function convert(v: Value, from: KqlType, to: KqlType): Value {
  if (v === null || v === undefined) return nullOf(to);
  if (from === to) return v;
  switch (to) {
    case 'string': return toStringValue(v, from);
    case 'dynamic': return toDynamic(v, from) as Value;
    case 'long': case 'int': {
      const n = toNumber(v, from);
      return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
    }
    case 'real': case 'decimal': return toNumber(v, from);
    case 'bool': {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string') {
        const s = v.trim().toLowerCase();
        if (s === 'true' || s === '1') return true;
        if (s === 'false' || s === '0') return false;
      }
      return null;
    }
    case 'datetime': {
      if (typeof v === 'string') return parseDateTime(v);
      if (from === 'datetime') return v;
      return null;
    }
    case 'timespan': {
      if (typeof v === 'string') return parseTimespan(v);
      if (typeof v === 'number' && (from === 'long' || from === 'int' || from === 'real')) return v; // ticks
      return null;
    }
    case 'guid': {
      const s = String(v).trim().toLowerCase().replace(/^\{|\}$/g, '');
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s) ? s : null;
    }
  }
}

function toNumber(v: Value, from: KqlType): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    if (/^[+-]?0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
    const n = Number(s);
    if (!Number.isNaN(n)) return n;
    if (/^nan$/i.test(s)) return NaN;
    return null;
  }
  void from;
  return null;
}

/**
 * Order of two values of the same type, for sort/top/min/max: numbers and ticks numerically,
 * strings ordinally, booleans false < true, dynamic by its JSON text. Nulls are handled by callers.
 */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const sa = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const sb = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A grouping key: equal KQL values give equal keys (used by summarize, distinct, join). */
export function keyOf(v: Value): string {
  if (v === null || v === undefined) return '\u0000null';
  switch (typeof v) {
    case 'string': return 's' + v;
    case 'number': return 'n' + v;
    case 'boolean': return v ? 'T' : 'F';
    default: return 'j' + JSON.stringify(v);
  }
}

/** Equality for `==` on values of the same static type (null handling is the caller's). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** A value read from a dynamic, converted for use as a scalar of type `t`. */
export function fromDynamic(v: unknown, t: KqlType): Value {
  if (v === undefined) return nullOf(t);
  if (t === 'dynamic') return v as Value;
  return convert(v as Value, typeof v === 'string' ? 'string' : typeof v === 'number' ? 'real' : typeof v === 'boolean' ? 'bool' : 'dynamic', t);
}

/** The KQL type of a dynamic value, for gettype() and for comparisons inside dynamic. */
export function dynamicTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(v) ? 'long' : 'real';
    case 'object': return 'dictionary';
    default: return 'unknown';
  }
}
