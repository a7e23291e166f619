import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLOUD_IDS, CLOUDS, huntingUrl } from '../../src/core/api/endpoints';
import { HuntingClient } from '../../src/core/api/huntingClient';
import { json, startServer, type ScriptedServer } from './support/scriptedServer';
import { TOKEN, testClient } from './support/huntingFixtures';

const graphBody = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
  schema: [
    { name: 'Timestamp', type: 'DateTime' },
    { name: 'DeviceName', type: 'String' },
    { name: 'Count', type: 'Int64' },
    { name: 'Ratio', type: 'Double' },
    { name: 'Flag', type: 'Boolean' },
    { name: 'AdditionalFields', type: 'Object' },
  ],
  results: [
    { Timestamp: '2026-11-01T08:00:00.1234567Z', DeviceName: 'pc-1', Count: 3, Ratio: 0.5, Flag: true, AdditionalFields: { a: [1, 2] } },
    // Keys out of order, one missing, a dynamic value JSON-encoded in a string, explicit null.
    { DeviceName: 'pc-2', Count: 0, Timestamp: '2026-11-01T09:00:00Z', Flag: null, AdditionalFields: '{"b":"<script>"}' },
  ],
};

const legacyBody = {
  Stats: { ExecutionTime: 0.42, resource_usage: { cpu: { 'total cpu': '00:00:01.0000000' } } },
  Schema: [{ Name: 'Timestamp', Type: 'DateTime' }, { Name: 'FileName', Type: 'String' }],
  Results: [{ Timestamp: '2020-08-30T06:38:35.7664356Z', FileName: 'conhost.exe' }],
};

