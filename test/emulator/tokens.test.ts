import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { GRAPH, keyPair, LEGACY, nowSeconds, post, signJwt } from './http';

describe('tokens from the test authority', () => {
  const authority = keyPair();
  const stranger = keyPair();
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ rows: 50, trustedKeys: [authority.publicPem], rateLimit: { calls: 2, windowSeconds: 60 } });
    await emu.ready;
  });
  after(() => emu.close());

  const graphClaims = (extra: Record<string, unknown> = {}) => ({ aud: 'https://graph.microsoft.com', tid: 'tenant-a', exp: nowSeconds() + 600, roles: ['ThreatHunting.Read.All'], ...extra });
  const legacyClaims = (extra: Record<string, unknown> = {}) => ({ aud: 'https://api.security.microsoft.com', tid: 'tenant-l', exp: nowSeconds() + 600, roles: ['AdvancedHunting.Read.All'], ...extra });
  const q = { Query: 'print 1' };

  it('accepts RS256 tokens signed by a trusted key with the API audience and permission', async () => {
    assert.equal((await post(emu.url, GRAPH, q, signJwt(authority.privateKey, graphClaims()))).status, 200);
    assert.equal((await post(emu.url, GRAPH, q, signJwt(authority.privateKey, graphClaims({ tid: 'tenant-b', roles: undefined, scp: 'openid ThreatHunting.Read.All' })))).status, 200);
    assert.equal((await post(emu.url, LEGACY, q, signJwt(authority.privateKey, legacyClaims()))).status, 200);
    assert.equal((await post(emu.url, LEGACY, q, signJwt(authority.privateKey, legacyClaims({ tid: 'tenant-m', aud: 'https://api-gov.security.microsoft.us', roles: undefined, scp: 'AdvancedHunting.Read' })))).status, 200);
    assert.equal((await post(emu.url, GRAPH, q, signJwt(authority.privateKey, graphClaims({ tid: 'tenant-c', aud: 'https://graph.microsoft.us/' })))).status, 200);
  });

  it('rejects other signers, expired tokens, wrong audiences, alg none, and garbage with 401', async () => {
    const cases: [string, string][] = [
      ['untrusted key', signJwt(stranger.privateKey, graphClaims())],
      ['expired', signJwt(authority.privateKey, graphClaims({ exp: nowSeconds() - 10 }))],
      ['no exp', signJwt(authority.privateKey, graphClaims({ exp: undefined }))],
      ['legacy audience on Graph', signJwt(authority.privateKey, graphClaims({ aud: 'https://api.security.microsoft.com' }))],
      ['foreign audience', signJwt(authority.privateKey, graphClaims({ aud: 'https://evil.example' }))],
      ['no tenant', signJwt(authority.privateKey, graphClaims({ tid: undefined }))],
      ['alg none', signJwt(authority.privateKey, graphClaims(), { alg: 'none' }).split('.').slice(0, 2).join('.') + '.'],
      ['not a JWT', 'abc.def'],
    ];
    for (const [what, token] of cases) {
      const r = await post(emu.url, GRAPH, q, token);
      assert.equal(r.status, 401, what);
      assert.equal(r.json.error?.code, 'InvalidAuthenticationToken', what);
    }
    const expired = await post(emu.url, GRAPH, q, signJwt(authority.privateKey, graphClaims({ exp: nowSeconds() - 10 })));
    assert.equal(expired.json.error?.message, 'Lifetime validation failed, the token is expired.');
    const wrongApi = await post(emu.url, LEGACY, q, signJwt(authority.privateKey, graphClaims()));
    assert.equal(wrongApi.status, 401);
    assert.equal(wrongApi.json.error?.code, 'Unauthorized');
  });

  it('answers a valid token without the permission with 403 in each API shape', async () => {
    const g = await post(emu.url, GRAPH, q, signJwt(authority.privateKey, graphClaims({ roles: ['User.Read.All'] })));
    assert.equal(g.status, 403);
    assert.equal(g.json.error?.code, 'Forbidden');
    assert.match(String(g.json.error?.message), /ThreatHunting\.Read\.All/);
    assert.ok(g.json.error?.innerError);
    const l = await post(emu.url, LEGACY, q, signJwt(authority.privateKey, legacyClaims({ roles: ['ThreatHunting.Read.All'] })));
    assert.equal(l.status, 403);
    assert.equal(l.json.error?.code, 'Forbidden');
    assert.match(String(l.json.error?.message), /AdvancedHunting\.Read\.All/);
    assert.ok(l.json.error?.target);
  });

  it('counts the quota per tenant (the tid claim; "dev" for the dev token)', async () => {
    const token = signJwt(authority.privateKey, graphClaims({ tid: 'tenant-q' }));
    assert.equal((await post(emu.url, GRAPH, q, token)).status, 200);
    assert.equal((await post(emu.url, GRAPH, q, token)).status, 200);
    assert.equal((await post(emu.url, GRAPH, q, token)).status, 429);
    assert.equal((await post(emu.url, GRAPH, q, signJwt(authority.privateKey, graphClaims({ tid: 'tenant-r' })))).status, 200);
    assert.equal((await post(emu.url, GRAPH, q, emu.devToken)).status, 200);
  });
});

