/**
 * Reading typed scalars out of JSON cells, for sorting and filtering. The APIs send datetimes
 * as ISO 8601 strings with up to 7 fractional digits, timespans as `[-][d.]hh:mm:ss[.fffffff]`,
 * and 64-bit integers as numbers or (when too large for a double) as strings.
 */
import type { KqlType } from '../schema/schema';
import type { CellValue } from './resultSet';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Milliseconds since the epoch (fractions kept to a double's precision), or NaN. A time without
 * an offset is UTC, as the hunting APIs mean it.
 */
export function parseDateTime(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (frac) ms += Number(`0.${frac}`) * 1000;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

const TIMESPAN = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** A KQL/.NET timespan (`1.02:03:04.5`, `-00:00:01`) in milliseconds, or NaN. */
export function parseTimespan(text: string): number {
  const m = TIMESPAN.exec(text.trim());
  if (!m) return NaN;
  const [, neg, days = '0', h, mi, s, frac] = m;
  const ms = ((Number(days) * 24 + Number(h)) * 60 + Number(mi)) * 60_000 + Number(s) * 1000 + (frac ? Number(`0.${frac}`) * 1000 : 0);
  return neg ? -ms : ms;
}

/** True for the column types that sort and compare as numbers. */
export function isNumericType(type: KqlType): boolean {
  return type === 'long' || type === 'int' || type === 'real' || type === 'decimal' || type === 'bool' || type === 'datetime' || type === 'timespan';
}

/**
 * The number a cell stands for in a numeric column, or NaN (null, empty, unparseable).
 * Datetimes become epoch ms, timespans ms, booleans 0/1.
 */
export function numericValue(value: CellValue | undefined, type: KqlType): number {
  if (value === null || value === undefined) return NaN;
  switch (type) {
    case 'datetime': return typeof value === 'string' ? parseDateTime(value) : typeof value === 'number' ? value : NaN;
    case 'timespan': return typeof value === 'string' ? parseTimespan(value) : typeof value === 'number' ? value : NaN;
    case 'bool':
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string') return /^true$/i.test(value) ? 1 : /^false$/i.test(value) ? 0 : NaN;
      return typeof value === 'number' ? value : NaN;
    default:
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '') return Number(value);
      return NaN;
  }
}

/** Parses a filter operand typed by a user for a column of this type (dates may be partial: `2024-05-01`). */
export function parseOperand(text: string, type: KqlType): number {
  switch (type) {
    case 'datetime': return parseDateTime(text);
    case 'timespan': return parseTimespan(text);
    case 'bool': return /^true$/i.test(text.trim()) ? 1 : /^false$/i.test(text.trim()) ? 0 : NaN;
    default: return text.trim() === '' ? NaN : Number(text);
  }
}