describe('hunting client: requests and response shapes', () => {
  let server: ScriptedServer;
  let respond: (path: string) => unknown = () => graphBody;
  before(async () => {
    server = await startServer((req, res) => json(res, 200, respond(req.url ?? '')));
  });
  after(() => server.close());

  it('posts Query and Timespan to Graph runHuntingQuery with the bearer token and a client-request-id', async () => {
    respond = () => graphBody;
    const { client, tokens } = testClient(server.url);
    await client.run('DeviceEvents | take 2', { timespan: 'P7D' });
    const seen = server.requests.at(-1)!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/v1.0/security/runHuntingQuery');
    assert.deepEqual(JSON.parse(seen.body), { Query: 'DeviceEvents | take 2', Timespan: 'P7D' });
    assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
    assert.match(String(seen.headers['content-type']), /^application\/json; charset=utf-8$/);
    assert.match(String(seen.headers['client-request-id']), /^[0-9a-f-]{36}$/);
    assert.deepEqual(tokens.calls, [undefined]);
  });

  it('omits Timespan when none is given', async () => {
    const { client } = testClient(server.url);
    await client.run('print 1');
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { Query: 'print 1' });
  });

  it('sends non-ASCII query text as UTF-8', async () => {
    const { client } = testClient(server.url);
    const q = 'EmailEvents | where Subject has "раураl 💸 مرحبا"';
    await client.run(q);
    assert.equal(JSON.parse(server.requests.at(-1)!.body).Query, q);
  });

  it('normalises the Graph shape: columns, KQL types, rows in schema order, nulls, dynamic values', async () => {
    respond = () => graphBody;
    const { client } = testClient(server.url);
    const r = await client.run('x');
    assert.deepEqual(r.columns.map((c) => [c.name, c.type, c.rawType]), [
      ['Timestamp', 'datetime', 'DateTime'], ['DeviceName', 'string', 'String'], ['Count', 'long', 'Int64'],
      ['Ratio', 'real', 'Double'], ['Flag', 'bool', 'Boolean'], ['AdditionalFields', 'dynamic', 'Object'],
    ]);
    assert.deepEqual(r.rows, [
      ['2026-11-01T08:00:00.1234567Z', 'pc-1', 3, 0.5, true, { a: [1, 2] }],
      ['2026-11-01T09:00:00Z', 'pc-2', 0, null, null, { b: '<script>' }],
    ]);
    assert.equal(r.truncated, undefined);
    assert.equal(r.stats, undefined);
  });

  it('accepts Graph samples that capitalise Name/Type and any casing of the top-level keys', async () => {
    respond = () => ({ SCHEMA: [{ Name: 'a', TYPE: 'String' }, { nAmE: 'B', type: 'Int32' }], ReSuLtS: [{ a: 'x', b: 7 }] });
    const { client } = testClient(server.url);
    const r = await client.run('x');
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['a', 'string'], ['B', 'int']]);
    assert.deepEqual(r.rows, [['x', 7]]);
  });

  it('normalises the legacy shape (PascalCase, Stats) and posts only Query to advancedhunting/run', async () => {
    respond = () => legacyBody;
    const { client } = testClient(server.url, { api: 'legacy' });
    const r = await client.run('DeviceProcessEvents | take 1', { timespan: 'P1D' });
    const seen = server.requests.at(-1)!;
    assert.equal(seen.url, '/api/advancedhunting/run');
    assert.deepEqual(JSON.parse(seen.body), { Query: 'DeviceProcessEvents | take 1' });
    assert.deepEqual(r.columns.map((c) => c.type), ['datetime', 'string']);
    assert.deepEqual(r.rows, [['2020-08-30T06:38:35.7664356Z', 'conhost.exe']]);
    assert.equal(r.stats?.executionTimeSec, 0.42);
    assert.deepEqual(r.stats?.raw, legacyBody.Stats);
  });

  it('reads rows given as arrays, and columns from the first row when the schema is missing', async () => {
    respond = () => ({ schema: [{ name: 'a', type: 'String' }], results: [['x'], ['y']] });
    const { client } = testClient(server.url);
    assert.deepEqual((await client.run('x')).rows, [['x'], ['y']]);
    respond = () => ({ results: [{ p: 1, q: 'two' }] });
    const r = await client.run('x');
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['p', 'dynamic'], ['q', 'dynamic']]);
    assert.deepEqual(r.rows, [[1, 'two']]);
  });

  it('an empty result is a result, not an error', async () => {
    respond = () => ({ schema: [{ name: 'a', type: 'String' }], results: [] });
    const { client } = testClient(server.url);
    const r = await client.run('x');
    assert.equal(r.rows.length, 0);
    assert.equal(r.columns.length, 1);
  });

  it('marks a result of exactly 100,000 rows as truncated at the row limit, and 99,999 as complete', async () => {
    const rows = (n: number) => ({ schema: [{ name: 'i', type: 'Int32' }], results: Array.from({ length: n }, (_, i) => ({ i })) });
    const { client } = testClient(server.url);
    respond = () => rows(100_000);
    const full = await client.run('x');
    assert.equal(full.rows.length, 100_000);
    assert.equal(full.rows[99_999][0], 99_999);
    assert.equal(full.truncated, 'row-limit');
    respond = () => rows(99_999);
    assert.equal((await client.run('x')).truncated, undefined);
  });

  it('marks a result whose body reached the size limit', async () => {
    respond = () => ({ schema: [{ name: 's', type: 'String' }], results: [{ s: 'x'.repeat(2000) }] });
    const big = testClient(server.url, { limits: { maxBytes: 1000 } }).client;
    assert.equal((await big.run('x')).truncated, 'size-limit');
    const roomy = testClient(server.url, { limits: { maxBytes: 10_000 } }).client;
    assert.equal((await roomy.run('x')).truncated, undefined);
  });

  it('joins a custom base URL with a path prefix and trailing slash', async () => {
    respond = () => graphBody;
    const { client } = testClient(`${server.url}/emulator/`);
    await client.run('x');
    assert.equal(server.requests.at(-1)!.url, '/emulator/v1.0/security/runHuntingQuery');
  });
});

describe('hunting client: endpoint table', () => {
  it('targets each cloud\'s own Graph and legacy hosts', () => {
    const expected: Record<string, [string, string]> = {
      global: ['https://graph.microsoft.com/v1.0/security/runHuntingQuery', 'https://api.security.microsoft.com/api/advancedhunting/run'],
      gcc: ['https://graph.microsoft.com/v1.0/security/runHuntingQuery', 'https://api-gcc.security.microsoft.us/api/advancedhunting/run'],
      'gcc-high': ['https://graph.microsoft.us/v1.0/security/runHuntingQuery', 'https://api-gov.security.microsoft.us/api/advancedhunting/run'],
      dod: ['https://dod-graph.microsoft.us/v1.0/security/runHuntingQuery', 'https://api-gov.security.microsoft.us/api/advancedhunting/run'],
    };
    for (const cloud of CLOUD_IDS) {
      const graph = new HuntingClient({ cloud, getToken: async () => TOKEN });
      const legacy = new HuntingClient({ cloud, api: 'legacy', getToken: async () => TOKEN });
      assert.deepEqual([graph.url, legacy.url], expected[cloud], cloud);
      assert.equal(graph.url, huntingUrl(cloud, 'graph'));
      assert.ok(graph.url.startsWith(CLOUDS[cloud].graph));
    }
  });
});
