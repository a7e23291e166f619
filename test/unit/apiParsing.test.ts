import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignToQuotedToken, parseErrorPosition, stripPositionMarker } from '../../src/core/api/errorPosition';
import { classify, errorFromResponse } from '../../src/core/api/errorResponse';
import { HuntingError, redactSecrets } from '../../src/core/api/huntingError';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay, type RetryPolicy } from '../../src/core/api/retryPolicy';
import { TOKEN } from './support/huntingFixtures';

describe('error positions from engine messages', () => {
  const cases: [string, number, number | undefined][] = [
    // Kusto: line 1-based, position 0-based -> column = position + 1.
    ["Syntax error: SYN0002: A recognition error occurred. [line:position=1:9]. Query: 'PerfTest take 5'", 1, 10],
    ['Semantic error: bin(): argument #1 must be a datetime value. [line:position=2:47]', 2, 48],
    ['Syntax error: Missing expression [ line : position = 3 : 0 ]', 3, 1],
    ['Syntax error: Missing expression line:position=12:4', 12, 5],
    // Worded forms: both 1-based.
    ["'where' operator: Failed to resolve column 'x'. Line 2, Position 15", 2, 15],
    ['Unexpected token at line 2 column 15', 2, 15],
    ['error (line 7, col 3): bad', 7, 3],
    ['Ln 4, Col 9: expected ")"', 4, 9],
    ['line: 5, column: 6 - Missing expression', 5, 6],
    ['LINE 10 POSITION 1', 10, 1],
    ['at line 2 and column 3', 2, 3],
    ['Syntax error at line 8', 8, undefined],
  ];
  for (const [message, line, column] of cases) {
    it(`reads ${JSON.stringify(message.slice(-40))}`, () => {
      assert.deepEqual(parseErrorPosition(message), column === undefined ? { line } : { line, column });
    });
  }

  it('treats Kusto\'s 0:0 as no position', () => {
    assert.equal(parseErrorPosition('SYN0001: I could not parse that, sorry. [line:position=0:0]'), undefined);
  });

  it('finds nothing in messages without a position (times, versions and counts are not positions)', () => {
    for (const m of ['Query exceeded the timeout period.', 'run queries again in 00:12:00', 'maximum allowed 45 per 00:01:00', 'Failed to resolve Line2Position15', '', 'version 2:15']) {
      assert.equal(parseErrorPosition(m), undefined, m);
    }
    assert.equal(parseErrorPosition(undefined), undefined);
  });

  it('prefers Kusto\'s structured @line/@pos (strings or numbers) over the text', () => {
    assert.deepEqual(parseErrorPosition('[line:position=9:9]', { line: '2', pos: '7' }), { line: 2, column: 8 });
    assert.deepEqual(parseErrorPosition(undefined, { line: 3, pos: 0 }), { line: 3, column: 1 });
    assert.deepEqual(parseErrorPosition('Line 4, Position 2', { line: 'x', pos: null }), { line: 4, column: 2 });
  });

  it('aligns a column that is one off onto the token the message quotes', () => {
    const at = (query: string, message: string) => alignToQuotedToken(parseErrorPosition(message)!, query, message);
    // A server printing 1-based columns in Kusto's marker: 'whre' starts at column 3, not 4.
    assert.deepEqual(at('DeviceProcessEvents\n| whre ProcessId > 0', "Syntax error: Query operator expected near 'whre'. [line:position=2:3]"), { line: 2, column: 3 });
    assert.deepEqual(at('T | project NoSuchColumn', "'project' operator: Failed to resolve scalar expression named 'NoSuchColumn'. [line:position=1:13]"), { line: 1, column: 13 });
    // Kusto's own 0-based positions are already on the token and stay.
    assert.deepEqual(at('.show schem', "Syntax error: Command '.show schem' could not be parsed: at token: 'schem' [line:position=1:6]"), { line: 1, column: 7 });
    assert.deepEqual(at('T | project NoSuchColumn', "'project' operator: Failed to resolve scalar expression named 'NoSuchColumn'. [line:position=1:12]"), { line: 1, column: 13 });
    // No quoted token, or none near the position: unchanged.
    assert.deepEqual(at('PerfTest take 5', "A recognition error occurred. [line:position=1:9]. Query: 'PerfTest take 5'"), { line: 1, column: 10 });
    assert.deepEqual(at('T | x', 'Missing expression [line:position=1:4]'), { line: 1, column: 5 });
    assert.deepEqual(at('T | x', "named 'elsewhere' [line:position=1:4]"), { line: 1, column: 5 });
    assert.deepEqual(alignToQuotedToken({ line: 9, column: 2 }, 'one line', "near 'x'"), { line: 9, column: 2 });
  });

  it('strips the marker for display beside a diagnostic', () => {
    assert.equal(stripPositionMarker('A recognition error occurred. [line:position=1:9]. Query: \'x\''), "A recognition error occurred. Query: 'x'");
  });
});