describe('fault injection', () => {
  let emu: RunningEmulator;
  let plain: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ rows: 50, faults: true, rateLimit: false });
    plain = await startEmulator({ rows: 50, rateLimit: false });
    await emu.ready;
  });
  after(async () => { await emu.close(); await plain.close(); });
  const q = { Query: 'DeviceInfo | take 1 | project DeviceName' };
  const fault = (spec: string) => ({ 'x-emulator-fault': spec });

  it('is off unless enabled: the header is ignored and the control endpoint absent', async () => {
    assert.equal((await post(plain.url, GRAPH, q, plain.devToken, fault('503'))).status, 200);
    assert.equal((await post(plain.url, '/emulator/faults', { faults: ['503'] }, plain.devToken)).status, 404);
    assert.throws(() => plain.faults.enqueue('503'), /fault injection is off/);
  });

  it('429 and 503 carry Retry-After; 500 and 504 use each API body', async () => {
    const t = await post(emu.url, LEGACY, q, emu.devToken, fault('429:3'));
    assert.equal(t.status, 429);
    assert.equal(t.headers.get('retry-after'), '3');
    assert.equal(t.json.error?.code, '429');
    const u = await post(emu.url, GRAPH, q, emu.devToken, fault('503'));
    assert.equal(u.status, 503);
    assert.equal(u.headers.get('retry-after'), '1');
    assert.equal(u.json.error?.code, 'ServiceUnavailable');
    const s = await post(emu.url, GRAPH, q, emu.devToken, fault('500'));
    assert.equal(s.status, 500);
    assert.deepEqual([s.json.error?.code, s.json.error?.message], ['UnknownError', '']);
    const g = await post(emu.url, GRAPH, q, emu.devToken, fault('504'));
    assert.equal(g.status, 504);
    assert.equal((await post(emu.url, LEGACY, q, emu.devToken, fault('500'))).json.error?.code, 'InternalServerError');
    assert.equal((await post(emu.url, GRAPH, q, emu.devToken, fault('teapot'))).status, 400);
  });

  it('resets the connection', async () => {
    await assert.rejects(post(emu.url, GRAPH, q, emu.devToken, fault('reset')));
  });

  it('delays a response that then succeeds', async () => {
    const started = Date.now();
    const r = await post(emu.url, GRAPH, q, emu.devToken, fault('slow:300'));
    assert.equal(r.status, 200);
    assert.ok(Date.now() - started >= 250, 'the response waited for the injected delay');
  });

  it('truncates a body mid-way', async () => {
    const res = await fetch(emu.url + GRAPH, { method: 'POST', headers: { authorization: `Bearer ${emu.devToken}`, 'x-emulator-fault': 'truncate' }, body: JSON.stringify({ Query: 'DeviceProcessEvents | take 20' }) });
    assert.equal(res.status, 200);
    await assert.rejects(res.text().then((t) => JSON.parse(t)));
  });

  it('sends a huge result past the limits', async () => {
    const r = await post(emu.url, GRAPH, q, emu.devToken, fault('huge:1500'));
    assert.equal(r.status, 200);
    assert.equal((r.json.schema as unknown[]).length, 20);
    assert.equal((r.json.results as unknown[]).length, 1500);
  });

  it('plays a queued sequence: 503, 503, then 200 (HTTP control endpoint and API)', async () => {
    const queued = await post(emu.url, '/emulator/faults', { faults: ['503', '503'] }, emu.devToken);
    assert.equal(queued.status, 200);
    assert.deepEqual(queued.json.pending, [{ kind: '503' }, { kind: '503' }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(emu.url, GRAPH, q, emu.devToken)).status);
    assert.deepEqual(statuses, [503, 503, 200]);
    emu.faults.enqueue('500', '429:2');
    assert.deepEqual([(await post(emu.url, LEGACY, q, emu.devToken)).status, (await post(emu.url, LEGACY, q, emu.devToken)).status, (await post(emu.url, LEGACY, q, emu.devToken)).status], [500, 429, 200]);
    assert.equal((await post(emu.url, '/emulator/faults', { faults: ['503'] }, 'wrong')).status, 401);
  });
});
