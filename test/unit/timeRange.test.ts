import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_TIME_RANGE, parseCustomTimeRange, parseIsoDateTime, parseIsoDuration, presetTimeRange, TIME_RANGE_PRESETS, timeRangeFromSetting,
} from '../../src/core/query/timeRange';

const NOW = Date.parse('2026-11-20T12:00:00Z');

const ok = (input: string) => {
  const r = parseCustomTimeRange(input, NOW);
  assert.ok(r.ok, `${input}: ${r.ok ? '' : r.error}`);
  return r;
};
const bad = (input: string) => {
  const r = parseCustomTimeRange(input, NOW);
  assert.ok(!r.ok, `${input} should be rejected`);
  return r.error;
};

describe('time range presets', () => {
  it('map to Graph Timespan durations with labels; 7 days is the default', () => {
    assert.deepEqual(TIME_RANGE_PRESETS.map((p) => [p.id, p.timespan, p.label]), [
      ['1h', 'PT1H', 'Last hour'], ['24h', 'P1D', 'Last 24 hours'], ['7d', 'P7D', 'Last 7 days'], ['30d', 'P30D', 'Last 30 days'],
    ]);
    assert.equal(DEFAULT_TIME_RANGE, '7d');
    assert.equal(presetTimeRange('30d').timespan, 'P30D');
    for (const p of TIME_RANGE_PRESETS) assert.ok(parseIsoDuration(p.timespan).ok, p.timespan);
  });

  it('settings: a preset id, custom text, or the default for anything unreadable', () => {
    assert.equal(timeRangeFromSetting('1h', NOW).timespan, 'PT1H');
    assert.equal(timeRangeFromSetting('P3D', NOW).timespan, 'P3D');
    assert.equal(timeRangeFromSetting('banana', NOW).label, 'Last 7 days');
    assert.equal(timeRangeFromSetting(undefined, NOW).timespan, 'P7D');
  });
});

describe('custom time ranges', () => {
  it('a bare duration looks back from now', () => {
    assert.deepEqual(ok('P3D').value, { label: 'Last 3 days', timespan: 'P3D' });
    assert.deepEqual(ok(' pt6h ').value, { label: 'Last 6 hours', timespan: 'PT6H' });
    assert.deepEqual(ok('P1DT12H').value, { label: 'Last 1 day 12 hours', timespan: 'P1DT12H' });
    assert.deepEqual(ok('P1W').value, { label: 'Last week', timespan: 'P1W' });
    assert.deepEqual(ok('PT90M').value.timespan, 'PT90M');
  });

  it('start/end, normalised to UTC with Z', () => {
    assert.deepEqual(ok('2026-11-01T08:00:00Z/2026-11-15T08:00:00Z').value, {
      label: '2026-11-01 08:00 UTC to 2026-11-15 08:00 UTC', timespan: '2026-11-01T08:00:00Z/2026-11-15T08:00:00Z',
    });
    assert.equal(ok('2026-11-01 / 2026-11-02').value.timespan, '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z');
    assert.equal(ok('2026-11-01T10:00+02:00/2026-11-01T12:30:15.250Z').value.timespan, '2026-11-01T08:00:00Z/2026-11-01T12:30:15.250Z');
    assert.equal(ok('2026-11-01T08:00/2026-11-01T09:00').value.timespan, '2026-11-01T08:00:00Z/2026-11-01T09:00:00Z', 'no zone = UTC');
  });

  it('start/duration and duration/end', () => {
    assert.deepEqual(ok('2026-11-01T00:00:00Z/PT6H').value, { label: '6 hours from 2026-11-01 00:00 UTC', timespan: '2026-11-01T00:00:00Z/PT6H' });
    assert.deepEqual(ok('P2D/2026-11-10T00:00:00Z').value, { label: '2 days to 2026-11-10 00:00 UTC', timespan: 'P2D/2026-11-10T00:00:00Z' });
  });

  it('a single start runs to now', () => {
    assert.deepEqual(ok('2026-11-19T06:30:00Z').value, { label: 'Since 2026-11-19 06:30 UTC', timespan: '2026-11-19T06:30:00Z' });
  });

  it('warns (but accepts) windows longer than Defender\'s 30 days of data', () => {
    assert.match(ok('P90D').warning ?? '', /30 days/);
    assert.equal(ok('P30D').warning, undefined);
  });

  it('rejects what the service would reject or misread', () => {
    assert.match(bad(''), /ISO 8601/);
    assert.match(bad('P1M'), /years and months/);
    assert.match(bad('P1Y'), /years and months/);
    assert.match(bad('P0D'), /empty/);
    assert.match(bad('P'), /not an ISO 8601 duration/);
    assert.match(bad('PT'), /not an ISO 8601 duration/);
    assert.match(bad('7 days'), /not an ISO 8601 datetime/);
    assert.match(bad('2026-02-30'), /not an ISO 8601 datetime/);
    assert.match(bad('2026-13-01'), /not an ISO 8601 datetime/);
    assert.match(bad('2026-11-01T25:00Z'), /not an ISO 8601 datetime/);
    assert.match(bad('2026-11-02/2026-11-01'), /after the start/);
    assert.match(bad('2026-11-02/2026-11-02'), /after the start/);
    assert.match(bad('P1D/P2D'), /at least one datetime/);
    assert.match(bad('a/b/c'), /at most one/);
    assert.match(bad('2026-12-01T00:00:00Z'), /future/);
    assert.match(bad('2026-12-01/2026-12-02'), /future/);
    assert.match(bad('P1D/2026-12-05T00:00:00Z'), /future/);
  });

  it('datetime and duration parsers on their own', () => {
    const d = parseIsoDateTime('2026-11-01T08:00:00.1234567Z');
    assert.ok(d.ok);
    assert.equal(d.text, '2026-11-01T08:00:00.123Z');
    const dur = parseIsoDuration('P1W2DT3H4M5S');
    assert.ok(dur.ok);
    assert.equal(dur.ms, ((9 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000);
  });
});
