/**
 * The hunting client against the project's offline emulator (src/emulator), the same server the
 * integration and e2e tests use: real KQL over the sample tenant, both APIs, its token check and
 * its fault injection (`x-emulator-fault` queue).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HuntingClient, type GetToken, type HuntingClientOptions, type RetryInfo } from '../../src/core/api/huntingClient';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { expectHuntingError } from './support/huntingFixtures';

describe('hunting client against the emulator', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ faults: true, rateLimit: false });
    await emu.ready;
  });
  after(() => emu.close());
  beforeEach(() => emu.faults.clear());

  const client = (extra: Partial<HuntingClientOptions> = {}) => new HuntingClient({
    baseUrl: emu.url,
    getToken: async () => emu.devToken,
    ...extra,
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...extra.retry },
  });

  for (const api of ['graph', 'legacy'] as const) {
    it(`${api}: runs a real query and normalises the answer`, async () => {
      const r = await client({ api }).run('DeviceProcessEvents | take 5 | project Timestamp, DeviceName, ProcessId', { timespan: 'P30D' });
      assert.equal(r.rows.length, 5);
      assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['Timestamp', 'datetime'], ['DeviceName', 'string'], ['ProcessId', 'long']]);
      for (const row of r.rows) {
        assert.match(String(row[0]), /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
        assert.equal(typeof row[2], 'number');
      }
      if (api === 'legacy') assert.equal(typeof r.stats?.executionTimeSec, 'number');
    });
  }

  it('syntax error: kind, request id and the line of the error', async () => {
    const e = await expectHuntingError(client().run('DeviceProcessEvents\n| whre ProcessId > 0'), 'syntax');
    assert.equal(e.status, 400);
    assert.deepEqual([e.line, e.column], [2, 3], 'on the w of whre');
    assert.match(e.requestId, /^[0-9a-f-]{36}$/);
  });

  it('semantic error: an unknown column', async () => {
    const e = await expectHuntingError(client().run('DeviceProcessEvents | project NoSuchColumn'), 'semantic');
    assert.deepEqual([e.line, e.column], [1, 31], 'on the N of NoSuchColumn');
  });

  it('401: a rejected token is refreshed once and the hunt succeeds', async () => {
    const calls: (boolean | undefined)[] = [];
    const getToken: GetToken = async (_s, o) => { calls.push(o?.forceRefresh); return o?.forceRefresh ? emu.devToken : 'stale-token-value'; };
    const r = await client({ getToken }).run('DeviceProcessEvents | take 1');
    assert.equal(r.rows.length, 1);
    assert.deepEqual(calls, [undefined, true]);
  });

  it('401 twice: auth error, no token in it', async () => {
    await expectHuntingError(client({ getToken: async () => 'never-valid-token' }).run('print 1'), 'auth');
  });

  it('503 then success: retried', async () => {
    emu.faults.enqueue('503:0', '503:0');
    const retries: RetryInfo[] = [];
    const r = await client({ onRetry: (i) => retries.push(i), retry: { maxServerRetries: 2 } }).run('DeviceProcessEvents | take 2');
    assert.equal(r.rows.length, 2);
    assert.deepEqual(retries.map((x) => x.error.status), [503, 503]);
  });

  it('429 with Retry-After: waits the given seconds, then succeeds', async () => {
    emu.faults.enqueue('429:1');
    const retries: RetryInfo[] = [];
    await client({ onRetry: (i) => retries.push(i) }).run('DeviceProcessEvents | take 1');
    assert.deepEqual(retries.map((x) => [x.error.kind, x.delayMs]), [['throttled', 1000]]);
  });

  it('500 with an empty message (Graph): server error carrying the request id', async () => {
    emu.faults.enqueue('500', '500', '500');
    const e = await expectHuntingError(client().run('print 1'), 'server');
    assert.match(e.message, new RegExp(e.requestId));
  });

  it('504: timeout after retries', async () => {
    emu.faults.enqueue('504', '504', '504');
    await expectHuntingError(client().run('print 1'), 'timeout');
  });

  it('reset and truncated bodies are retried', async () => {
    emu.faults.enqueue('reset', 'truncate');
    const r = await client({ retry: { maxServerRetries: 2 } }).run('DeviceProcessEvents | take 3');
    assert.equal(r.rows.length, 3);
  });

  it('a slow answer: timeout, and cancel', async () => {
    emu.faults.enqueue('slow:5000');
    await expectHuntingError(client({ timeoutMs: 200 }).run('print 1'), 'timeout');
    emu.faults.clear();
    emu.faults.enqueue('slow:5000');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expectHuntingError(client().run('print 1', { signal: controller.signal }), 'cancelled');
  });

  it('a 100,000-row answer is marked truncated', async () => {
    emu.faults.enqueue('huge');
    const r = await client().run('DeviceProcessEvents');
    assert.equal(r.rows.length, 100_000);
    assert.equal(r.truncated, 'row-limit');
  });
});
