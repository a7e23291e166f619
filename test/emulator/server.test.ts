import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { GRAPH, LEGACY, post } from './http';

const DATETIME_7 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALL_TYPES = 'print s = "x", l = 1, i = toint(2), r = 1.5, d = decimal(2.5), b = true, t = datetime(2024-05-01 10:00:00.1234560), ts = 1d + 2h, g = guid(8f3e2c1a-5b7d-4e9f-a2c6-0d4b1e7f9a35), dyn = dynamic({"a":[1,"<b>"]})';

describe('HTTP: response shapes of both APIs', () => {
  const fixedNow = Date.now();
  let emu: RunningEmulator;
  before(async () => { emu = await startEmulator({ rows: 300, rateLimit: false, clock: () => fixedNow }); await emu.ready; });
  after(() => emu.close());

  it('Graph: @odata.context, lowercase schema/results, CLR type names, 7-digit UTC datetimes, request ids', async () => {
    const r = await post(emu.url, GRAPH, { Query: ALL_TYPES }, emu.devToken, { 'client-request-id': 'my-client-id' });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['@odata.context', 'schema', 'results']);
    assert.equal(r.json['@odata.context'], `${emu.url}/v1.0/$metadata#microsoft.graph.security.huntingQueryResults`);
    assert.deepEqual(r.json.schema, [
      { name: 's', type: 'String' }, { name: 'l', type: 'Int64' }, { name: 'i', type: 'Int32' }, { name: 'r', type: 'Double' }, { name: 'd', type: 'Decimal' },
      { name: 'b', type: 'Boolean' }, { name: 't', type: 'DateTime' }, { name: 'ts', type: 'TimeSpan' }, { name: 'g', type: 'Guid' }, { name: 'dyn', type: 'Object' },
    ]);
    const [row] = r.json.results as Record<string, unknown>[];
    assert.deepEqual(row, { s: 'x', l: 1, i: 2, r: 1.5, d: 2.5, b: true, t: '2024-05-01T10:00:00.1234560Z', ts: '1.02:00:00', g: '8f3e2c1a-5b7d-4e9f-a2c6-0d4b1e7f9a35', dyn: { a: [1, '<b>'] } });
    assert.match(r.headers.get('request-id') ?? '', GUID);
    assert.equal(r.headers.get('client-request-id'), 'my-client-id');
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('Graph: sample rows have ISO 8601 UTC datetimes with 7 fractional digits', async () => {
    const r = await post(emu.url, GRAPH, { Query: 'DeviceProcessEvents | take 5 | project Timestamp, ProcessCreationTime' }, emu.devToken);
    const results = r.json.results as { Timestamp: string }[];
    assert.equal(results.length, 5);
    for (const row of results) assert.match(row.Timestamp, DATETIME_7);
  });

  it('legacy: Stats, PascalCase Schema/Results, and a case-sensitive Query', async () => {
    const r = await post(emu.url, LEGACY, { Query: 'DeviceInfo | summarize n = count() by OSPlatform | order by OSPlatform asc | take 2' }, emu.devToken);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['Stats', 'Schema', 'Results']);
    assert.deepEqual(r.json.Schema, [{ Name: 'OSPlatform', Type: 'String' }, { Name: 'n', Type: 'Int64' }]);
    assert.deepEqual(r.json.Results, [{ OSPlatform: 'Linux', n: 30 }, { OSPlatform: 'Windows10', n: 180 }]);
    const stats = r.json.Stats as Record<string, unknown>;
    assert.equal(typeof stats.ExecutionTime, 'number');
    assert.ok((stats.resource_usage as Record<string, unknown>).cpu);
    assert.deepEqual(Object.keys((stats.dataset_statistics as object[])[0]), ['table_row_count', 'table_size']);

    const lower = await post(emu.url, LEGACY, { query: 'DeviceInfo | take 1' }, emu.devToken);
    assert.equal(lower.status, 400);
    assert.equal(lower.json.error?.code, 'MissingRequiredParameter');
    assert.match(String(lower.json.error?.target), /^\|[0-9a-f-]{36}\.$/);
    // Graph binds its body case-insensitively
    assert.equal((await post(emu.url, GRAPH, { query: 'DeviceInfo | take 1' }, emu.devToken)).status, 200);
  });

  it('400 for query errors, with the engine-like message and position, in each API envelope', async () => {
    const q = 'DeviceProcessEvents\n| where NoSuchColumn == 1';
    const g = await post(emu.url, GRAPH, { Query: q }, emu.devToken);
    assert.equal(g.status, 400);
    assert.equal(g.json.error?.code, 'BadRequest');
    assert.equal(g.json.error?.message, "'where' operator: Failed to resolve scalar expression named 'NoSuchColumn'. Fix semantic errors in your query. [line:position=2:8]");
    const inner = g.json.error?.innerError as Record<string, string>;
    assert.deepEqual(Object.keys(inner), ['date', 'request-id', 'client-request-id']);
    assert.match(inner.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    assert.equal(inner['request-id'], g.headers.get('request-id'));
    const l = await post(emu.url, LEGACY, { Query: 'DeviceProcessEvents | where' }, emu.devToken);
    assert.equal(l.status, 400);
    assert.deepEqual(Object.keys(l.json.error ?? {}), ['code', 'message', 'target']);
    assert.match(String(l.json.error?.message), /^Syntax error: .*\[line:position=1:\d+\]$/);
    const bad = await post(emu.url, GRAPH, '{"Query": ', emu.devToken);
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.error?.message), /Unable to read JSON request payload/);
    const unsupported = await post(emu.url, GRAPH, { Query: 'DeviceProcessEvents | evaluate autocluster()' }, emu.devToken);
    assert.equal(unsupported.status, 400);
    assert.match(String(unsupported.json.error?.message), /not supported by the offline emulator/);
  });

  it('401 without a valid token, in each API shape', async () => {
    const g = await post(emu.url, GRAPH, { Query: 'DeviceInfo' });
    assert.equal(g.status, 401);
    assert.equal(g.json.error?.code, 'InvalidAuthenticationToken');
    assert.equal(g.json.error?.message, 'Access token is empty.');
    assert.match(g.headers.get('www-authenticate') ?? '', /^Bearer /);
    const l = await post(emu.url, LEGACY, { Query: 'DeviceInfo' }, 'not-the-token');
    assert.equal(l.status, 401);
    assert.equal(l.json.error?.code, 'Unauthorized');
    assert.ok(!l.text.includes('not-the-token'), 'the token is never echoed');
  });

  it('404 for unknown paths and 405 for other methods', async () => {
    assert.equal((await post(emu.url, '/v1.0/security/alerts', {}, emu.devToken)).status, 404);
    const get = await fetch(emu.url + GRAPH, { headers: { authorization: `Bearer ${emu.devToken}` } });
    assert.equal(get.status, 405);
    await get.text();
  });

  it('Timespan limits every table to the window; all documented forms; invalid ones are 400', async () => {
    const count = async (timespan?: string) => {
      const r = await post(emu.url, GRAPH, { Query: 'DeviceProcessEvents | count', ...(timespan === undefined ? {} : { Timespan: timespan }) }, emu.devToken);
      assert.equal(r.status, 200, r.text);
      return (r.json.results as { Count: number }[])[0].Count;
    };
    const reference = async (q: string) => ((await post(emu.url, LEGACY, { Query: q }, emu.devToken)).json.Results as { Count: number }[])[0].Count;
    const day = await count('P1D');
    const all = await count();
    assert.ok(day > 0 && day < all, `P1D ${day} < default ${all}`);
    assert.equal(day, await reference('DeviceProcessEvents | where Timestamp between (ago(1d) .. now()) | count'));
    assert.equal(await count('PT24H'), day);
    const end = new Date(fixedNow).toISOString();
    const start = new Date(fixedNow - 86_400_000).toISOString();
    assert.equal(await count(`${start}/${end}`), day);
    assert.equal(await count(`P1D/${end}`), day);
    assert.equal(await count(`${start}/P1D`), day);
    assert.equal(await count(start), day);
    assert.equal(await count('2000-01-01T00:00:00Z/2000-01-02T00:00:00Z'), 0);
    // the shorter of the query's own filter and the Timespan applies
    const r = await post(emu.url, GRAPH, { Query: 'DeviceProcessEvents | where Timestamp > ago(2d) | count', Timespan: 'P1D' }, emu.devToken);
    assert.equal((r.json.results as { Count: number }[])[0].Count, day);
    for (const bad of ['yesterday', 'P', '2024-13-01/P1D', 'P1D/P2D']) {
      const e = await post(emu.url, GRAPH, { Query: 'DeviceInfo | take 1', Timespan: bad }, emu.devToken);
      assert.equal(e.status, 400, bad);
      assert.equal(e.json.error?.code, 'BadRequest');
    }
  });

  it('render stays out of the body; the emulator reports it in a header', async () => {
    const r = await post(emu.url, GRAPH, { Query: 'DeviceInfo | summarize count() by OSPlatform | render piechart' }, emu.devToken);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['@odata.context', 'schema', 'results']);
    assert.equal(r.headers.get('x-emulator-visualization'), 'piechart');
  });
});

