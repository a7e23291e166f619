/**
 * The msal-node token sources against the fake Entra ID authority on 127.0.0.1 over HTTPS, for
 * real: client secret, certificate assertion (the fake verifies its signature), device code (with
 * cancel), renewal before expiry, Entra's error codes mapped to guidance, and no request anywhere
 * but the authority.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { AppTokenSource } from '../../src/core/auth/appTokenSource';
import { loadCertificateCredential } from '../../src/core/auth/certificate';
import { DeviceCodeTokenSource, type DeviceCodePrompt } from '../../src/core/auth/deviceCodeTokenSource';
import { PinnedNetworkClient, UnexpectedHostError, type AuthorityTarget } from '../../src/core/auth/msalSetup';
import { SignInError } from '../../src/core/auth/signInError';
import { FakeEntra } from '../fakes/fakeEntra';
import { decodeJwt, verifyJwtSignature } from '../fakes/jwt';
import { makeClientCertificate, type TestCertificate } from '../fakes/testCertificates';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CUSTOMER = '99999999-8888-7777-6666-555555555555';
const APP = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const CERT_APP = 'cccccccc-0000-0000-0000-000000000001';
const PUBLIC_APP = 'dddddddd-0000-0000-0000-000000000002';
const SECRET = 'canary-S3cr3t~value.DH-7f3a9e';

let fake: FakeEntra;
let cert: TestCertificate;
let otherCert: TestCertificate;
/**
 * Every outgoing HTTP(S) request during a test (node:http/https and fetch), seen through Node's
 * diagnostics channels: the proof of "no traffic beyond the authority".
 */
let fetched: string[] = [];
const onHttp = (m: unknown) => {
  const r = (m as { request: { protocol?: string; host?: string; getHeader(n: string): unknown; path: string } }).request;
  fetched.push(`${r.protocol ?? 'https:'}//${String(r.getHeader('host') ?? r.host)}${r.path}`);
};
const onFetch = (m: unknown) => {
  const r = (m as { request: { origin: string; path: string } }).request;
  fetched.push(`${r.origin}${r.path}`);
};

const target = (over: Partial<AuthorityTarget> = {}): AuthorityTarget => ({ cloud: 'global', tenantId: TENANT, api: 'graph', clientId: APP, authorityHost: fake.url, ...over });

