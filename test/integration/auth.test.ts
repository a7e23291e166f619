/**
 * Connections and sign-in in the real extension host (VS Code 1.139 in code-server), against the
 * fake Entra ID authority on 127.0.0.1 (HTTPS; the harness makes the extension host trust it):
 * application context (client secret) through the add-connection wizard, device code with its UI,
 * user context through a test authentication provider and through the real `microsoft` provider
 * (silent only), partner admin consent, sign-out, and a canary secret that must not land in
 * settings, logs or messages.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { VsCodeSessionTokenSource } from '../../src/vscode/auth/vscodeSessionTokenSource';
import type { ConnectionProfile } from '../../src/core/auth/connection';
import { FakeEntra } from '../fakes/fakeEntra';
import { decodeJwt, verifyJwtSignature } from '../fakes/jwt';
import { ScriptedWizardUi } from '../fakes/scriptedWizardUi';
import { EXTENSION_ID, extensionApi, waitFor, workspaceRoot } from './helpers';
import { acceptAccountsMenuSignIn, filesContaining, httpsGet, isSignInError, recordingSessionApi, TestAuthProvider } from './authFixtures';

const TENANT = '3c1f5b2a-0d4e-4f60-9a7b-8c9d0e1f2a3b';
const CUSTOMER = '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const APP = '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b';
const PUBLIC_APP = '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
/** Recognisable values that must never show up in settings, logs or messages. */
const CANARY_SECRET = 'DH-CANARY-SECRET-b7Qz9~xK2.mP4';
const CANARY_WRONG = 'DH-CANARY-WRONG-r5Tn8~vL1.qW3';

const canaries: string[] = [CANARY_SECRET, CANARY_WRONG];
const shownErrors: string[] = [];

async function settingsFiles(): Promise<string[]> {
  const api = await extensionApi();
  const userDir = path.resolve(api.globalStorageUri.fsPath, '..', '..');
  const files = [path.join(userDir, 'settings.json'), path.join(workspaceRoot(), '.vscode', 'settings.json')];
  return files.filter((f) => fs.existsSync(f));
}

async function clearConnections(): Promise<void> {
  await vscode.workspace.getConfiguration('defenderHunt').update('connections', undefined, vscode.ConfigurationTarget.Global);
}

