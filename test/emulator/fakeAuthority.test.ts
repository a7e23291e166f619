/**
 * The emulator accepts the tokens of the project's fake Entra ID authority (test/fakes/fakeEntra.ts),
 * which signs to the same contract: RS256, `aud` = the resource, `tid`, `roles` / `scp`.
 * Needs the test TLS certificate that `npm test` provides.
 */
import assert from 'node:assert/strict';
import * as https from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { FakeEntra, trustsCertificate } from '../fakes/fakeEntra';
import { GRAPH, LEGACY, post } from './http';

const tlsReady = trustsCertificate();

function clientCredentials(fake: FakeEntra, tenant: string, clientId: string, secret: string, resource: string): Promise<string> {
  const body = new URLSearchParams({ client_id: clientId, client_secret: secret, grant_type: 'client_credentials', scope: `${resource}/.default` }).toString();
  return new Promise((resolve, reject) => {
    const req = https.request(`${fake.url}/${tenant}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        const json = JSON.parse(text) as { access_token?: string };
        if (json.access_token) resolve(json.access_token); else reject(new Error(text));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('tokens of the fake Entra ID authority', { skip: tlsReady ? false : 'needs the test TLS certificate: run through `npm test`' }, () => {
  let fake: FakeEntra;
  let emu: RunningEmulator;
  before(async () => {
    fake = await FakeEntra.start();
    fake.registerApp({ clientId: 'hunter-app', homeTenantId: 'contoso-tenant', secrets: ['s3cret'], roles: ['ThreatHunting.Read.All', 'AdvancedHunting.Read.All'] });
    fake.registerApp({ clientId: 'reader-app', homeTenantId: 'contoso-tenant', secrets: ['s3cret'], roles: ['User.Read.All'] });
    emu = await startEmulator({ rows: 50, trustedKeys: [fake.publicKeyPem], rateLimit: false });
  });
  after(async () => { await emu.close(); await fake.close(); });

  it('accepts an app token for the API it was issued for, and only that one', async () => {
    const graphToken = await clientCredentials(fake, 'contoso-tenant', 'hunter-app', 's3cret', 'https://graph.microsoft.com');
    assert.equal((await post(emu.url, GRAPH, { Query: 'print 1' }, graphToken)).status, 200);
    assert.equal((await post(emu.url, LEGACY, { Query: 'print 1' }, graphToken)).status, 401);
    const legacyToken = await clientCredentials(fake, 'contoso-tenant', 'hunter-app', 's3cret', 'https://api.security.microsoft.com');
    assert.equal((await post(emu.url, LEGACY, { Query: 'print 1' }, legacyToken)).status, 200);
  });

  it('answers 403 when the app lacks the hunting permission', async () => {
    const token = await clientCredentials(fake, 'contoso-tenant', 'reader-app', 's3cret', 'https://graph.microsoft.com');
    const r = await post(emu.url, GRAPH, { Query: 'print 1' }, token);
    assert.equal(r.status, 403);
    assert.equal(r.json.error?.code, 'Forbidden');
  });
});
