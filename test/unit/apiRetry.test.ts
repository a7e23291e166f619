import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type http from 'node:http';
import { HuntingClient, type RetryInfo } from '../../src/core/api/huntingClient';
import { closedSoon, json, startServer, type ScriptedServer } from './support/scriptedServer';
import { expectHuntingError, testClient, tokenSource } from './support/huntingFixtures';

const ok = { schema: [{ name: 'a', type: 'String' }], results: [{ a: 'ok' }] };
let answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void = (_q, res) => json(res, 200, ok);

describe('hunting client: retries, timeouts and cancellation', () => {
  let server: ScriptedServer;
  let first = 0;
  before(async () => {
    server = await startServer((req, res, _seen, n) => answer(req, res, n - first));
  });
  after(() => server.close());
  const fresh = () => { first = server.requests.length; };
  const seen = () => server.requests.slice(first);

  it('429: waits as long as Retry-After says (seconds), then succeeds with the same client-request-id', async () => {
    fresh();
    answer = (_q, res, n) => (n === 0 ? json(res, 429, { error: { code: 'TooManyRequests', message: 'Rate limit' } }, { 'Retry-After': '1' }) : json(res, 200, ok));
    const retries: RetryInfo[] = [];
    const { client } = testClient(server.url, { onRetry: (i) => retries.push(i) });
    assert.deepEqual((await client.run('x')).rows, [['ok']]);
    assert.deepEqual(retries.map((r) => [r.attempt, r.delayMs, r.error.kind]), [[1, 1000, 'throttled']]);
    assert.equal(seen().length, 2);
    assert.equal(seen()[0].headers['client-request-id'], seen()[1].headers['client-request-id']);
  });

  it('429: Retry-After as an HTTP date', async () => {
    fresh();
    answer = (_q, res, n) => (n === 0 ? json(res, 429, { error: { code: '429', message: 'slow down' } }, { 'Retry-After': new Date(Date.now() + 2000).toUTCString() }) : json(res, 200, ok));
    const retries: RetryInfo[] = [];
    const { client } = testClient(server.url, { onRetry: (i) => retries.push(i) });
    await client.run('x');
    assert.equal(retries.length, 1);
    assert.ok(retries[0].delayMs >= 0 && retries[0].delayMs <= 2000, `delay ${retries[0].delayMs}`);
  });

  it('429: without Retry-After backs off exponentially and gives up after the bounded number of retries', async () => {
    fresh();
    answer = (_q, res) => json(res, 429, { error: { code: '429', message: 'API calls quota exceeded! maximum allowed 45 per 00:01:00' } });
    const retries: RetryInfo[] = [];
    const { client } = testClient(server.url, { onRetry: (i) => retries.push(i), retry: { baseDelayMs: 4, maxDelayMs: 1000, random: () => 0, maxThrottleRetries: 3 } });
    const e = await expectHuntingError(client.run('x'), 'throttled');
    assert.match(e.message, /45 per 00:01:00/);
    assert.deepEqual(retries.map((r) => r.delayMs), [2, 4, 8], 'equal jitter with random()=0: half of 4, 8, 16');
    assert.equal(seen().length, 4);
  });

  it('5xx: 500, 502 and 503 are retried with backoff and the next success is returned', async () => {
    fresh();
    const statuses = [500, 502, 503];
    answer = (_q, res, n) => (n < statuses.length ? json(res, statuses[n], { error: { code: 'ServiceUnavailable', message: 'try later' } }) : json(res, 200, ok));
    const retries: RetryInfo[] = [];
    const { client } = testClient(server.url, { onRetry: (i) => retries.push(i), retry: { maxServerRetries: 3 } });
    assert.deepEqual((await client.run('x')).rows, [['ok']]);
    assert.deepEqual(retries.map((r) => r.error.status), [500, 502, 503]);
  });

  it('5xx: gives up after the bounded number of retries', async () => {
    fresh();
    answer = (_q, res) => json(res, 503, { error: { code: 'ServiceUnavailable', message: 'down' } });
    await expectHuntingError(testClient(server.url, { retry: { maxServerRetries: 2 } }).client.run('x'), 'server');
    assert.equal(seen().length, 3);
  });

  it('5xx: a quota message in a 500 is not retried (the engine stopped the query for its cost)', async () => {
    fresh();
    answer = (_q, res) => json(res, 500, { error: { code: 'UnknownError', message: 'Query stopped due to excessive resource consumption.' } });
    await expectHuntingError(testClient(server.url).client.run('x'), 'quota');
    assert.equal(seen().length, 1);
  });

  it('connection reset before an answer is retried, and succeeds', async () => {
    fresh();
    answer = (req, res, n) => (n === 0 ? req.socket.resetAndDestroy() : json(res, 200, ok));
    const retries: RetryInfo[] = [];
    const { client } = testClient(server.url, { onRetry: (i) => retries.push(i) });
    assert.deepEqual((await client.run('x')).rows, [['ok']]);
    assert.equal(retries[0].error.kind, 'network');
  });

  it('connection reset every time: gives up with a network error', async () => {
    fresh();
    answer = (req) => req.socket.resetAndDestroy();
    const e = await expectHuntingError(testClient(server.url).client.run('x'), 'network');
    assert.match(e.message, /ECONNRESET|socket hang up/);
    assert.equal(seen().length, 3);
  });

  it('a body cut off before Content-Length is a network error, retried', async () => {
    fresh();
    const body = JSON.stringify(ok);
    answer = (req, res, n) => {
      if (n > 0) { json(res, 200, ok); return; }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length + 100 });
      res.write(body.slice(0, 10), () => req.socket.destroy());
    };
    assert.deepEqual((await testClient(server.url).client.run('x')).rows, [['ok']]);
    assert.equal(seen().length, 2);
    answer = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length + 100 });
      res.write(body.slice(0, 10), () => req.socket.destroy());
    };
    await expectHuntingError(testClient(server.url).client.run('x'), 'network');
  });

  it('timeout: a server that never answers is cut off at the configured timeout, its socket closed, not retried', async () => {
    fresh();
    answer = () => { /* never answers */ };
    const e = await expectHuntingError(testClient(server.url, { timeoutMs: 150 }).client.run('x'), 'timeout');
    assert.equal(e.status, 0);
    assert.match(e.message, /within 150 ms/);
    await closedSoon(seen()[0].socketClosed);
    assert.equal(seen().length, 1);
  });

  it('timeout: also covers a body that stalls half-way', async () => {
    fresh();
    answer = (_q, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.write('{"schema":['); };
    await expectHuntingError(testClient(server.url, { timeoutMs: 150 }).client.run('x'), 'timeout');
    await closedSoon(seen()[0].socketClosed);
  });

  it('cancel while the server is working closes the socket the server sees', async () => {
    fresh();
    const controller = new AbortController();
    answer = () => controller.abort(); // the request has arrived; abort now, never answer
    const e = await expectHuntingError(testClient(server.url).client.run('x', { signal: controller.signal }), 'cancelled');
    assert.equal(e.status, 0);
    await closedSoon(seen()[0].socketClosed);
  });

  it('cancel while the body is streaming closes the socket too', async () => {
    fresh();
    const controller = new AbortController();
    answer = (_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"schema":[{"name":"a","type":"String"}],"results":[', () => setTimeout(() => controller.abort(), 20));
    };
    await expectHuntingError(testClient(server.url).client.run('x', { signal: controller.signal }), 'cancelled');
    await closedSoon(seen()[0].socketClosed);
  });

  it('cancel during a retry wait stops at once', async () => {
    fresh();
    const controller = new AbortController();
    answer = (_q, res) => json(res, 429, { error: { code: '429', message: 'wait' } }, { 'Retry-After': '30' });
    const { client } = testClient(server.url, { onRetry: () => setImmediate(() => controller.abort()) });
    await expectHuntingError(client.run('x', { signal: controller.signal }), 'cancelled');
    assert.equal(seen().length, 1);
  });

  it('an already-aborted signal sends nothing; cancel while waiting for the token sends nothing', async () => {
    fresh();
    const done = new AbortController();
    done.abort();
    await expectHuntingError(testClient(server.url).client.run('x', { signal: done.signal }), 'cancelled');
    const controller = new AbortController();
    const slowToken = new HuntingClient({
      baseUrl: server.url,
      getToken: (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('sign-in cancelled')))),
    });
    const p = slowToken.run('x', { signal: controller.signal });
    setImmediate(() => controller.abort());
    await expectHuntingError(p, 'cancelled');
    assert.equal(seen().length, 0);
  });

  it('the token source receives the run\'s signal', async () => {
    fresh();
    answer = (_q, res) => json(res, 200, ok);
    const t = tokenSource();
    let received: AbortSignal | undefined;
    const client = new HuntingClient({ baseUrl: server.url, getToken: (signal, o) => { received = signal; return t.getToken(signal, o); } });
    const controller = new AbortController();
    await client.run('x', { signal: controller.signal });
    assert.equal(received, controller.signal);
  });
});
