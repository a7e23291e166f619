import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MS, formatDateTime, formatTimespan, parseDateTime, parseTimespan } from '../../src/emulator/executor/time';
import { parseIsoDuration, resolveTimespan, TimespanError } from '../../src/emulator/timespan';

const NOW = Date.UTC(2024, 4, 10, 12, 0, 0);
const now = NOW * TICKS_PER_MS;

describe('Timespan (Graph request)', () => {
  it('defaults to the last 30 days', () => {
    assert.deepEqual(resolveTimespan(undefined, NOW), { from: now - 30 * TICKS_PER_DAY, to: now });
  });

  it('accepts every documented form', () => {
    const start = parseDateTime('2024-05-01T08:00:00Z') as number;
    const end = parseDateTime('2024-05-03T08:00:00Z') as number;
    assert.deepEqual(resolveTimespan('P7D', NOW), { from: now - 7 * TICKS_PER_DAY, to: now });
    assert.deepEqual(resolveTimespan('PT12H', NOW), { from: now - 12 * TICKS_PER_HOUR, to: now });
    assert.deepEqual(resolveTimespan('2024-05-01T08:00:00Z/2024-05-03T08:00:00Z', NOW), { from: start, to: end });
    assert.deepEqual(resolveTimespan('P2D/2024-05-03T08:00:00Z', NOW), { from: start, to: end });
    assert.deepEqual(resolveTimespan('2024-05-01T08:00:00Z/P2D', NOW), { from: start, to: end });
    assert.deepEqual(resolveTimespan('2024-05-01T08:00:00Z', NOW), { from: start, to: now });
    assert.equal(parseIsoDuration('P1W'), 7 * TICKS_PER_DAY);
    assert.equal(parseIsoDuration('P1DT1H30M'), TICKS_PER_DAY + 1.5 * TICKS_PER_HOUR);
  });

  it('rejects malformed or inverted intervals', () => {
    for (const bad of ['', 'P', 'PT', '7d', 'last week', 'P1D/P1D', '2024-05-03T00:00:00Z/2024-05-01T00:00:00Z', 42]) {
      if (bad === '') continue; // empty means "not given"
      assert.throws(() => resolveTimespan(bad, NOW), TimespanError, String(bad));
    }
  });
});

describe('datetime and timespan values', () => {
  it('round-trips 7 fractional digits at microsecond precision', () => {
    const t = parseDateTime('2020-08-30T06:38:35.766435Z') as number;
    assert.equal(formatDateTime(t), '2020-08-30T06:38:35.7664350Z');
    assert.equal(formatDateTime(parseDateTime('2024-01-01 10:00') as number), '2024-01-01T10:00:00.0000000Z');
    assert.equal(parseDateTime('2024-01-01T10:00:00+02:00'), parseDateTime('2024-01-01T08:00:00Z'));
    assert.equal(parseDateTime('01/16/2022 00:00:00'), parseDateTime('2022-01-16'));
    assert.equal(parseDateTime('not a date'), null);
  });

  it('parses and prints timespans like .NET', () => {
    assert.equal(parseTimespan('1.5h'), 1.5 * TICKS_PER_HOUR);
    assert.equal(parseTimespan('time(1.02:03:04.5)'), TICKS_PER_DAY + 2 * TICKS_PER_HOUR + 3 * 600_000_000 + 4.5 * 10_000_000);
    assert.equal(formatTimespan(TICKS_PER_DAY + 2 * TICKS_PER_HOUR + 5), '1.02:00:00.0000005');
    assert.equal(formatTimespan(-30 * 60 * 10_000_000), '-00:30:00');
  });
});