describe('connections and sign-in (fake Entra ID authority)', function () {
  this.timeout(60_000);
  let fake: FakeEntra;

  before(async () => {
    fake = await FakeEntra.start({ pollIntervalSeconds: 0.05 });
    fake.registerApp({ clientId: APP, homeTenantId: TENANT, secrets: [CANARY_SECRET], roles: ['ThreatHunting.Read.All'], multiTenant: true });
    fake.registerApp({ clientId: PUBLIC_APP, homeTenantId: TENANT, scopes: ['ThreatHunting.Read.All'] });
    fake.addTenant(CUSTOMER);
    await extensionApi();
  });

  after(async () => {
    const api = await extensionApi();
    for (const e of api.connections.list()) if (e.kind === 'profile') await api.connectionCommands.removeConnection(e.id, { confirm: false });
    await clearConnections();
    await fake.close();
  });

  it('without connections the offline sample tenant is active and shown in the status bar', async () => {
    await clearConnections();
    const api = await extensionApi();
    await waitFor('connections reloaded', () => (api.connections.list().length === 1 ? true : undefined));
    assert.equal(api.connections.active()?.id, 'offline-sample');
    assert.match(api.connectionStatus.text, /Offline sample tenant/);
  });

  it('adds an application connection with the wizard: secret to SecretStorage only, signs in, status bar shows the app', async () => {
    const api = await extensionApi();
    const ui = new ScriptedWizardUi(['Contoso app', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, TENANT, APP, CANARY_SECRET, '']);
    const id = await api.connectionCommands.addConnection(ui, { authorityHost: fake.url });
    assert.equal(id, 'contoso-app');
    const saved = vscode.workspace.getConfiguration('defenderHunt').inspect<unknown[]>('connections')?.globalValue;
    assert.deepEqual(saved, [{ id: 'contoso-app', name: 'Contoso app', cloud: 'global', tenantId: TENANT, api: 'graph', authKind: 'app-secret', clientId: APP, authorityHost: fake.url }]);
    assert.equal(api.connections.active()?.id, 'contoso-app');
    const stored = await api.connections.secrets.get((api.connections.get(id) as { profile: ConnectionProfile }).profile);
    assert.deepEqual(stored.status === 'found' ? stored.credential : stored, { kind: 'secret', secret: CANARY_SECRET });
    await waitFor('status bar shows the app account', () => (api.connectionStatus.text.includes(`app ${APP}`) ? true : undefined));
    assert.ok(api.connectionStatus.tooltip.includes(TENANT));
  });

  it('the active target hands out a verifiable Graph token for the Graph root only', async () => {
    const api = await extensionApi();
    const target = await api.connections.activeTarget();
    assert.ok(target);
    assert.equal(target.url, 'https://graph.microsoft.com');
    assert.equal(target.api, 'graph');
    assert.equal(target.offline, false);
    const token = await target.getToken();
    canaries.push(token);
    const { ok, payload } = verifyJwtSignature(token, fake.publicKeyPem);
    assert.ok(ok);
    assert.equal(payload.aud, 'https://graph.microsoft.com');
    assert.deepEqual(payload.roles, ['ThreatHunting.Read.All']);
    const renewed = await target.getToken(undefined, { forceRefresh: true });
    assert.notEqual(renewed, token, 'forceRefresh (after a 401) gets a new token');
    canaries.push(renewed);
    const forbidden = target.explainForbidden(token);
    assert.equal(forbidden.kind, 'missing-permission');
    assert.ok(!forbidden.message.includes(token));
  });

  it('a wrong secret entered through Edit Connection fails with invalid-secret guidance that names no secret', async () => {
    const api = await extensionApi();
    const ui = new ScriptedWizardUi(['Contoso app', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, TENANT, APP, CANARY_WRONG, '']);
    await api.connectionCommands.editConnection('contoso-app', ui);
    const target = await api.connections.activeTarget();
    const err = await target?.getToken().then(() => undefined, (e: unknown) => e);
    assert.ok(isSignInError(err), String(err));
    assert.equal(err.kind, 'invalid-secret');
    shownErrors.push(err.message);
    assert.ok(!err.message.includes(CANARY_WRONG));
    // Put the good secret back for the tests below.
    await api.connectionCommands.editConnection('contoso-app', new ScriptedWizardUi(['Contoso app', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, TENANT, APP, CANARY_SECRET, '']));
    canaries.push(await (await api.connections.activeTarget())!.getToken());
  });

  it('a workspace-shaped definition reusing the id with another authority does not get the stored secret', async () => {
    const api = await extensionApi();
    const profile = { ...(api.connections.get('contoso-app') as { profile: ConnectionProfile }).profile, authorityHost: 'https://127.0.0.1:9' };
    assert.equal((await api.connections.secrets.get(profile)).status, 'bound-elsewhere');
  });

  it('partner: copies the admin-consent URL for a customer tenant; after consent the customer connection signs in', async () => {
    const api = await extensionApi();
    await api.connectionCommands.addConnection(new ScriptedWizardUi(['Customer A', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, CUSTOMER, APP, CANARY_SECRET, '']), { authorityHost: fake.url });
    assert.equal(api.connections.accountLabel('customer-a'), undefined, 'no consent yet: the automatic sign-in failed');
    const url = await api.connectionCommands.adminConsent('copy', 'customer-a');
    assert.ok(url?.startsWith(`${fake.url}/${CUSTOMER}/v2.0/adminconsent?`), url);
    assert.equal(await vscode.env.clipboard.readText(), url);
    assert.ok(url);
    const consent = await httpsGet(url);
    assert.equal(consent.status, 302);
    assert.ok(await api.connectionCommands.signIn('customer-a'));
    const token = await (await api.connections.activeTarget())!.getToken();
    canaries.push(token);
    assert.equal(decodeJwt(token).payload.tid, CUSTOMER);
  });

  it('device code: shows the code, signs in once approved, the status bar shows the user', async () => {
    const api = await extensionApi();
    await api.connectionCommands.addConnection(new ScriptedWizardUi(['Device', { pick: 'global' }, { pick: 'legacy' }, { pick: 'device-code' }, TENANT, PUBLIC_APP, '']), { authorityHost: fake.url });
    const prompts: string[] = [];
    const ok = await api.connectionCommands.signIn('device', { deviceCode: { onPrompt: (p) => { prompts.push(p.userCode); fake.approveDeviceCode(p.userCode, { upn: 'hunter@contoso.example' }); } } });
    assert.ok(ok);
    assert.equal(prompts.length, 1);
    await waitFor('status bar shows the user', () => (api.connectionStatus.text.includes('hunter@contoso.example') ? true : undefined));
    const target = await api.connections.activeTarget();
    assert.equal(target?.url, 'https://api.security.microsoft.com');
    const token = await target!.getToken();
    canaries.push(token);
    assert.equal(decodeJwt(token).payload.scp, 'ThreatHunting.Read.All');
  });

  it('device code: cancelling stops the sign-in and leaves the connection signed out', async () => {
    const api = await extensionApi();
    await api.connections.signOut('device');
    const ac = new AbortController();
    const ok = await api.connectionCommands.signIn('device', { deviceCode: { signal: ac.signal, onPrompt: () => ac.abort() } });
    assert.equal(ok, false);
    assert.equal(api.connections.accountLabel('device'), undefined);
    const err = await (await api.connections.activeTarget())!.getToken().then(() => undefined, (e: unknown) => e);
    assert.ok(isSignInError(err) && err.kind === 'not-signed-in');
  });

  it('sign-out with "forget secrets" removes the stored secret; the next token request explains what is missing', async () => {
    const api = await extensionApi();
    await api.connections.setActive('contoso-app');
    await api.connectionCommands.signOut('contoso-app', true);
    const err = await (await api.connections.activeTarget())!.getToken().then(() => undefined, (e: unknown) => e);
    assert.ok(isSignInError(err));
    assert.equal(err.kind, 'missing-secret');
    assert.match(err.message, /Edit Connection/);
    await waitFor('status bar shows signed out', () => (api.connectionStatus.text.includes('signed out') ? true : undefined));
  });

  describe('user context through VS Code authentication providers', () => {
    const PROVIDER = 'dh-test-auth';
    let provider: TestAuthProvider;
    const profile: ConnectionProfile = { id: 'user-ctx', name: 'User ctx', cloud: 'global', tenantId: TENANT, api: 'graph', authKind: 'user', clientId: PUBLIC_APP, authProvider: PROVIDER };
    const expectedScopes = [`VSCODE_CLIENT_ID:${PUBLIC_APP}`, `VSCODE_TENANT:${TENANT}`, 'https://graph.microsoft.com/.default'];

    before(async () => {
      provider = new TestAuthProvider(PROVIDER, async () => ({ accessToken: `session-token-${Date.now()}`, account: 'analyst@contoso.example' }));
      await vscode.workspace.getConfiguration('defenderHunt').update('connections', [
        ...(vscode.workspace.getConfiguration('defenderHunt').inspect<unknown[]>('connections')?.globalValue ?? []),
        { ...profile },
      ], vscode.ConfigurationTarget.Global);
      const api = await extensionApi();
      await waitFor('user connection loaded', () => api.connections.get('user-ctx'));
      await api.connections.setActive('user-ctx');
    });
    after(() => provider.dispose());

    it('asks silently with exactly <resource>/.default, VSCODE_CLIENT_ID and VSCODE_TENANT; no session -> not signed in, nothing created', async () => {
      const recorder = recordingSessionApi();
      const source = new VsCodeSessionTokenSource(profile, recorder);
      const err = await source.getToken().then(() => undefined, (e: unknown) => e);
      assert.ok(isSignInError(err) && err.kind === 'not-signed-in', String(err));
      assert.deepEqual(recorder.calls.map((c) => [c.providerId, c.scopes, c.options, c.outcome]), [[PROVIDER, expectedScopes, { silent: true }, 'none']]);
      assert.ok(provider.getSessionsCalls.some((s) => JSON.stringify([...(s ?? [])].sort()) === JSON.stringify([...expectedScopes].sort())), JSON.stringify(provider.getSessionsCalls));
      assert.equal(provider.createSessionCalls.length, 0, 'a background token request never creates a session');
      source.dispose();
    });

    it('the explicit sign-in asks with createIfNone (VS Code then shows its sign-in dialog, which a test run refuses)', async () => {
      const recorder = recordingSessionApi();
      const source = new VsCodeSessionTokenSource(profile, recorder);
      const err = await source.signIn().then(() => undefined, (e: unknown) => e);
      assert.ok(isSignInError(err), String(err));
      assert.deepEqual(recorder.calls.map((c) => [c.scopes, c.options]), [[expectedScopes, { createIfNone: true }]]);
      assert.equal(provider.createSessionCalls.length, 0);
      source.dispose();
    });

    it('once the user signs in (Accounts menu), the connection gets the session silently and the status bar shows the account', async () => {
      const api = await extensionApi();
      await acceptAccountsMenuSignIn(PROVIDER, expectedScopes, EXTENSION_ID);
      assert.deepEqual(provider.createSessionCalls.map((s) => [...s].sort()), [[...expectedScopes].sort()]);
      await waitFor('status bar shows the account (onDidChangeSessions)', () => (api.connectionStatus.text.includes('analyst@contoso.example') ? true : undefined));
      const token = await (await api.connections.activeTarget())!.getToken();
      assert.match(token, /^session-token-/);
    });

    it('every token request asks silently again (no token kept across requests); createIfNone now returns the session without a dialog', async () => {
      const recorder = recordingSessionApi();
      const source = new VsCodeSessionTokenSource(profile, recorder);
      await source.getToken();
      await source.getToken();
      const signedIn = await source.signIn();
      assert.match(signedIn.token, /^session-token-/);
      assert.deepEqual(recorder.calls.map((c) => [c.options, c.outcome]), [[{ silent: true }, 'session'], [{ silent: true }, 'session'], [{ createIfNone: true }, 'session']]);
      assert.equal(source.accountLabel, 'analyst@contoso.example');
      source.dispose();
    });

    it('sign out: the connection stops using the VS Code session until the next explicit sign-in', async () => {
      const api = await extensionApi();
      await api.connectionCommands.signOut('user-ctx');
      const err = await (await api.connections.activeTarget())!.getToken().then(() => undefined, (e: unknown) => e);
      assert.ok(isSignInError(err) && err.kind === 'not-signed-in');
      assert.ok(await api.connectionCommands.signIn('user-ctx'));
      assert.match(await (await api.connections.activeTarget())!.getToken(), /^session-token-/);
    });

    it('the real "microsoft" provider is asked silently and has no session offline', async () => {
      const recorder = recordingSessionApi();
      const real = new VsCodeSessionTokenSource({ ...profile, authProvider: undefined }, recorder);
      assert.equal(real.providerId, 'microsoft');
      const err = await real.getToken().then(() => undefined, (e: unknown) => e);
      assert.ok(isSignInError(err) && err.kind === 'not-signed-in', String(err));
      assert.deepEqual(recorder.calls.map((c) => [c.providerId, c.scopes, c.options, c.outcome]), [['microsoft', expectedScopes, { silent: true }, 'none']]);
      real.dispose();
    });

    it('GCC High uses the sovereign-cloud provider and says how to enable it when VS Code is not set up for it', async () => {
      const recorder = recordingSessionApi();
      const gov = new VsCodeSessionTokenSource({ ...profile, cloud: 'gcc-high', authProvider: undefined }, recorder);
      assert.equal(gov.providerId, 'microsoft-sovereign-cloud');
      assert.deepEqual(gov.scopes, [`VSCODE_CLIENT_ID:${PUBLIC_APP}`, `VSCODE_TENANT:${TENANT}`, 'https://graph.microsoft.us/.default']);
      const err = await gov.getToken().then(() => undefined, (e: unknown) => e);
      assert.ok(isSignInError(err) && err.kind === 'configuration', String(err));
      assert.match(err.message, /microsoft-sovereign-cloud\.environment/);
      assert.equal(recorder.calls.length, 0);
      gov.dispose();
    });
  });

  describe('canary: secrets and tokens stay out of settings, logs and messages', () => {
    it('no settings file, log file or shown error contains the canary secret or any issued token', async () => {
      const api = await extensionApi();
      api.log.info('canary check: flushing the log');
      const logDir = api.logUri.fsPath;
      await waitFor('the output channel log file exists', () => (filesContaining(logDir, 'canary check').length ? true : undefined));
      const statusTexts = [api.connectionStatus.text, api.connectionStatus.tooltip];
      const places = [...await settingsFiles(), logDir];
      const userDir = path.resolve(api.globalStorageUri.fsPath, '..', '..');
      for (const c of canaries) {
        for (const place of places) assert.deepEqual(fs.statSync(place).isDirectory() ? filesContaining(place, c) : (fs.readFileSync(place, 'utf8').includes(c) ? [place] : []), [], `a canary (${c.slice(0, 12)}…) leaked into ${place}`);
        assert.deepEqual(filesContaining(userDir, c), [], `a canary (${c.slice(0, 12)}…) leaked under the user data folder`);
        for (const m of [...shownErrors, ...statusTexts]) assert.ok(!m.includes(c), `a canary leaked into "${m.slice(0, 80)}…"`);
      }
      assert.ok(canaries.length >= 5, 'secrets and tokens were collected');
      assert.ok(filesContaining(logDir, 'sign-in failed').length > 0 || filesContaining(logDir, 'AADSTS7000215').length > 0, 'the failed sign-in was logged (without the secret)');
    });
  });
});