describe('error classification', () => {
  const cases: [number, string, string][] = [
    [400, 'Syntax error: SYN0002: A recognition error occurred.', 'syntax'],
    [400, 'A recognition error occurred.', 'syntax'],
    [400, "'project' operator: Failed to resolve scalar expression named 'x'", 'semantic'],
    [400, 'InvalidRequestBody', 'semantic'],
    [401, 'Unauthorized', 'auth'],
    [403, 'Forbidden', 'permission'],
    [403, 'AADSTS50076 interaction_required', 'auth'],
    [429, 'API calls quota exceeded! maximum allowed 45 per 00:01:00', 'throttled'],
    [429, 'You have exceeded processing resources allocated to this tenant. You can run queries again in 00:10:00.', 'quota'],
    [400, 'Query stopped. Adjust use of the join operator to avoid excessive resource consumption.', 'quota'],
    [400, 'Result size limit exceeded. Use "summarize" to aggregate results, "project" to drop uninteresting columns, or "take" to truncate results.', 'too-large'],
    [400, 'The query cannot run because it exceeds the allowed size limit when processed.', 'too-large'],
    [413, '', 'too-large'],
    [408, '', 'timeout'],
    [504, '', 'timeout'],
    [500, 'Query exceeded the timeout period.', 'timeout'],
    [500, 'An unexpected error occurred during query execution. Please try again in a few minutes.', 'server'],
    [502, '', 'server'],
    [404, 'Resource not found', 'server'],
  ];
  for (const [status, message, kind] of cases) {
    it(`${status} ${JSON.stringify(message.slice(0, 50))} -> ${kind}`, () => assert.equal(classify(status, message), kind));
  }

  it('non-JSON and odd envelopes: a bare JSON string, an OAuth-style error, a PascalCase Message', () => {
    const mk = (status: number, bodyText: string) => errorFromResponse({ status, header: () => null, bodyText }, { api: 'graph', clientRequestId: 'cid', secrets: [] });
    assert.equal(mk(400, '"Query is empty"').message, 'Query is empty');
    assert.match(mk(401, '{"error":"invalid_token","error_description":"The token expired"}').message, /The token expired/);
    assert.equal(mk(400, '{"Message":"Bad thing"}').message, 'Bad thing');
    const empty = mk(503, '');
    assert.equal(empty.requestId, 'cid', 'falls back to our client-request-id');
    assert.match(empty.message, /without a message.*cid/);
  });

  it('request id: innerError beats headers, headers beat the legacy target, x-ms-request-id is read too', () => {
    const headers: Record<string, string> = { 'request-id': 'hdr', 'x-ms-request-id': 'xms' };
    const mk = (bodyText: string, h: Record<string, string>) => errorFromResponse({ status: 500, header: (n) => h[n] ?? null, bodyText }, { api: 'graph', clientRequestId: 'cid', secrets: [] }).requestId;
    assert.equal(mk('{"error":{"message":"m","InnerError":{"Request-Id":"inner"}}}', headers), 'inner');
    assert.equal(mk('{"error":{"message":"m","target":"|tgt"}}', headers), 'hdr');
    assert.equal(mk('{"error":{"message":"m"}}', { 'x-ms-request-id': 'xms' }), 'xms');
    assert.equal(mk('{"error":{"message":"m","target":"|tgt"}}', {}), 'tgt');
  });
});

