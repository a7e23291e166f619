/**
 * KQL datetime and timespan values. Both are plain numbers of 100-nanosecond ticks (datetimes
 * counted from the Unix epoch), so comparisons and arithmetic are ordinary number operations and
 * the 7 fractional digits the APIs print survive a round trip.
 */

export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;

export function ticksFromMs(ms: number): number {
  return ms * TICKS_PER_MS;
}

export function msFromTicks(ticks: number): number {
  return Math.floor(ticks / TICKS_PER_MS);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2024-05-01T10:00:00.1234567Z`: the APIs' datetime format (ISO 8601 UTC, 7 fractional digits). */
export function formatDateTime(ticks: number): string {
  const whole = Math.floor(ticks / TICKS_PER_SECOND);
  const fraction = Math.round(ticks - whole * TICKS_PER_SECOND);
  const d = new Date(whole * 1000);
  if (Number.isNaN(d.getTime())) return '';
  const year = d.getUTCFullYear();
  const y = year < 0 ? '-' + pad(-year, 6) : year > 9999 ? '+' + pad(year, 6) : pad(year, 4);
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(fraction, 7)}Z`;
}

/** `tostring(datetime)`: like the API format, without a zero fraction. */
export function dateTimeToString(ticks: number): string {
  const s = formatDateTime(ticks);
  return s.endsWith('.0000000Z') ? s.slice(0, -9) + 'Z' : s;
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

/**
 * Parses the datetime forms KQL accepts (ISO 8601 with a space or `T`, optional fraction of up to
 * 7 digits, `Z` or an offset; RFC 822/1123 such as `Sat, 8 Nov 2014 15:05:02 GMT`).
 * Returns ticks, or null when the text is not a datetime.
 */
export function parseDateTime(text: string): number | null {
  const s = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = iso;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
    if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
    if (zone && zone.toUpperCase() !== 'Z') {
      const m = /([+-])(\d{2}):?(\d{2})/.exec(zone);
      if (m) ms -= (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
    }
    const fractionTicks = frac ? Math.round(Number('0.' + frac) * TICKS_PER_SECOND) : 0;
    return ms * TICKS_PER_MS + fractionTicks;
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/.exec(s);
  if (us) {
    const [, mo, d, y, h = '0', mi = '0', sec = '0', frac = ''] = us;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)) * TICKS_PER_MS + (frac ? Math.round(Number('0.' + frac) * TICKS_PER_SECOND) : 0);
  }
  const rfc = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z)?$/.exec(s);
  if (rfc) {
    const month = MONTHS[rfc[2].toLowerCase()];
    if (month === undefined) return null;
    const year = rfc[3].length === 2 ? 2000 + Number(rfc[3]) : Number(rfc[3]);
    return Date.UTC(year, month, Number(rfc[1]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6] ?? 0)) * TICKS_PER_MS;
  }
  return null;
}

const UNIT_TICKS: Record<string, number> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR, hr: TICKS_PER_HOUR, hrs: TICKS_PER_HOUR, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE, min: TICKS_PER_MINUTE, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND, sec: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS, milli: TICKS_PER_MS, millis: TICKS_PER_MS, millisecond: TICKS_PER_MS, milliseconds: TICKS_PER_MS,
  microsecond: 10, microseconds: 10, tick: 1, ticks: 1,
};

/**
 * Parses KQL timespans: `1d`, `1.5h`, `30m`, `10s`, `100ms`, `2tick`, `time(1.02:03:04.5)`,
 * `timespan(2d)`, and the `[-][d.]hh:mm[:ss[.fffffff]]` form. Returns ticks or null.
 */
export function parseTimespan(text: string): number | null {
  let s = text.trim();
  const wrapped = /^(?:time|timespan)\s*\(\s*(.*?)\s*\)$/i.exec(s);
  if (wrapped) s = wrapped[1];
  if (/^null$/i.test(s)) return null;
  const unit = /^(-?\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(s);
  if (unit) {
    const factor = UNIT_TICKS[unit[2].toLowerCase()];
    return factor === undefined ? null : Math.round(Number(unit[1]) * factor);
  }
  const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (clock) {
    const [, neg, d = '0', h, mi, sec = '0', frac = ''] = clock;
    const ticks = Number(d) * TICKS_PER_DAY + Number(h) * TICKS_PER_HOUR + Number(mi) * TICKS_PER_MINUTE + Number(sec) * TICKS_PER_SECOND
      + (frac ? Math.round(Number('0.' + frac) * TICKS_PER_SECOND) : 0);
    return neg ? -ticks : ticks;
  }
  if (/^-?\d+$/.test(s)) return Number(s) * TICKS_PER_DAY; // a bare number of days
  return null;
}

/** `[-][d.]hh:mm:ss[.fffffff]`, as .NET's TimeSpan and the APIs print it. */
export function formatTimespan(ticks: number): string {
  const neg = ticks < 0;
  let t = Math.abs(Math.round(ticks));
  const days = Math.floor(t / TICKS_PER_DAY); t -= days * TICKS_PER_DAY;
  const hours = Math.floor(t / TICKS_PER_HOUR); t -= hours * TICKS_PER_HOUR;
  const minutes = Math.floor(t / TICKS_PER_MINUTE); t -= minutes * TICKS_PER_MINUTE;
  const seconds = Math.floor(t / TICKS_PER_SECOND); t -= seconds * TICKS_PER_SECOND;
  return `${neg ? '-' : ''}${days ? days + '.' : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}${t ? '.' + pad(t, 7) : ''}`;
}

/** Start of the UTC day/week/month/year containing `ticks`. */
export function startOf(unit: 'day' | 'week' | 'month' | 'year', ticks: number, offset = 0): number {
  const d = new Date(msFromTicks(ticks));
  let ms: number;
  switch (unit) {
    case 'day': ms = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + offset); break;
    case 'week': ms = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay() + 7 * offset); break;
    case 'month': ms = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1); break;
    case 'year': ms = Date.UTC(d.getUTCFullYear() + offset, 0, 1); break;
  }
  return ms * TICKS_PER_MS;
}

/** End of the period: the last tick before the next period starts. */
export function endOf(unit: 'day' | 'week' | 'month' | 'year', ticks: number, offset = 0): number {
  return startOf(unit, ticks, offset + 1) - 1;
}
