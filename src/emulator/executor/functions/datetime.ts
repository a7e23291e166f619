/** Datetime and timespan functions, plus bin()/floor(), which also rounds numbers. */
import { QueryError } from '../errors';
import {
  endOf, msFromTicks, startOf, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND,
} from '../time';
import type { Value } from '../values';
import { define, num, str, type CallInfo } from './registry';

define('now', (a, i) => i.ctx.now + (a.length ? (num(a[0]) ?? 0) : 0));
define('ago', (a, i) => (a[0] === null ? null : i.ctx.now - (a[0] as number)));

const PART_TICKS: Record<string, number> = {
  day: TICKS_PER_DAY, days: TICKS_PER_DAY, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND, millisecond: TICKS_PER_MS, milliseconds: TICKS_PER_MS,
  microsecond: 10, microseconds: 10, nanosecond: 0.01, nanoseconds: 0.01, week: 7 * TICKS_PER_DAY, weeks: 7 * TICKS_PER_DAY,
};

function part(info: CallInfo, v: Value): string {
  const p = str(v).toLowerCase();
  if (!p) throw new QueryError(`${info.name}(): a date part is required`, 'runtime');
  return p;
}

define('datetime_add', (a, i) => {
  const p = part(i, a[0]);
  const amount = num(a[1]);
  const dt = a[2] as number | null;
  if (amount === null || dt === null) return null;
  if (p in PART_TICKS) return dt + amount * PART_TICKS[p];
  const d = new Date(msFromTicks(dt));
  const sub = dt - msFromTicks(dt) * TICKS_PER_MS;
  if (p === 'month' || p === 'months') d.setUTCMonth(d.getUTCMonth() + amount);
  else if (p === 'quarter') d.setUTCMonth(d.getUTCMonth() + 3 * amount);
  else if (p === 'year' || p === 'years') d.setUTCFullYear(d.getUTCFullYear() + amount);
  else throw new QueryError(`datetime_add(): unknown date part '${p}'`, 'runtime');
  return d.getTime() * TICKS_PER_MS + sub;
});

define('datetime_diff', (a, i) => {
  const p = part(i, a[0]);
  const x = a[1] as number | null, y = a[2] as number | null;
  if (x === null || y === null) return null;
  const dx = new Date(msFromTicks(x)), dy = new Date(msFromTicks(y));
  switch (p) {
    case 'year': return dx.getUTCFullYear() - dy.getUTCFullYear();
    case 'quarter': return (dx.getUTCFullYear() - dy.getUTCFullYear()) * 4 + Math.floor(dx.getUTCMonth() / 3) - Math.floor(dy.getUTCMonth() / 3);
    case 'month': return (dx.getUTCFullYear() - dy.getUTCFullYear()) * 12 + dx.getUTCMonth() - dy.getUTCMonth();
    case 'week': return Math.floor((startOfWeek(x) - startOfWeek(y)) / (7 * TICKS_PER_DAY));
    default: {
      const unit = PART_TICKS[p];
      if (!unit) throw new QueryError(`datetime_diff(): unknown date part '${p}'`, 'runtime');
      // counts boundaries crossed, as Kusto does
      return Math.floor(x / unit) - Math.floor(y / unit);
    }
  }
});
const startOfWeek = (t: number) => startOf('week', t);

function datePart(p: string, t: number): number {
  const d = new Date(msFromTicks(t));
  switch (p) {
    case 'year': return d.getUTCFullYear();
    case 'quarter': return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'month': return d.getUTCMonth() + 1;
    case 'weekofyear': case 'week_of_year': return weekOfYear(t);
    case 'day': return d.getUTCDate();
    case 'dayofyear': return dayOfYear(t);
    case 'hour': return d.getUTCHours();
    case 'minute': return d.getUTCMinutes();
    case 'second': return d.getUTCSeconds();
    case 'millisecond': return d.getUTCMilliseconds();
    case 'microsecond': return Math.floor((t % TICKS_PER_SECOND) / 10);
    case 'nanosecond': return (t % TICKS_PER_SECOND) * 100;
    default: throw new QueryError(`datetime_part(): unknown date part '${p}'`, 'runtime');
  }
}
const dayOfYear = (t: number) => Math.floor((startOf('day', t) - startOf('year', t)) / TICKS_PER_DAY) + 1;
function weekOfYear(t: number): number {
  // ISO 8601 week number
  const d = new Date(msFromTicks(startOf('day', t)));
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  return 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
}

const nn = (f: (t: number) => Value) => (a: Value[]) => (a[0] === null ? null : f(a[0] as number));
define('datetime_part', (a, i) => (a[1] === null ? null : datePart(part(i, a[0]), a[1] as number)));
define('getyear', nn((t) => datePart('year', t)));
define('getmonth', nn((t) => datePart('month', t)));
define('monthofyear', nn((t) => datePart('month', t)));
define('dayofmonth', nn((t) => datePart('day', t)));
define('dayofyear', nn(dayOfYear));
define('hourofday', nn((t) => datePart('hour', t)));
define('weekofyear', nn(weekOfYear));
define('week_of_year', nn(weekOfYear));
define('dayofweek', nn((t) => new Date(msFromTicks(t)).getUTCDay() * TICKS_PER_DAY));

for (const unit of ['day', 'week', 'month', 'year'] as const) {
  define(`startof${unit}`, (a) => (a[0] === null ? null : startOf(unit, a[0] as number, num(a[1] ?? 0) ?? 0)));
  define(`endof${unit}`, (a) => (a[0] === null ? null : endOf(unit, a[0] as number, num(a[1] ?? 0) ?? 0)));
}

