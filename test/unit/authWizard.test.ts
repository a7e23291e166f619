/**
 * The add/edit connection wizard's flow (it has no VS Code dependency): every step explains its
 * choice, GUIDs are checked as typed, Back works, certificates are read and checked, and the
 * result is a valid profile plus the credential to store.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runConnectionWizard } from '../../src/vscode/connections/connectionWizard';
import { ScriptedWizardUi } from '../fakes/scriptedWizardUi';
import { makeClientCertificate, type TestCertificate } from '../fakes/testCertificates';

const T = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const C = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

describe('connection wizard', () => {
  let cert: TestCertificate;
  before(async () => { cert = await makeClientCertificate(); });

  it('adds an application (client secret) connection, rejecting a non-GUID tenant until a GUID is typed', async () => {
    const ui = new ScriptedWizardUi(['Contoso prod', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, 'contoso.onmicrosoft.com', T, C, 's3cret-value', '']);
    const r = await runConnectionWizard(ui);
    assert.deepEqual(r?.profile, { id: 'contoso-prod', name: 'Contoso prod', cloud: 'global', tenantId: T, api: 'graph', authKind: 'app-secret', clientId: C });
    assert.deepEqual(r?.credential, { kind: 'secret', secret: 's3cret-value' });
    assert.equal(ui.rejected.length, 1);
    assert.match(ui.rejected[0].message, /Tenant ID/);
    assert.equal(ui.remaining, 0);
  });

  it('explains each choice: clouds with their hosts, APIs with permissions, sign-in kinds with what they need', async () => {
    const ui = new ScriptedWizardUi(['X', { pick: 'gcc-high' }, { pick: 'legacy' }, { pick: 'user' }, T, C, '']);
    const r = await runConnectionWizard(ui);
    assert.equal(r?.profile.cloud, 'gcc-high');
    const [, clouds, apis, kinds] = ui.shown;
    assert.ok(clouds.items?.some((i) => i.includes('login.microsoftonline.us') && i.includes('graph.microsoft.us')));
    assert.ok(apis.items?.some((i) => i.includes('AdvancedHunting.Read.All') && i.includes('api-gov.security.microsoft.us')));
    assert.ok(kinds.items?.some((i) => i.includes('delegated permission AdvancedHunting.Read')));
    assert.ok(kinds.items?.some((i) => /Partners: one multi-tenant app/.test(i)));
    assert.equal(r?.credential, undefined, 'user sign-in stores no credential');
    assert.ok(!ui.shown.some((s) => /secret/i.test(s.text)), 'no secret step for user sign-in');
  });

  it('Back returns to the previous step, skipping steps that do not apply', async () => {
    const ui = new ScriptedWizardUi(['X', { pick: 'global' }, 'BACK', { pick: 'dod' }, { pick: 'graph' }, { pick: 'device-code' }, T, C, 'BACK', C, '']);
    const r = await runConnectionWizard(ui);
    assert.equal(r?.profile.cloud, 'dod');
    assert.equal(r?.profile.authKind, 'device-code');
    assert.deepEqual(ui.shown.map((s) => s.step), [1, 2, 3, 2, 3, 4, 5, 6, 8, 6, 8]);
  });

  it('Escape at any step cancels', async () => {
    assert.equal(await runConnectionWizard(new ScriptedWizardUi(['X', { pick: 'global' }, 'CANCEL'])), undefined);
  });

  it('a custom API base URL must be https or loopback; the hint names the default', async () => {
    const ui = new ScriptedWizardUi(['GW', { pick: 'global' }, { pick: 'graph' }, { pick: 'user' }, T, C, 'http://gw.contoso.example', 'https://gw.contoso.example/hunt/']);
    const r = await runConnectionWizard(ui);
    assert.equal(r?.profile.apiBaseUrl, 'https://gw.contoso.example/hunt');
    assert.match(ui.rejected[0].message, /unencrypted/);
    assert.ok(ui.shown.at(-1)?.text.includes('https://graph.microsoft.com'));
  });

  it('certificate: reads an encrypted PEM bundle, asks for its passphrase, returns the thumbprint and the PKCS#8 key', async () => {
    const bundle = cert.certificatePem + cert.encryptedPem('pw 1');
    const ui = new ScriptedWizardUi(['Cert app', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-certificate' }, T, C, { file: bundle }, 'pw 1', '']);
    const r = await runConnectionWizard(ui);
    assert.equal(r?.credential?.kind, 'certificate');
    assert.match(r?.credential?.kind === 'certificate' ? r.credential.privateKeyPem : '', /^-----BEGIN PRIVATE KEY-----/);
    assert.match(r?.certificate?.thumbprintSha256 ?? '', /^[0-9A-F]{64}$/);
  });

  it('certificate: a file without a key says so and lets the user choose another', async () => {
    const ui = new ScriptedWizardUi(['Cert app', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-certificate' }, T, C, { file: cert.certificatePem }, { pick: 'again' }, { file: cert.certificatePem + cert.pkcs1Pem }, '']);
    const r = await runConnectionWizard(ui);
    assert.equal(r?.credential?.kind, 'certificate');
    assert.ok(ui.shown.some((s) => /No private key found/.test(s.text)));
  });

  it('edit keeps the id, the stored secret when left empty, and the advanced fields; a new name gets a new unique id', async () => {
    const existing = { id: 'prod', name: 'Prod', cloud: 'global', tenantId: T, api: 'graph', authKind: 'app-secret', clientId: C, authorityHost: 'https://127.0.0.1:9443' } as const;
    const same = await runConnectionWizard(new ScriptedWizardUi(['Prod', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, T, C, '', '']), { existing, hasStoredCredential: true });
    assert.equal(same?.profile.id, 'prod');
    assert.equal(same?.profile.authorityHost, 'https://127.0.0.1:9443');
    assert.equal(same?.credential, undefined);
    const renamed = await runConnectionWizard(new ScriptedWizardUi(['Staging', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, T, C, 'new', '']), { existing, hasStoredCredential: true, takenIds: ['prod', 'staging'] });
    assert.equal(renamed?.profile.id, 'staging-2');
    assert.deepEqual(renamed?.credential, { kind: 'secret', secret: 'new' });
  });

  it('a new connection needs a secret (empty is refused when nothing is stored)', async () => {
    const ui = new ScriptedWizardUi(['P', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, T, C, '', 'real', '']);
    const r = await runConnectionWizard(ui);
    assert.deepEqual(r?.credential, { kind: 'secret', secret: 'real' });
    assert.match(ui.rejected[0].message, /client secret/);
  });
});
