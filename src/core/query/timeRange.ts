/**
 * Time ranges for a hunt: the presets of the status bar picker and custom ISO 8601 input, turned
 * into Graph's `Timespan` (api-spec.md §2.1: `start/end`, `start/duration`, `duration/end`, a
 * bare duration looking back from now, or a single start). Graph applies the shorter of this
 * window and any time filter in the query; the legacy API has no such parameter.
 *
 * Input is validated and normalised here so the service never sees a malformed window: datetimes
 * become UTC `YYYY-MM-DDTHH:MM:SSZ` (no zone given = UTC), durations are upper-cased.
 */
import type { TimeRangeChoice } from '../results/huntRun';

export type TimeRangePresetId = '1h' | '24h' | '7d' | '30d';

export interface TimeRangePreset extends TimeRangeChoice {
  readonly id: TimeRangePresetId;
  readonly timespan: string;
}

export const TIME_RANGE_PRESETS: readonly TimeRangePreset[] = [
  { id: '1h', label: 'Last hour', timespan: 'PT1H' },
  { id: '24h', label: 'Last 24 hours', timespan: 'P1D' },
  { id: '7d', label: 'Last 7 days', timespan: 'P7D' },
  { id: '30d', label: 'Last 30 days', timespan: 'P30D' },
];

export const DEFAULT_TIME_RANGE: TimeRangePresetId = '7d';

/** Defender keeps native data this long; longer windows only help for Sentinel tables. */
const RETENTION_MS = 30 * 86_400_000;
/** Clock skew tolerated before a start counts as "in the future". */
const SKEW_MS = 5 * 60_000;

export type TimeRangeParse =
  | { readonly ok: true; readonly value: TimeRangeChoice; readonly warning?: string }
  | { readonly ok: false; readonly error: string };

export function isPresetId(v: unknown): v is TimeRangePresetId {
  return TIME_RANGE_PRESETS.some((p) => p.id === v);
}