async function rejectsWith(p: Promise<unknown>, kind: SignInError['kind'], code?: string): Promise<SignInError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SignInError, `expected a SignInError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (code) assert.equal(e.code, code);
    return e;
  }
  assert.fail(`expected a ${kind} failure`);
}

describe('msal token sources against the fake Entra ID authority', () => {
  before(async () => {
    fake = await FakeEntra.start({ pollIntervalSeconds: 0.05 });
    cert = await makeClientCertificate();
    otherCert = await makeClientCertificate('not-registered');
    fake.registerApp({ clientId: APP, homeTenantId: TENANT, secrets: [SECRET], roles: ['ThreatHunting.Read.All'], multiTenant: true });
    fake.registerApp({ clientId: CERT_APP, homeTenantId: TENANT, certificates: [cert.certificatePem], roles: ['AdvancedHunting.Read.All'] });
    fake.registerApp({ clientId: PUBLIC_APP, homeTenantId: TENANT, scopes: ['ThreatHunting.Read.All'] });
    fake.addTenant(CUSTOMER);
    diagnostics.subscribe('http.client.request.start', onHttp);
    diagnostics.subscribe('undici:request:create', onFetch);
  });
  after(async () => {
    diagnostics.unsubscribe('http.client.request.start', onHttp);
    diagnostics.unsubscribe('undici:request:create', onFetch);
    await fake.close();
  });
  beforeEach(() => { fetched = []; fake.requests.length = 0; });
  afterEach(() => {
    const elsewhere = fetched.filter((u) => new URL(u).origin !== fake.url);
    assert.deepEqual(elsewhere, [], 'msal reached a host other than the authority');
    assert.ok(fetched.length > 0 || fake.requests.length === 0, 'the request observer saw the requests the fake received');
    assert.deepEqual(fake.unexpectedRequests(), [], 'msal asked the authority for something other than metadata, token or device code');
  });

  describe('client secret (application context)', () => {
    it('gets an RS256 token for <resource>/.default with the app roles, verifiable with the fake\'s public key', async () => {
      const source = new AppTokenSource(target(), { kind: 'secret', secret: SECRET });
      assert.equal(source.accountLabel, undefined);
      const t = await source.getToken();
      const { ok, header, payload } = verifyJwtSignature(t.token, fake.publicKeyPem);
      assert.ok(ok, 'signature verifies with publicKeyPem');
      assert.equal(header.alg, 'RS256');
      assert.equal(payload.aud, 'https://graph.microsoft.com');
      assert.equal(payload.iss, `${fake.url}/${TENANT}/v2.0`);
      assert.equal(payload.tid, TENANT);
      assert.equal(payload.appid, APP);
      assert.equal(payload.azp, APP);
      assert.deepEqual(payload.roles, ['ThreatHunting.Read.All']);
      for (const k of ['iat', 'nbf', 'exp']) assert.equal(typeof payload[k], 'number', k);
      assert.ok(Math.abs(t.expiresOn.getTime() - (payload.exp as number) * 1000) < 5_000, 'expiresOn matches exp');
      assert.equal(source.accountLabel, `app ${APP}`);
    });

    it('asks for the legacy API resource when the connection uses the legacy API', async () => {
      const t = await new AppTokenSource(target({ api: 'legacy' }), { kind: 'secret', secret: SECRET }).getToken();
      assert.equal(decodeJwt(t.token).payload.aud, 'https://api.security.microsoft.com');
    });

    it('reads the tenant metadata from the authority itself and sends one token request', async () => {
      await new AppTokenSource(target(), { kind: 'secret', secret: SECRET }).getToken();
      assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path.replace(TENANT, 'T')}`), [
        'GET /T/v2.0/.well-known/openid-configuration',
        'POST /T/oauth2/v2.0/token',
      ]);
      assert.equal(fake.requests[1].grantType, 'client_credentials');
    });

    it('keeps the token in memory: a second call does not go to the authority', async () => {
      const source = new AppTokenSource(target(), { kind: 'secret', secret: SECRET });
      const a = await source.getToken();
      const issued = fake.issuedTokens;
      const b = await source.getToken();
      assert.equal(b.token, a.token);
      assert.equal(fake.issuedTokens, issued);
    });

    it('shares one request between concurrent callers', async () => {
      const source = new AppTokenSource(target(), { kind: 'secret', secret: SECRET });
      const before = fake.issuedTokens;
      const [a, b, c] = await Promise.all([source.getToken(), source.getToken(), source.getToken()]);
      assert.equal(fake.issuedTokens - before, 1);
      assert.equal(a.token, b.token);
      assert.equal(b.token, c.token);
    });

    it('renews the token five minutes before it expires, not earlier', async () => {
      let now = Date.now();
      const source = new AppTokenSource(target(), { kind: 'secret', secret: SECRET }, { now: () => now });
      const first = await source.getToken();
      const lifetime = first.expiresOn.getTime() - now;
      now += lifetime - 6 * 60_000; // 6 minutes left: still good
      assert.equal((await source.getToken()).token, first.token);
      const issued = fake.issuedTokens;
      now += 2 * 60_000; // 4 minutes left: renew
      const renewed = await source.getToken();
      assert.notEqual(renewed.token, first.token);
      assert.equal(fake.issuedTokens, issued + 1);
    });

    it('forceRefresh (after an HTTP 401) gets a new token instead of the cached one', async () => {
      const source = new AppTokenSource(target(), { kind: 'secret', secret: SECRET });
      const a = await source.getToken();
      const b = await source.getToken({ forceRefresh: true });
      assert.notEqual(a.token, b.token);
      assert.equal((await source.getToken()).token, b.token);
    });

    it('sign-out forgets the token: the next call gets a new one', async () => {
      const source = new AppTokenSource(target(), { kind: 'secret', secret: SECRET });
      const a = await source.getToken();
      await source.signOut();
      assert.equal(source.accountLabel, undefined);
      const b = await source.getToken();
      assert.notEqual(a.token, b.token);
    });

    it('AADSTS7000215 (wrong secret) -> invalid-secret guidance without the secret', async () => {
      const wrong = 'wrong-canary-secret-0123456789';
      const e = await rejectsWith(new AppTokenSource(target(), { kind: 'secret', secret: wrong }).getToken(), 'invalid-secret', 'AADSTS7000215');
      assert.match(e.message, /Certificates & secrets/);
      assert.match(e.message, /Value \(not its Secret ID\)/);
      assert.ok(!e.message.includes(wrong));
      assert.ok(e.actions.includes('edit-connection'));
    });

    it('AADSTS700016 (unknown app) -> unknown-app guidance naming client id and tenant', async () => {
      const ghost = '00000000-0000-0000-0000-00000000dead';
      const e = await rejectsWith(new AppTokenSource(target({ clientId: ghost }), { kind: 'secret', secret: SECRET }).getToken(), 'unknown-app', 'AADSTS700016');
      assert.ok(e.message.includes(ghost) && e.message.includes(TENANT), e.message);
      assert.ok(e.actions.includes('admin-consent'));
    });

    it('AADSTS90002 (tenant not found) -> wrong-tenant guidance', async () => {
      const nowhere = '12345678-1234-1234-1234-123456789abc';
      const e = await rejectsWith(new AppTokenSource(target({ tenantId: nowhere }), { kind: 'secret', secret: SECRET }).getToken(), 'wrong-tenant');
      assert.ok(e.message.includes(nowhere));
      assert.match(e.message, /GCC High and DoD/);
    });

    it('partner: a customer tenant without consent -> AADSTS700016; after admin consent the same connection works', async () => {
      const source = new AppTokenSource(target({ tenantId: CUSTOMER }), { kind: 'secret', secret: SECRET });
      await rejectsWith(source.getToken(), 'unknown-app', 'AADSTS700016');
      const { adminConsentUrl } = await import('../../src/core/auth/adminConsent');
      const url = adminConsentUrl({ cloud: 'global', api: 'graph', tenantId: CUSTOMER, clientId: APP, authorityHost: fake.url });
      const r = await fetch(url, { redirect: 'manual' });
      assert.equal(r.status, 302);
      assert.match(r.headers.get('location') ?? '', /admin_consent=True/);
      const t = await source.getToken();
      assert.equal(decodeJwt(t.token).payload.tid, CUSTOMER);
    });

    it('a failed renewal is reported, and the next call tries again', async () => {
      const source = new AppTokenSource(target({ tenantId: CUSTOMER, clientId: '00000000-0000-0000-0000-0000000000ff' }), { kind: 'secret', secret: SECRET });
      await rejectsWith(source.getToken(), 'unknown-app');
      await rejectsWith(source.getToken(), 'unknown-app');
      assert.equal(fake.requests.filter((r) => r.path.endsWith('/token')).length, 2);
    });

    it('an unreachable authority -> network guidance naming the host', async () => {
      const closed = await FakeEntra.start();
      const url = closed.url;
      await closed.close();
      const source = new AppTokenSource({ ...target(), authorityHost: url }, { kind: 'secret', secret: SECRET });
      const e = await rejectsWith(source.getToken(), 'network');
      assert.ok(e.message.includes(url.replace('https://', '')) || e.message.includes(url), e.message);
      fetched = fetched.filter((u) => !u.startsWith(url)); // the closed fake is an authority too
    });
  });

  describe('certificate (application context)', () => {
    it('signs a client assertion the fake verifies with the registered certificate, and gets app roles', async () => {
      const cred = loadCertificateCredential({ certificate: cert.certificatePem, privateKey: cert.pkcs8Pem });
      const t = await new AppTokenSource(target({ clientId: CERT_APP, api: 'legacy' }), { kind: 'certificate', thumbprintSha256: cred.thumbprintSha256, privateKeyPem: cred.privateKeyPem }).getToken();
      const p = decodeJwt(t.token).payload;
      assert.equal(p.appid, CERT_APP);
      assert.equal(p.aud, 'https://api.security.microsoft.com');
      assert.deepEqual(p.roles, ['AdvancedHunting.Read.All']);
    });

    it('accepts an encrypted PKCS#8 key and a PKCS#1 key once normalised', async () => {
      for (const [key, passphrase] of [[cert.encryptedPem('pass phrase'), 'pass phrase'], [cert.pkcs1Pem, undefined]] as const) {
        const cred = loadCertificateCredential({ certificate: cert.certificatePem, privateKey: key, passphrase });
        const t = await new AppTokenSource(target({ clientId: CERT_APP }), { kind: 'certificate', thumbprintSha256: cred.thumbprintSha256, privateKeyPem: cred.privateKeyPem }).getToken();
        assert.equal(decodeJwt(t.token).payload.appid, CERT_APP);
      }
    });

    it('a certificate the app does not know -> AADSTS700027 invalid-certificate guidance with its thumbprint', async () => {
      const cred = loadCertificateCredential({ certificate: otherCert.certificatePem, privateKey: otherCert.pkcs8Pem });
      const e = await rejectsWith(new AppTokenSource(target({ clientId: CERT_APP }), { kind: 'certificate', thumbprintSha256: cred.thumbprintSha256, privateKeyPem: cred.privateKeyPem }).getToken(), 'invalid-certificate', 'AADSTS700027');
      assert.ok(e.message.includes(cred.thumbprintSha256));
      assert.ok(!e.message.includes('PRIVATE KEY'));
    });

    it('the registered thumbprint with the wrong private key -> the fake rejects the signature', async () => {
      const good = loadCertificateCredential({ certificate: cert.certificatePem, privateKey: cert.pkcs8Pem });
      const wrongKey = loadCertificateCredential({ certificate: otherCert.certificatePem, privateKey: otherCert.pkcs8Pem }).privateKeyPem;
      await rejectsWith(new AppTokenSource(target({ clientId: CERT_APP }), { kind: 'certificate', thumbprintSha256: good.thumbprintSha256, privateKeyPem: wrongKey }).getToken(), 'invalid-certificate', 'AADSTS700027');
    });
  });

  describe('device code (public client)', () => {
    async function signInWith(source: DeviceCodeTokenSource, act: (p: DeviceCodePrompt) => void, signal?: AbortSignal) {
      return source.signIn({ signal, onCode: act });
    }

    it('reports the code through the callback, then gets a delegated token with scp once the user approves', async () => {
      const source = new DeviceCodeTokenSource(target({ clientId: PUBLIC_APP }));
      await rejectsWith(source.getToken(), 'not-signed-in');
      let prompt: DeviceCodePrompt | undefined;
      const t = await signInWith(source, (p) => { prompt = p; fake.approveDeviceCode(p.userCode, { upn: 'hunter@contoso.example', name: 'Hunter' }); });
      assert.ok(prompt);
      assert.equal(prompt.verificationUri, `${fake.url}/devicelogin`);
      assert.ok(prompt.message.includes(prompt.userCode));
      assert.ok(prompt.expiresOn.getTime() > Date.now());
      const p = decodeJwt(t.token).payload;
      assert.equal(p.scp, 'ThreatHunting.Read.All');
      assert.equal(p.roles, undefined);
      assert.equal(p.aud, 'https://graph.microsoft.com');
      assert.equal(source.accountLabel, 'hunter@contoso.example');
      assert.equal((await source.getToken()).token, t.token, 'the sign-in token is reused');
    });

    it('renews silently with the refresh token, then sign-out needs a new device code', async () => {
      let now = Date.now();
      const source = new DeviceCodeTokenSource(target({ clientId: PUBLIC_APP }), { now: () => now });
      const first = await signInWith(source, (p) => fake.approveDeviceCode(p.userCode, { upn: 'renew@contoso.example' }));
      now = first.expiresOn.getTime() - 60_000;
      const renewed = await source.getToken();
      assert.notEqual(renewed.token, first.token);
      assert.ok(fake.requests.some((r) => r.grantType === 'refresh_token'));
      await source.signOut();
      assert.equal(source.accountLabel, undefined);
      await rejectsWith(source.getToken(), 'not-signed-in');
    });

    it('cancel (AbortSignal) stops waiting at once and stops polling', async () => {
      const source = new DeviceCodeTokenSource(target({ clientId: PUBLIC_APP }));
      const ac = new AbortController();
      const p = signInWith(source, () => setImmediate(() => ac.abort()), ac.signal);
      await rejectsWith(p, 'cancelled');
      // Polling every 50 ms would add several requests in each window below; a stopped loop adds none
      // (the first window lets a request that was already on the wire arrive).
      const polls = () => fake.requests.filter((r) => r.grantType?.includes('device_code')).length;
      await new Promise((r) => setTimeout(r, 300));
      const settled = polls();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(polls(), settled);
      assert.equal(fake.pendingDeviceCodes().length > 0, true);
    });

    it('a declined sign-in -> declined', async () => {
      const source = new DeviceCodeTokenSource(target({ clientId: PUBLIC_APP }));
      await rejectsWith(signInWith(source, (p) => fake.declineDeviceCode(p.userCode)), 'declined');
    });

    it('AADSTS65001 (no consent) keeps its code through msal\'s device code polling', async () => {
      const app = 'eeeeeeee-0000-0000-0000-000000000065';
      fake.registerApp({ clientId: app, homeTenantId: TENANT, delegatedConsent: false });
      const source = new DeviceCodeTokenSource(target({ clientId: app }));
      const e = await rejectsWith(signInWith(source, (p) => fake.approveDeviceCode(p.userCode, { upn: 'u@contoso.example' })), 'consent-missing', 'AADSTS65001');
      assert.match(e.message, /Grant admin consent/);
      assert.ok(e.actions.includes('admin-consent'));
    });

    it('AADSTS7000218 (public client flows off) -> says which switch to turn on', async () => {
      const app = 'eeeeeeee-0000-0000-0000-000000007218';
      fake.registerApp({ clientId: app, homeTenantId: TENANT, publicClient: false });
      const e = await rejectsWith(signInWith(new DeviceCodeTokenSource(target({ clientId: app })), (p) => fake.approveDeviceCode(p.userCode, { upn: 'u@contoso.example' })), 'public-client-disabled');
      assert.match(e.message, /Allow public client flows/);
    });

    it('an unknown app gets AADSTS700016 before any code is shown', async () => {
      let shown = false;
      await rejectsWith(signInWith(new DeviceCodeTokenSource(target({ clientId: '00000000-0000-0000-0000-00000000beef' })), () => { shown = true; }), 'unknown-app', 'AADSTS700016');
      assert.equal(shown, false);
    });
  });

  describe('the network client msal uses', () => {
    it('refuses any origin but the authority\'s', async () => {
      const client = new PinnedNetworkClient(fake.url);
      await assert.rejects(client.sendGetRequestAsync('https://login.microsoftonline.com/common/discovery/instance'), UnexpectedHostError);
      await assert.rejects(client.sendPostRequestAsync(`https://127.0.0.1:1/${TENANT}/oauth2/v2.0/token`, { body: '' }), UnexpectedHostError);
      const ok = await client.sendGetRequestAsync<{ issuer: string }>(`${fake.url}/${TENANT}/v2.0/.well-known/openid-configuration`);
      assert.equal(ok.body.issuer, `${fake.url}/${TENANT}/v2.0`);
    });
  });
});