define('unixtime_seconds_todatetime', (a) => (a[0] === null ? null : (a[0] as number) * TICKS_PER_SECOND));
define('unixtime_milliseconds_todatetime', (a) => (a[0] === null ? null : (a[0] as number) * TICKS_PER_MS));
define('unixtime_microseconds_todatetime', (a) => (a[0] === null ? null : (a[0] as number) * 10));
define('unixtime_nanoseconds_todatetime', (a) => (a[0] === null ? null : (a[0] as number) / 100));
define('datetime_list_timezones', () => []);

define('make_datetime', (a) => {
  const [y, mo, d, h, mi, s] = a.map((v) => num(v) ?? 0);
  if (a[0] === null) return null;
  const whole = Math.floor(s ?? 0);
  return Date.UTC(y, (mo || 1) - 1, d || 1, h ?? 0, mi ?? 0, whole) * TICKS_PER_MS + Math.round(((s ?? 0) - whole) * TICKS_PER_SECOND);
});
define('make_timespan', (a) => {
  const v = a.map((x) => num(x) ?? 0);
  if (v.length === 2) return v[0] * TICKS_PER_HOUR + v[1] * TICKS_PER_MINUTE;
  if (v.length === 3) return v[0] * TICKS_PER_HOUR + v[1] * TICKS_PER_MINUTE + Math.round(v[2] * TICKS_PER_SECOND);
  return v[0] * TICKS_PER_DAY + v[1] * TICKS_PER_HOUR + v[2] * TICKS_PER_MINUTE + Math.round(v[3] * TICKS_PER_SECOND);
});

/** bin(value, size): rounds down to a multiple of size (numbers, datetimes, timespans). */
function bin(v: Value, size: Value, at = 0): Value {
  if (v === null || size === null) return null;
  const x = v as number, s = size as number;
  if (s <= 0) return null;
  return Math.floor((x - at) / s) * s + at;
}

/** .NET ticks of the Unix epoch: Kusto bins datetimes from 0001-01-01 (so 7d bins start on Mondays). */
const DOTNET_EPOCH_TICKS = 621_355_968_000_000_000n;
const datetimeBinOrigin = new Map<number, number>();
function binDatetime(v: Value, size: Value): Value {
  if (v === null || size === null || (size as number) <= 0 || !Number.isInteger(size)) return bin(v, size);
  let origin = datetimeBinOrigin.get(size as number);
  if (origin === undefined) {
    origin = -Number(DOTNET_EPOCH_TICKS % BigInt(size as number));
    datetimeBinOrigin.set(size as number, origin);
  }
  return bin(v, size, origin);
}
define(['bin', 'floor'], (a, i) => (i.argTypes[0] === 'datetime' ? binDatetime(a[0], a[1]) : bin(a[0], a[1])));
define('bin_at', (a) => bin(a[0], a[1], (a[2] as number | null) ?? 0));

const pad = (n: number, w: number) => String(n).padStart(w, '0');

define('format_datetime', (a) => {
  if (a[0] === null) return '';
  const t = a[0] as number;
  const d = new Date(msFromTicks(t));
  const frac = String(Math.floor(((t % TICKS_PER_SECOND) + TICKS_PER_SECOND) % TICKS_PER_SECOND)).padStart(7, '0');
  const h = d.getUTCHours();
  const tokens: Record<string, () => string> = {
    yyyy: () => pad(d.getUTCFullYear(), 4), yy: () => pad(d.getUTCFullYear() % 100, 2),
    MM: () => pad(d.getUTCMonth() + 1, 2), M: () => String(d.getUTCMonth() + 1),
    dd: () => pad(d.getUTCDate(), 2), d: () => String(d.getUTCDate()),
    HH: () => pad(h, 2), H: () => String(h), hh: () => pad(h % 12 || 12, 2), h: () => String(h % 12 || 12),
    mm: () => pad(d.getUTCMinutes(), 2), m: () => String(d.getUTCMinutes()),
    ss: () => pad(d.getUTCSeconds(), 2), s: () => String(d.getUTCSeconds()), tt: () => (h < 12 ? 'AM' : 'PM'),
  };
  for (let n = 1; n <= 7; n++) tokens['f'.repeat(n)] = () => frac.slice(0, n);
  return str(a[1]).replace(/yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|tt|f{1,7}/g, (tok) => tokens[tok]());
});

define('format_timespan', (a) => {
  if (a[0] === null) return '';
  const t = a[0] as number;
  const neg = t < 0;
  let r = Math.abs(t);
  const d = Math.floor(r / TICKS_PER_DAY); r -= d * TICKS_PER_DAY;
  const h = Math.floor(r / TICKS_PER_HOUR); r -= h * TICKS_PER_HOUR;
  const m = Math.floor(r / TICKS_PER_MINUTE); r -= m * TICKS_PER_MINUTE;
  const s = Math.floor(r / TICKS_PER_SECOND); r -= s * TICKS_PER_SECOND;
  const frac = pad(r, 7);
  const out = str(a[1]).replace(/d{1,8}|hh|h|HH|H|mm|m|ss|s|f{1,7}/g, (tok) => {
    if (tok[0] === 'd') return pad(d, tok.length);
    if (tok[0] === 'f') return frac.slice(0, tok.length);
    const v = tok[0].toLowerCase() === 'h' ? h : tok[0] === 'm' ? m : s;
    return tok.length === 2 ? pad(v, 2) : String(v);
  });
  return neg ? '-' + out : out;
});
