/**
 * The pure parts of sign-in: connection validation, the token-destination rule, admin-consent URLs,
 * redaction, certificate normalisation, the error-code table and the renewing token cache.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { adminConsentUrl } from '../../src/core/auth/adminConsent';
import { CertificateError, loadCertificateCredential, splitPem } from '../../src/core/auth/certificate';
import { fieldChecks, idFromName, isLoopbackHost, parseConnections, selectConnections, toSettingsEntry, validateConnection } from '../../src/core/auth/connection';
import { redact } from '../../src/core/auth/redact';
import { forbiddenGuidance, guidanceForAadsts, toSignInError, type ErrorContext } from '../../src/core/auth/signInError';
import { assertTokenDestination, isAllowedTokenDestination, TokenDestinationError } from '../../src/core/auth/tokenDestination';
import { RenewingToken } from '../../src/core/auth/tokenSource';
import { signRs256 } from '../fakes/jwt';
import { makeClientCertificate, type TestCertificate } from '../fakes/testCertificates';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';

const T = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const C = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const base = { name: 'Contoso prod', cloud: 'global', tenantId: T, api: 'graph', authKind: 'app-secret', clientId: C };

describe('connection model', () => {
  it('accepts a complete connection and derives a stable id from the name', () => {
    const r = validateConnection(base);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.profile, { id: 'contoso-prod', name: 'Contoso prod', cloud: 'global', tenantId: T, api: 'graph', authKind: 'app-secret', clientId: C });
  });

  it('defaults cloud to global and api to graph, lowercases GUIDs and trims', () => {
    const r = validateConnection({ name: ' X ', tenantId: T.toUpperCase(), clientId: ` ${C} `, authKind: 'user' });
    assert.equal(r.profile?.cloud, 'global');
    assert.equal(r.profile?.api, 'graph');
    assert.equal(r.profile?.tenantId, T);
    assert.equal(r.profile?.clientId, C);
    assert.equal(r.profile?.name, 'X');
  });

  it('names every bad field: non-GUID tenant and client, unknown cloud, api and auth kind', () => {
    const r = validateConnection({ name: 'x', tenantId: 'contoso.onmicrosoft.com', clientId: '123', cloud: 'china', api: 'kusto', authKind: 'password' });
    assert.equal(r.profile, undefined);
    const text = r.problems.join('\n');
    for (const f of ['tenantId', 'clientId', 'cloud', 'api', 'authKind']) assert.match(text, new RegExp(`^${f}`, 'm'), f);
  });

  it('custom API base URL: https anywhere, http only on loopback; trailing slash dropped', () => {
    assert.equal(validateConnection({ ...base, apiBaseUrl: 'https://gw.contoso.example/defender/' }).profile?.apiBaseUrl, 'https://gw.contoso.example/defender');
    assert.equal(validateConnection({ ...base, apiBaseUrl: 'http://127.0.0.1:8080' }).profile?.apiBaseUrl, 'http://127.0.0.1:8080');
    assert.ok(validateConnection({ ...base, apiBaseUrl: 'http://localhost:3000/' }).profile);
    assert.ok(validateConnection({ ...base, apiBaseUrl: 'http://[::1]:3000' }).profile);
    const plain = validateConnection({ ...base, apiBaseUrl: 'http://proxy.contoso.example' });
    assert.equal(plain.profile, undefined);
    assert.match(plain.problems[0], /unencrypted/);
    for (const bad of ['ftp://x', 'not a url', 'https://user:pw@host', 'https://host/?q=1']) assert.equal(validateConnection({ ...base, apiBaseUrl: bad }).profile, undefined, bad);
  });

  it('custom authority host: https only, host without path', () => {
    assert.equal(validateConnection({ ...base, authorityHost: 'https://127.0.0.1:9443/' }).profile?.authorityHost, 'https://127.0.0.1:9443');
    assert.equal(validateConnection({ ...base, authorityHost: 'http://127.0.0.1:9443' }).profile, undefined);
    assert.equal(validateConnection({ ...base, authorityHost: 'https://login.example/tenant' }).profile, undefined);
  });

  it('authProvider only for user connections', () => {
    assert.ok(validateConnection({ ...base, authKind: 'user', authProvider: 'my-provider' }).profile);
    assert.equal(validateConnection({ ...base, authProvider: 'my-provider' }).profile, undefined);
  });

  it('parses a settings array: keeps valid entries, reports the rest by index and name, first id wins', () => {
    const r = parseConnections([base, { name: 'Broken', tenantId: 'x' }, { ...base, name: 'Contoso prod' }, 42], 'defenderHunt.connections');
    assert.equal(r.connections.length, 1);
    assert.equal(r.problems.length, 3);
    assert.match(r.problems[0], /^defenderHunt\.connections\[1\] \(Broken\): /);
    assert.match(r.problems[1], /duplicate id "contoso-prod"/);
    assert.deepEqual(parseConnections(undefined), { connections: [], problems: [] });
    assert.equal(parseConnections({}).problems.length, 1);
  });

  it('round-trips through the settings entry', () => {
    const p = validateConnection({ ...base, apiBaseUrl: 'https://gw.example', id: 'my-id' }).profile;
    assert.ok(p);
    assert.deepEqual(validateConnection(toSettingsEntry(p)).profile, p);
  });

  it('ids from names, loopback hosts, field checks', () => {
    assert.equal(idFromName('Contoso Prod (GCC)!'), 'contoso-prod-gcc');
    assert.equal(idFromName('***'), 'connection');
    assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('127.1.2.3') && isLoopbackHost('localhost') && isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('127.0.0.1.nip.io') && !isLoopbackHost('10.0.0.1'));
    assert.equal(fieldChecks.tenantId(T), undefined);
    assert.match(fieldChecks.tenantId('contoso') ?? '', /Tenant ID/);
    assert.match(fieldChecks.clientId('') ?? '', /Application \(client\) ID/);
  });
});

describe('token destination rule', () => {
  it('allows only the same origin under the API root path', () => {
    assert.ok(isAllowedTokenDestination('https://graph.microsoft.com', 'https://graph.microsoft.com/v1.0/security/runHuntingQuery'));
    assert.ok(isAllowedTokenDestination('https://gw.example/defender', 'https://gw.example/defender/api/advancedhunting/run'));
    assert.ok(!isAllowedTokenDestination('https://gw.example/defender', 'https://gw.example/other/api'));
    assert.ok(!isAllowedTokenDestination('https://gw.example/defender', 'https://gw.example/defender-evil/api'));
    assert.ok(!isAllowedTokenDestination('https://graph.microsoft.com', 'https://graph.microsoft.com.evil.example/v1.0'));
    assert.ok(!isAllowedTokenDestination('https://graph.microsoft.com', 'http://graph.microsoft.com/v1.0'));
    assert.ok(!isAllowedTokenDestination('http://127.0.0.1:8080', 'http://127.0.0.1:8081/v1.0'));
    assert.ok(!isAllowedTokenDestination('https://graph.microsoft.com', 'not a url'));
    assert.throws(() => assertTokenDestination('https://graph.microsoft.com', 'https://evil.example/x'), (e: unknown) => e instanceof TokenDestinationError && /evil\.example/.test(e.message));
  });
});

describe('admin consent URL (partner context)', () => {
  it('points the customer tenant\'s administrator at the v2 admin-consent endpoint for the API resource', () => {
    const u = new URL(adminConsentUrl({ cloud: 'global', api: 'graph', tenantId: T, clientId: C }));
    assert.equal(`${u.origin}${u.pathname}`, `https://login.microsoftonline.com/${T}/v2.0/adminconsent`);
    assert.equal(u.searchParams.get('client_id'), C);
    assert.equal(u.searchParams.get('scope'), 'https://graph.microsoft.com/.default');
    assert.equal(u.searchParams.get('redirect_uri'), 'http://localhost');
  });

  it('uses the cloud\'s login host and API resource (GCC High legacy) and a given redirect URI', () => {
    const u = new URL(adminConsentUrl({ cloud: 'gcc-high', api: 'legacy', tenantId: T, clientId: C, redirectUri: 'https://portal.azure.us' }));
    assert.equal(u.origin, 'https://login.microsoftonline.us');
    assert.equal(u.searchParams.get('scope'), 'https://api-gov.security.microsoft.us/.default');
    assert.equal(u.searchParams.get('redirect_uri'), 'https://portal.azure.us');
  });

  it('refuses non-GUID ids', () => {
    assert.throws(() => adminConsentUrl({ cloud: 'global', api: 'graph', tenantId: 'contoso.com', clientId: C }));
  });
});

describe('redaction', () => {
  it('removes JWTs, bearer headers, form and JSON credential fields, private keys and known secrets', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const text = [
      `token ${jwt}`, 'Authorization: Bearer abcdefghijklmnop',
      'client_secret=s3cr3t-value&client_id=x', '{"refresh_token":"rt-123","access_token":"at-456"}',
      '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----', 'my canary CANARY-SECRET-42 here',
    ].join('\n');
    const out = redact(text, ['CANARY-SECRET-42']);
    for (const leaked of [jwt, 'abcdefghijklmnop', 's3cr3t-value', 'rt-123', 'at-456', 'MIIE', 'CANARY-SECRET-42']) assert.ok(!out.includes(leaked), leaked);
    assert.match(out, /client_id=x/);
  });
});

describe('certificate credentials', () => {
  let cert: TestCertificate;
  before(async () => { cert = await makeClientCertificate(); });

  it('computes the SHA-256 thumbprint and normalises PKCS#1, encrypted and bag-attribute PEMs to PKCS#8', () => {
    const expected = new X509Certificate(cert.certificatePem).fingerprint256.replace(/:/g, '');
    const bundle = `Bag Attributes\r\n    localKeyID: 01 02\r\n${cert.certificatePem.replace(/\n/g, '\r\n')}Bag Attributes\r\n${cert.pkcs1Pem.replace(/\n/g, '\r\n')}`;
    for (const input of [
      { certificate: cert.certificatePem, privateKey: cert.pkcs8Pem },
      { certificate: cert.certificatePem, privateKey: cert.pkcs1Pem },
      { certificate: cert.certificatePem, privateKey: cert.encryptedPem('pw'), passphrase: 'pw' },
      { certificate: bundle },
    ]) {
      const c = loadCertificateCredential(input);
      assert.equal(c.thumbprintSha256, expected);
      assert.match(c.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.ok(c.notAfter.getTime() > Date.now());
    }
    assert.equal(splitPem(bundle).certificates.length, 1);
  });

  it('explains what is wrong: no key, encrypted without passphrase, wrong passphrase, key of another certificate, not RSA', async () => {
    const other = await makeClientCertificate('other');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const cases: [Parameters<typeof loadCertificateCredential>[0], RegExp][] = [
      [{ certificate: cert.certificatePem }, /No private key/],
      [{ certificate: 'nothing' , privateKey: cert.pkcs8Pem }, /No certificate/],
      [{ certificate: cert.certificatePem, privateKey: cert.encryptedPem('pw') }, /encrypted: enter its passphrase/],
      [{ certificate: cert.certificatePem, privateKey: cert.encryptedPem('pw'), passphrase: 'nope' }, /wrong passphrase/],
      [{ certificate: cert.certificatePem, privateKey: other.pkcs8Pem }, /does not belong/],
      [{ certificate: cert.certificatePem, privateKey: ec }, /RSA/],
    ];
    for (const [input, message] of cases) assert.throws(() => loadCertificateCredential(input), (e: unknown) => e instanceof CertificateError && message.test(e.message), String(message));
  });
});

describe('sign-in errors -> guidance', () => {
  const ctx: ErrorContext = { cloud: 'global', tenantId: T, clientId: C, api: 'graph', authKind: 'app-secret' };
  const table: [number, string, RegExp][] = [
    [7000215, 'invalid-secret', /Certificates & secrets/],
    [7000222, 'expired-secret', /expired/],
    [700027, 'invalid-certificate', /Certificates/],
    [700016, 'unknown-app', /admin consent/],
    [90002, 'wrong-tenant', /Tenant ID/],
    [900023, 'wrong-tenant', /Tenant ID/],
    [65001, 'consent-missing', /Grant admin consent/],
    [500011, 'resource-not-in-tenant', /Defender XDR/],
    [65002, 'first-party-client', /own app/],
    [7000218, 'public-client-disabled', /Allow public client flows/],
    [53003, 'interaction-required', /Conditional Access/],
    [70008, 'not-signed-in', /Sign In/],
  ];
  for (const [code, kind, text] of table) {
    it(`AADSTS${code} -> ${kind}`, () => {
      const e = guidanceForAadsts(code, ctx);
      assert.equal(e?.kind, kind);
      assert.match(e?.message ?? '', text);
      assert.match(e?.message ?? '', new RegExp(`AADSTS${code}`));
    });
  }

  it('an unknown code keeps the service text, redacted', () => {
    const e = toSignInError({ errorCode: 'invalid_request', errorMessage: 'AADSTS1234567: Something odd with client_secret=abc123xyz. Trace ID: 1' }, ctx);
    assert.equal(e.kind, 'unknown');
    assert.match(e.message, /AADSTS1234567/);
    assert.ok(!e.message.includes('abc123xyz'));
  });

  it('application permission missing (403): names the permission, the consent step and what the token carried', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = signRs256({ roles: ['SecurityEvents.Read.All'] }, privateKey, 'k');
    const e = forbiddenGuidance(ctx, token);
    assert.equal(e.kind, 'missing-permission');
    assert.match(e.message, /application permission ThreatHunting\.Read\.All/);
    assert.match(e.message, /Grant admin consent/);
    assert.match(e.message, /carried SecurityEvents\.Read\.All/);
    assert.ok(!e.message.includes(token));
    const legacy = forbiddenGuidance({ ...ctx, api: 'legacy' });
    assert.match(legacy.message, /AdvancedHunting\.Read\.All/);
    assert.match(legacy.message, /Microsoft Threat Protection/);
  });

  it('delegated permission missing (403): names the delegated permission and the user roles', () => {
    const e = forbiddenGuidance({ ...ctx, authKind: 'user', api: 'legacy' });
    assert.match(e.message, /delegated permission AdvancedHunting\.Read/);
    assert.match(e.message, /Security Reader/);
  });
});

describe('renewing token cache', () => {
  it('renews inside the margin, shares one fetch, passes forceRefresh only when renewing, and forgets on clear', async () => {
    let now = 0;
    let n = 0;
    const forced: boolean[] = [];
    const cache = new RenewingToken(async (force) => { forced.push(force); n++; return { token: `t${n}`, expiresOn: new Date(now + 60 * 60_000) }; }, { now: () => now });
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    assert.equal(a.token, 't1');
    assert.equal(b.token, 't1');
    now += 54 * 60_000;
    assert.equal((await cache.get()).token, 't1');
    now += 2 * 60_000;
    assert.equal((await cache.get()).token, 't2');
    assert.deepEqual(forced, [false, true]);
    cache.clear();
    assert.equal((await cache.get()).token, 't3');
  });

  it('a cancelled wait rejects at once with AbortError, the fetch still lands for the next caller', async () => {
    let release: (() => void) | undefined;
    const cache = new RenewingToken(() => new Promise((r) => { release = () => r({ token: 'late', expiresOn: new Date(Date.now() + 3_600_000) }); }));
    const ac = new AbortController();
    const waiting = cache.get(ac.signal);
    ac.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    release?.();
    assert.equal((await cache.get()).token, 'late');
  });
});

describe('connection sources and workspace trust', () => {
  const user = [{ ...base, id: 'prod', apiBaseUrl: 'https://graph.microsoft.com' }];
  const hijack = [{ ...base, id: 'prod', apiBaseUrl: 'https://attacker.example' }, { ...base, id: 'team', name: 'Team' }];

  it('an untrusted workspace contributes nothing, even an entry that shadows a user connection', () => {
    const r = selectConnections({ user, workspace: hijack }, false);
    assert.deepEqual(r.connections.map((c) => [c.id, c.apiBaseUrl]), [['prod', 'https://graph.microsoft.com']]);
    assert.equal(r.ignoredUntrusted, 2);
  });

  it('a trusted workspace adds its connections; the user definition of an id wins', () => {
    const r = selectConnections({ user, workspace: hijack }, true);
    assert.deepEqual(r.connections.map((c) => [c.id, c.apiBaseUrl]), [['prod', 'https://graph.microsoft.com'], ['team', undefined]]);
    assert.equal(r.origins.get('team'), 'workspace');
    assert.match(r.problems.join('\n'), /also defined in user settings/);
  });
});