describe('secret redaction', () => {
  it('removes the exact token, Bearer values and anything JWT-shaped', () => {
    const text = `auth=${TOKEN}; header "Authorization: Bearer abc.def-ghi_jkl"; other eyJabcdEFGH.eyJpayload12.sig_nature`;
    const out = redactSecrets(text, [TOKEN]);
    assert.ok(!out.includes(TOKEN));
    assert.ok(!out.includes('abc.def-ghi_jkl'));
    assert.ok(!out.includes('eyJpayload12'));
    assert.match(out, /Bearer \[redacted\]/);
  });

  it('leaves ordinary messages alone', () => {
    const m = "'where' operator: Failed to resolve column 'Bearer'";
    assert.equal(redactSecrets(m, ['short']), m);
  });
});

describe('retry policy', () => {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
  const err = (status: number, kind: HuntingError['kind'], retryAfterMs?: number) =>
    new HuntingError({ kind, status, message: 'm', requestId: 'r', ...(retryAfterMs !== undefined && { retryAfterMs }) });

  it('parses Retry-After seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    assert.equal(parseRetryAfter('5', now), 5000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter('Sun, 01 Nov 2026 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 31 Oct 2026 00:00:00 GMT', now), 0, 'a past date means now');
    assert.equal(parseRetryAfter('-5', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it('backoff doubles per retry, with jitter inside [step/2, step], capped', () => {
    const lo = { ...policy, random: () => 0 };
    const hi = { ...policy, random: () => 0.999999 };
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => backoffDelay(i, lo)), [50, 100, 200, 400, 500, 500]);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => backoffDelay(i, hi)), [100, 200, 400, 800, 1000, 1000]);
  });

  it('never retries other 4xx, cancellation, or our own timeout', () => {
    for (const [status, kind] of [[400, 'syntax'], [400, 'semantic'], [403, 'permission'], [404, 'server'], [413, 'too-large'], [0, 'cancelled'], [0, 'timeout'], [0, 'auth']] as const) {
      assert.equal(retryDelay(err(status, kind), { throttle: 0, server: 0 }, policy), undefined, `${status} ${kind}`);
    }
  });

  it('network errors are retried only when the connection broke', () => {
    assert.equal(retryDelay(err(0, 'network'), { throttle: 0, server: 0 }, policy, false), undefined);
    assert.ok(retryDelay(err(0, 'network'), { throttle: 0, server: 0 }, policy, true)! > 0);
  });

  it('a 503 Retry-After is a floor for the backoff; one over the cap gives up', () => {
    assert.equal(retryDelay(err(503, 'server', 800), { throttle: 0, server: 0 }, policy), 800);
    assert.equal(retryDelay(err(503, 'server', 120_000), { throttle: 0, server: 0 }, policy), undefined);
  });

  it('counts retries per family and stops at the bound', () => {
    const counters = { throttle: 0, server: 0 };
    const p = { ...policy, maxThrottleRetries: 2, maxServerRetries: 1 };
    assert.ok(retryDelay(err(429, 'throttled'), counters, p) !== undefined);
    assert.ok(retryDelay(err(500, 'server'), counters, p) !== undefined);
    assert.ok(retryDelay(err(429, 'throttled', 10), counters, p) !== undefined);
    assert.equal(retryDelay(err(429, 'throttled'), counters, p), undefined);
    assert.equal(retryDelay(err(502, 'server'), counters, p), undefined);
    assert.deepEqual(counters, { throttle: 2, server: 1 });
  });

  it('a quota 429 waits only when the service says how long', () => {
    assert.equal(retryDelay(err(429, 'quota'), { throttle: 0, server: 0 }, policy), undefined);
    assert.equal(retryDelay(err(429, 'quota', 2000), { throttle: 0, server: 0 }, policy), 2000);
  });
});
