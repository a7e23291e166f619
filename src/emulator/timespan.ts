/**
 * The Graph request's `Timespan`: an ISO 8601 time interval that limits every table's Timestamp.
 * Accepted forms (api-spec.md §2.1): `<start>/<end>`, `<duration>/<end>`, `<start>/<duration>`, a
 * bare duration looking back from now (`P7D`, `PT12H`), and a single start datetime (end = now).
 * Omitted: the last 30 days.
 */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, parseDateTime } from './executor/time';

export interface TimeWindow {
  /** Inclusive bounds in ticks. */
  readonly from: number;
  readonly to: number;
}

export class TimespanError extends Error {}

const DURATION = /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** An ISO 8601 duration in ticks (years as 365 days, months as 30 days). */
export function parseIsoDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, w, d, h, mi, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return Math.round(((y as number) * 365 + (mo as number) * 30 + (w as number) * 7 + (d as number)) * TICKS_PER_DAY
    + (h as number) * TICKS_PER_HOUR + (mi as number) * TICKS_PER_MINUTE + (s as number) * TICKS_PER_SECOND);
}

function instant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  return parseDateTime(text) ?? undefined;
}

export const DEFAULT_WINDOW_DAYS = 30;

/** Resolves a Timespan against `nowMs`; throws TimespanError with a message for the 400. */
export function resolveTimespan(timespan: unknown, nowMs: number): TimeWindow {
  const now = nowMs * TICKS_PER_MS;
  if (timespan === undefined || timespan === null || timespan === '') return { from: now - DEFAULT_WINDOW_DAYS * TICKS_PER_DAY, to: now };
  if (typeof timespan !== 'string') throw new TimespanError('Timespan must be an ISO 8601 interval string');
  const text = timespan.trim();
  const parts = text.split('/');
  let from: number | undefined;
  let to: number | undefined;
  if (parts.length === 1) {
    const duration = parseIsoDuration(text);
    if (duration !== undefined) { from = now - duration; to = now; } else { from = instant(text); to = now; }
  } else if (parts.length === 2) {
    const [a, b] = parts;
    const da = parseIsoDuration(a), db = parseIsoDuration(b);
    const ia = instant(a), ib = instant(b);
    if (ia !== undefined && ib !== undefined) { from = ia; to = ib; } else if (da !== undefined && ib !== undefined) { from = ib - da; to = ib; } else if (ia !== undefined && db !== undefined) { from = ia; to = ia + db; }
  }
  if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to)) {
    throw new TimespanError(`Invalid Timespan '${text.slice(0, 100)}': expected an ISO 8601 interval such as 'P7D', '2024-02-01T08:00:00Z/2024-02-15T08:00:00Z', 'P30D/<end>' or '<start>/P1D'`);
  }
  if (from > to) throw new TimespanError(`Invalid Timespan '${text.slice(0, 100)}': the start is after the end`);
  return { from, to };
}
