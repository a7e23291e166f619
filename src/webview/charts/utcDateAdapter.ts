/**
 * Chart.js's time scale needs a date adapter; the published ones wrap a date library (date-fns,
 * Luxon, Moment). Hunting data is UTC, and the axis needs only tick steps and short labels, so
 * this adapter does that arithmetic on epoch milliseconds in UTC and formats with fixed
 * patterns. The format names are the adapter's own (Chart.js passes back what `formats()` gave).
 */
import { _adapters, type TimeUnit } from 'chart.js';

const MS: Partial<Record<TimeUnit, number>> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Labels per tick unit; `datetime` is the tooltip's. All UTC. */
export const FORMATS = {
  datetime: 'datetime', millisecond: 'millisecond', second: 'second', minute: 'minute', hour: 'hour',
  day: 'day', week: 'day', month: 'month', quarter: 'month', year: 'year',
} as const;

export function formatUtc(ms: number, format: string): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  switch (format) {
    case 'millisecond': return `${hm}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
    case 'second': return `${hm}:${pad(d.getUTCSeconds())}`;
    case 'minute': case 'hour': return hm === '00:00' ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}` : hm;
    case 'day': return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
    case 'month': return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    case 'year': return String(d.getUTCFullYear());
    default: {
      const s = d.getUTCSeconds(), msPart = d.getUTCMilliseconds();
      return `${date} ${hm}${s || msPart ? ':' + pad(s) : ''}${msPart ? '.' + pad(msPart, 3) : ''} UTC`;
    }
  }
}

export function startOfUtc(ms: number, unit: TimeUnit | 'isoWeek', weekday = 1): number {
  const d = new Date(ms);
  switch (unit) {
    case 'year': return Date.UTC(d.getUTCFullYear(), 0, 1);
    case 'quarter': return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case 'month': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'week': case 'isoWeek': {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      const start = unit === 'isoWeek' ? weekday : 0;
      return day - ((d.getUTCDay() - start + 7) % 7) * 86_400_000;
    }
    default: {
      const step = MS[unit] ?? 1;
      return Math.floor(ms / step) * step;
    }
  }
}

export function addUtc(ms: number, amount: number, unit: TimeUnit): number {
  if (unit === 'month' || unit === 'quarter' || unit === 'year') {
    const d = new Date(ms);
    const months = amount * (unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  }
  return ms + amount * (MS[unit] ?? 1);
}

export function diffUtc(a: number, b: number, unit: TimeUnit): number {
  if (unit === 'month' || unit === 'quarter' || unit === 'year') {
    const da = new Date(a), db = new Date(b);
    const months = (da.getUTCFullYear() - db.getUTCFullYear()) * 12 + da.getUTCMonth() - db.getUTCMonth();
    return unit === 'year' ? months / 12 : unit === 'quarter' ? months / 3 : months;
  }
  return (a - b) / (MS[unit] ?? 1);
}

let installed = false;

/** Makes Chart.js's time scale use this adapter (once per page). */
export function installUtcDateAdapter(): void {
  if (installed) return;
  installed = true;
  _adapters._date.override({
    formats: () => FORMATS,
    parse: (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' ? (Number.isFinite(Date.parse(value)) ? Date.parse(value) : null) : null),
    format: (timestamp: number, format: string) => formatUtc(timestamp, format),
    add: (timestamp: number, amount: number, unit: TimeUnit) => addUtc(timestamp, amount, unit),
    diff: (a: number, b: number, unit: TimeUnit) => diffUtc(a, b, unit),
    startOf: (timestamp: number, unit: TimeUnit | 'isoWeek', weekday?: number) => startOfUtc(timestamp, unit, weekday),
    endOf: (timestamp: number, unit: TimeUnit | 'isoWeek') => addUtc(startOfUtc(timestamp, unit), 1, unit === 'isoWeek' ? 'week' : unit) - 1,
  });
}
