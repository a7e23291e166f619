import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type http from 'node:http';
import { HuntingClient } from '../../src/core/api/huntingClient';
import { SignInError } from '../../src/core/auth/signInError';
import { closedPort, closedSoon, json, startServer, type ScriptedServer } from './support/scriptedServer';
import { expectHuntingError, FRESH_TOKEN, TOKEN, testClient } from './support/huntingFixtures';

/** The server answers every request with whatever the current test sets here. */
let answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void = (_q, res) => json(res, 200, { schema: [], results: [] });

describe('hunting client: every error kind', () => {
  let server: ScriptedServer;
  let first = 0;
  before(async () => {
    server = await startServer((req, res, _seen, n) => answer(req, res, n - first));
  });
  after(() => server.close());
  /** Requests made by the current test (n restarts at 0 for each test). */
  const fresh = () => { first = server.requests.length; };
  const seenSinceFresh = () => server.requests.slice(first);

  it('syntax: a Kusto recognition error with its position', async () => {
    fresh();
    answer = (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: "Syntax error: SYN0002: A recognition error occurred. [line:position=2:15]. Query: 'x'", innerError: { 'request-id': 'req-syn', date: '2026-11-01T00:00:00' } } });
    const e = await expectHuntingError(testClient(server.url).client.run('T\n| whre x'), 'syntax');
    assert.equal(e.status, 400);
    assert.equal(e.code, 'BadRequest');
    assert.deepEqual([e.line, e.column], [2, 16]);
    assert.equal(e.requestId, 'req-syn');
    assert.match(e.message, /A recognition error occurred/);
    assert.equal(seenSinceFresh().length, 1, 'a 400 is never retried');
  });

  it('semantic: the engine message verbatim, worded position, legacy target as request id', async () => {
    fresh();
    const msg = "'where' operator: Failed to resolve table or column expression named 'EmailAttachmentInfoo'. Fix semantic errors in your query. Line 3, Position 7";
    answer = (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: msg, target: '|dda96034-1.2' } });
    const e = await expectHuntingError(testClient(server.url, { api: 'legacy' }).client.run('x'), 'semantic');
    assert.equal(e.message, msg);
    assert.deepEqual([e.line, e.column], [3, 7]);
    assert.equal(e.requestId, 'dda96034-1.2');
  });

  it('semantic: a Kusto envelope with @message and innererror @line/@pos', async () => {
    fresh();
    answer = (_q, res) => json(res, 400, { error: { code: 'General_BadRequest', message: 'Request is invalid and cannot be executed.', '@message': "Semantic error: 'project' operator: Failed to resolve scalar expression named 'Foo'", innererror: { '@line': '4', '@pos': '10' } } });
    const e = await expectHuntingError(testClient(server.url).client.run('x'), 'semantic');
    assert.match(e.message, /Failed to resolve scalar expression named 'Foo'/);
    assert.deepEqual([e.line, e.column], [4, 11]);
  });

  it('syntax: a position one off from the quoted token is aligned using the sent query', async () => {
    fresh();
    answer = (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: "Syntax error: Query operator expected near 'whre'. [line:position=2:3]" } });
    const e = await expectHuntingError(testClient(server.url).client.run('DeviceProcessEvents\n| whre ProcessId > 0'), 'syntax');
    assert.deepEqual([e.line, e.column], [2, 3]);
  });

  it('auth: a 401 is retried once with a forced token refresh, then reported', async () => {
    fresh();
    answer = (_q, res) => json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } }, { 'request-id': 'req-401' });
    const { client, tokens } = testClient(server.url);
    const e = await expectHuntingError(client.run('x'), 'auth');
    assert.equal(e.status, 401);
    assert.equal(e.requestId, 'req-401');
    assert.deepEqual(tokens.calls, [undefined, { forceRefresh: true }]);
    assert.deepEqual(seenSinceFresh().map((r) => r.headers.authorization), [`Bearer ${TOKEN}`, `Bearer ${FRESH_TOKEN}`]);
  });

  it('auth: a 401 followed by success with the refreshed token returns the result', async () => {
    fresh();
    answer = (req, res) => (req.headers.authorization === `Bearer ${FRESH_TOKEN}`
      ? json(res, 200, { schema: [{ name: 'a', type: 'String' }], results: [{ a: 'ok' }] })
      : json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } }));
    const { client, tokens } = testClient(server.url);
    assert.deepEqual((await client.run('x')).rows, [['ok']]);
    assert.equal(tokens.calls.length, 2);
  });

  it('auth: a token source that fails gives an auth error without contacting the service', async () => {
    fresh();
    const client = new HuntingClient({ baseUrl: server.url, getToken: async () => { throw new Error(`AADSTS50076: MFA required; last token was ${TOKEN}`); } });
    const e = await expectHuntingError(client.run('x'), 'auth');
    assert.equal(e.status, 0);
    assert.match(e.message, /AADSTS50076/);
    assert.equal(seenSinceFresh().length, 0);
  });

  it('auth: a SignInError keeps its guidance and actions (as cause); its cancelled kind cancels the hunt', async () => {
    fresh();
    const guidance = new SignInError('not-signed-in', 'Sign in to "Contoso" to run hunts.', ['sign-in']);
    const e = await expectHuntingError(new HuntingClient({ baseUrl: server.url, getToken: async () => { throw guidance; } }).run('x'), 'auth');
    assert.equal(e.message, 'Sign in to "Contoso" to run hunts.');
    assert.equal(e.cause, guidance);
    const cancelledSignIn = new SignInError('cancelled', 'Sign-in was cancelled.');
    await expectHuntingError(new HuntingClient({ baseUrl: server.url, getToken: async () => { throw cancelledSignIn; } }).run('x'), 'cancelled');
    assert.equal(seenSinceFresh().length, 0);
  });

  it('auth: a 403 conditional-access claims challenge asks for sign-in, not permissions', async () => {
    fresh();
    answer = (_q, res) => json(res, 403, { error: { code: 'Forbidden', message: 'Forbidden' } }, { 'WWW-Authenticate': 'Bearer error="insufficient_claims", claims="e30="' });
    await expectHuntingError(testClient(server.url).client.run('x'), 'auth');
  });

  it('permission: a 403 names the permission each API needs', async () => {
    fresh();
    answer = (_q, res) => json(res, 403, { error: { code: 'Forbidden', message: 'Missing role permissions on this request.' } });
    const graph = await expectHuntingError(testClient(server.url).client.run('x'), 'permission');
    assert.match(graph.message, /Missing role permissions/);
    assert.match(graph.message, /ThreatHunting\.Read\.All/);
    const legacy = await expectHuntingError(testClient(server.url, { api: 'legacy' }).client.run('x'), 'permission');
    assert.match(legacy.message, /AdvancedHunting\.Read\.All/);
    assert.equal(seenSinceFresh().length, 2, 'a 403 is never retried');
  });

  it('throttled: a 429 with a Retry-After longer than the cap is reported at once with the wait', async () => {
    fresh();
    answer = (_q, res) => json(res, 429, { error: { code: '429', message: 'API calls quota exceeded! maximum allowed 45 per 00:01:00' } }, { 'Retry-After': '600' });
    const e = await expectHuntingError(testClient(server.url).client.run('x'), 'throttled');
    assert.equal(e.retryAfterMs, 600_000);
    assert.equal(e.code, '429');
    assert.equal(seenSinceFresh().length, 1);
  });

  it('quota: the tenant CPU allotment message, with no retry', async () => {
    fresh();
    answer = (_q, res) => json(res, 429, { error: { code: 'TooManyRequests', message: 'You have exceeded processing resources allocated to this tenant. You can run queries again in 00:12:00.' } });
    const e = await expectHuntingError(testClient(server.url).client.run('x'), 'quota');
    assert.match(e.message, /run queries again in 00:12:00/);
    assert.equal(seenSinceFresh().length, 1);
  });

  it('quota: a query preempted for resource use (400) is not a syntax or semantic error', async () => {
    fresh();
    answer = (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: 'Query execution has exceeded the allowed limits. The query execution was preempted. This could possibly be due to high CPU and/or memory resource consumption.' } });
    await expectHuntingError(testClient(server.url).client.run('x'), 'quota');
  });

  it('too-large: the documented result-size 400, and a 413', async () => {
    fresh();
    answer = (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: 'Query execution has exceeded the allowed result size. Optimize your query by limiting the number of results and try again' } });
    await expectHuntingError(testClient(server.url).client.run('x'), 'too-large');
    answer = (_q, res) => json(res, 413, { error: { code: 'RequestEntityTooLarge', message: '' } });
    await expectHuntingError(testClient(server.url).client.run('x'), 'too-large');
  });

  it('too-large: a body over our response cap is refused and its connection closed', async () => {
    fresh();
    answer = (_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"schema":[],"results":["');
      const pump = () => { while (res.write('x'.repeat(16_384))) { /* fill the buffer */ } };
      res.on('drain', pump);
      pump();
    };
    const e = await expectHuntingError(testClient(server.url, { maxResponseBytes: 200_000 }).client.run('x'), 'too-large');
    assert.equal(e.status, 200);
    await closedSoon(seenSinceFresh()[0].socketClosed);
  });

  it('timeout: a 504 gateway timeout is retried, then reported as a timeout', async () => {
    fresh();
    answer = (_q, res) => json(res, 504, { error: { code: 'UnknownError', message: '' } }, { 'request-id': 'req-504' });
    const e = await expectHuntingError(testClient(server.url).client.run('search "x"'), 'timeout');
    assert.equal(e.status, 504);
    assert.equal(seenSinceFresh().length, 3, 'first attempt + 2 retries');
    assert.match(e.message, /req-504/, 'an empty message still names the request id');
  });

  it('timeout: the engine\'s own time limit message', async () => {
    fresh();
    answer = (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: 'Query exceeded the timeout period.' } });
    await expectHuntingError(testClient(server.url).client.run('x'), 'timeout');
  });

  it('a column named like a limit does not change the kind', async () => {
    fresh();
    answer = (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: "'project' operator: Failed to resolve scalar expression named 'SessionTimeout'" } });
    await expectHuntingError(testClient(server.url).client.run('x'), 'semantic');
  });

  it('server: a 500 with an empty message is retried, then reported with the request id', async () => {
    fresh();
    answer = (_q, res) => json(res, 500, { error: { code: 'UnknownError', message: '', innerError: { date: '2026-11-01T00:00:00', 'request-id': 'req-500', 'client-request-id': 'c' } } });
    const e = await expectHuntingError(testClient(server.url).client.run('x'), 'server');
    assert.equal(e.requestId, 'req-500');
    assert.equal(e.code, 'UnknownError');
    assert.match(e.message, /without a message.*HTTP 500 UnknownError.*req-500/);
    assert.equal(seenSinceFresh().length, 3);
  });

  it('server: a proxy\'s HTML error page becomes a short text message', async () => {
    fresh();
    answer = (_q, res) => { res.writeHead(502, { 'Content-Type': 'text/html' }); res.end(`<html><body><h1>502 Bad Gateway</h1><p>${'filler '.repeat(200)}</p></body></html>`); };
    const e = await expectHuntingError(testClient(server.url, { retry: { maxServerRetries: 0 } }).client.run('x'), 'server');
    assert.match(e.message, /^502 Bad Gateway filler/);
    assert.ok(e.message.length < 400, 'long bodies are cut');
    assert.ok(!e.message.includes('<'), 'markup is dropped');
  });

  it('server: a malformed 200 body (not JSON) and a JSON body that is not a result', async () => {
    fresh();
    answer = (_q, res) => { res.writeHead(200, { 'Content-Type': 'application/json', 'request-id': 'req-bad' }); res.end('{"schema":[{"name":"a"'); };
    const notJson = await expectHuntingError(testClient(server.url).client.run('x'), 'server');
    assert.match(notJson.message, /not valid JSON/);
    assert.equal(notJson.requestId, 'req-bad');
    answer = (_q, res) => json(res, 200, { value: [] });
    const notResult = await expectHuntingError(testClient(server.url).client.run('x'), 'server');
    assert.match(notResult.message, /neither "schema" nor "results"/);
    answer = (_q, res) => json(res, 200, { schema: [{ type: 'String' }], results: [] });
    await expectHuntingError(testClient(server.url).client.run('x'), 'server');
    answer = (_q, res) => json(res, 200, { schema: [{ name: 'a', type: 'String' }], results: ['not a row'] });
    await expectHuntingError(testClient(server.url).client.run('x'), 'server');
  });

  it('network: nothing listening', async () => {
    const port = await closedPort();
    const e = await expectHuntingError(testClient(`http://127.0.0.1:${port}`).client.run('x'), 'network');
    assert.equal(e.status, 0);
    assert.match(e.message, /ECONNREFUSED/);
  });

  it('never forwards the token to a redirect target', async () => {
    fresh();
    answer = (_q, res) => { res.writeHead(307, { Location: 'http://127.0.0.2:9/steal' }); res.end(); };
    await expectHuntingError(testClient(server.url).client.run('x'), 'network');
    assert.equal(seenSinceFresh().length, 1);
  });

  it('no token in any error text, even when the server echoes the Authorization header', async () => {
    fresh();
    answer = (req, res) => json(res, 400, { error: { code: 'BadRequest', message: `Bad header ${req.headers.authorization ?? ''} and raw ${TOKEN}` } });
    const e = await expectHuntingError(testClient(server.url).client.run('x'), 'semantic');
    assert.match(e.message, /Bearer \[redacted\]/);
    answer = (req, res) => { res.writeHead(500, { 'Content-Type': 'text/plain' }); res.end(`upstream said ${req.headers.authorization ?? ''}`); };
    await expectHuntingError(testClient(server.url, { retry: { maxServerRetries: 0 } }).client.run('x'), 'server');
  });
});