describe('HTTP: limits', () => {
  let emu: RunningEmulator;
  before(async () => { emu = await startEmulator({ rows: 200, maxRows: 5, maxResultBytes: { graph: 4_000 }, rateLimit: { calls: 4, windowSeconds: 60 } }); await emu.ready; });
  after(() => emu.close());

  it('caps results at the row limit and says so in a header', async () => {
    const r = await post(emu.url, LEGACY, { Query: 'DeviceProcessEvents | take 10 | project ReportId' }, emu.devToken);
    assert.equal(r.status, 200);
    assert.equal((r.json.Results as unknown[]).length, 5);
    assert.equal(r.headers.get('x-emulator-truncated'), 'rows=5;total=10');
  });

  it('rejects results over the size limit with the documented 400', async () => {
    const r = await post(emu.url, GRAPH, { Query: 'DeviceProcessEvents | take 5' }, emu.devToken);
    assert.equal(r.status, 400);
    assert.equal(r.json.error?.message, 'Query execution has exceeded the allowed result size. Optimize your query by limiting the number of results and try again.');
  });

  it('throttles a tenant after its quota with 429 and Retry-After', async () => {
    // two calls were used above
    assert.equal((await post(emu.url, GRAPH, { Query: 'print 1' }, emu.devToken)).status, 200);
    assert.equal((await post(emu.url, GRAPH, { Query: 'print 1' }, emu.devToken)).status, 200);
    const g = await post(emu.url, GRAPH, { Query: 'print 1' }, emu.devToken);
    assert.equal(g.status, 429);
    assert.equal(g.json.error?.code, 'TooManyRequests');
    assert.equal(g.json.error?.message, 'API calls quota exceeded! maximum allowed 4 per 00:01:00');
    const retry = Number(g.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    const l = await post(emu.url, LEGACY, { Query: 'print 1' }, emu.devToken);
    assert.equal(l.status, 429);
    assert.equal(l.json.error?.code, '429');
  });
});