export function presetTimeRange(id: TimeRangePresetId): TimeRangePreset {
  const p = TIME_RANGE_PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown time range preset ${String(id)}`);
  return p;
}

/** A setting value (a preset id or custom ISO 8601 text) -> a choice; unreadable values give the default. */
export function timeRangeFromSetting(value: string | undefined, now = Date.now()): TimeRangeChoice {
  if (value && isPresetId(value)) return presetTimeRange(value);
  if (value) {
    const parsed = parseCustomTimeRange(value, now);
    if (parsed.ok) return parsed.value;
  }
  return presetTimeRange(DEFAULT_TIME_RANGE);
}

/**
 * Parses what a user typed for a custom range: `<start>/<end>`, `<start>/<duration>`,
 * `<duration>/<end>`, `<duration>` or `<start>`. Datetimes are ISO 8601 (`2026-11-01`,
 * `2026-11-01T08:00`, `2026-11-01T08:00:00Z`, `…+02:00`); durations use W, D, H, M, S
 * (`P7D`, `PT6H`, `P1DT12H`).
 */
export function parseCustomTimeRange(input: string, now = Date.now()): TimeRangeParse {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter an ISO 8601 range, e.g. P3D, 2026-11-01/2026-11-02 or 2026-11-01T08:00Z/PT6H.' };
  const parts = text.split('/').map((p) => p.trim());
  if (parts.length > 2) return { ok: false, error: 'Use at most one "/" between start and end.' };

  if (parts.length === 1) {
    const only = parts[0];
    if (/^p/i.test(only)) {
      const d = parseIsoDuration(only);
      if (!d.ok) return d;
      return withRetentionWarning({ label: durationLabel(d.value), timespan: d.text }, d.ms);
    }
    const start = parseIsoDateTime(only);
    if (!start.ok) return start;
    if (start.ms > now + SKEW_MS) return { ok: false, error: `${start.text} is in the future.` };
    return withRetentionWarning({ label: `Since ${display(start.ms)}`, timespan: start.text }, now - start.ms);
  }

  const [a, b] = parts;
  const aIsDuration = /^p/i.test(a);
  const bIsDuration = /^p/i.test(b);
  if (aIsDuration && bIsDuration) return { ok: false, error: 'A range needs at least one datetime; for a window ending now use a single duration such as P7D.' };
  if (aIsDuration) {
    const d = parseIsoDuration(a);
    if (!d.ok) return d;
    const end = parseIsoDateTime(b);
    if (!end.ok) return end;
    if (end.ms - d.ms > now + SKEW_MS) return { ok: false, error: 'The range starts in the future.' };
    return withRetentionWarning({ label: `${durationLabel(d.value, 'span')} to ${display(end.ms)}`, timespan: `${d.text}/${end.text}` }, d.ms);
  }
  const start = parseIsoDateTime(a);
  if (!start.ok) return start;
  if (start.ms > now + SKEW_MS) return { ok: false, error: `${start.text} is in the future.` };
  if (bIsDuration) {
    const d = parseIsoDuration(b);
    if (!d.ok) return d;
    return withRetentionWarning({ label: `${durationLabel(d.value, 'span')} from ${display(start.ms)}`, timespan: `${start.text}/${d.text}` }, d.ms);
  }
  const end = parseIsoDateTime(b);
  if (!end.ok) return end;
  if (end.ms <= start.ms) return { ok: false, error: 'The end must be after the start.' };
  return withRetentionWarning({ label: `${display(start.ms)} to ${display(end.ms)}`, timespan: `${start.text}/${end.text}` }, end.ms - start.ms);
}

function withRetentionWarning(value: TimeRangeChoice, spanMs: number): TimeRangeParse {
  return spanMs > RETENTION_MS
    ? { ok: true, value, warning: 'Defender keeps 30 days of data; a longer window only adds data for Sentinel tables.' }
    : { ok: true, value };
}

type Parsed<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

interface DurationParts { readonly weeks: number; readonly days: number; readonly hours: number; readonly minutes: number; readonly seconds: number }

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** An ISO 8601 duration with weeks, days, hours, minutes, seconds (years and months are ambiguous in length). */
export function parseIsoDuration(input: string): Parsed<{ ms: number; text: string; value: DurationParts }> {
  const text = input.trim().toUpperCase();
  if (/^P(\d+Y|\d+M)/.test(text) || /^P[^T]*\d+Y/.test(text)) {
    return { ok: false, error: `${input.trim()}: years and months have no fixed length; use days (e.g. P90D).` };
  }
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return { ok: false, error: `${input.trim()} is not an ISO 8601 duration such as P7D, PT6H or P1DT12H.` };
  const value = { weeks: Number(m[1] ?? 0), days: Number(m[2] ?? 0), hours: Number(m[3] ?? 0), minutes: Number(m[4] ?? 0), seconds: Number(m[5] ?? 0) };
  const ms = ((((value.weeks * 7 + value.days) * 24 + value.hours) * 60 + value.minutes) * 60 + value.seconds) * 1000;
  if (ms <= 0) return { ok: false, error: `${input.trim()} is an empty window.` };
  return { ok: true, ms, text, value };
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO 8601 calendar datetime; no zone means UTC. Returns epoch ms and the normalised UTC text. */
export function parseIsoDateTime(input: string): Parsed<{ ms: number; text: string }> {
  const m = DATETIME.exec(input.trim());
  const bad = { ok: false as const, error: `${input.trim()} is not an ISO 8601 datetime such as 2026-11-01T08:00:00Z.` };
  if (!m) return bad;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return bad;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(local).getUTCDate() !== day) return bad; // 2026-02-30 and friends
  let offsetMin = 0;
  const zone = m[8]?.toUpperCase();
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!z || Number(z[2]) > 14 || Number(z[3]) > 59) return bad;
    offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  const ms = local - offsetMin * 60_000;
  const iso = new Date(ms).toISOString();
  return { ok: true, ms, text: iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso };
}

/** `2026-11-01 08:00 UTC` (seconds only when set). */
function display(ms: number): string {
  const iso = new Date(ms).toISOString();
  const seconds = iso.slice(17, 19) !== '00' ? iso.slice(16, 19) : '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

const UNITS: readonly [keyof DurationParts, string][] = [['weeks', 'week'], ['days', 'day'], ['hours', 'hour'], ['minutes', 'minute'], ['seconds', 'second']];

/** `Last 6 hours`, `Last day`, `Last 1 day 12 hours`; with `span`: `6 hours`, `1 day`. */
function durationLabel(d: DurationParts, style: 'last' | 'span' = 'last'): string {
  const parts = UNITS.filter(([k]) => d[k] > 0).map(([k, unit]) => `${d[k]} ${unit}${d[k] === 1 ? '' : 's'}`);
  if (style === 'span') return parts.join(' ');
  if (parts.length === 1 && parts[0].startsWith('1 ')) return `Last ${parts[0].slice(2)}`;
  return `Last ${parts.join(' ')}`;
}
