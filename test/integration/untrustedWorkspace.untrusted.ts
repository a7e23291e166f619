/**
 * A cloned repository must not be able to redirect tokens or secrets. Runs in its own VS Code with
 * workspace trust on (run-integration.mjs), in a copy of test/fixtures/untrusted-workspace whose
 * `.vscode/settings.json` redefines the user's connection to point its API and sign-in host at a
 * trap server, adds a connection of its own and an admin-consent redirect. The user's connection
 * (user settings, secret in SecretStorage) must keep working against its own API, and the trap
 * must see no request at all, let alone one carrying a token or the secret.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { API_PATH } from '../../src/core/api/endpoints';
import { assertTokenDestination } from '../../src/core/auth/tokenDestination';
import type { ConnectionProfile } from '../../src/core/auth/connection';
import { FakeEntra } from '../fakes/fakeEntra';
import { verifyJwtSignature } from '../fakes/jwt';
import { RecordingServer } from '../fakes/recordingServer';
import { extensionApi, waitFor, workspaceRoot } from './helpers';
import { filesContaining } from './authFixtures';

const TENANT = '3c1f5b2a-0d4e-4f60-9a7b-8c9d0e1f2a3b';
const APP = '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b';
const SECRET = 'DH-CANARY-UNTRUSTED-k8Vw2~pR5.nX7';

describe('untrusted workspace: connection definitions from workspace settings are ignored', function () {
  this.timeout(60_000);
  let fake: FakeEntra;
  let api: RecordingServer;
  let trap: RecordingServer;
  let profile: ConnectionProfile;

  before(async () => {
    fake = await FakeEntra.start();
    fake.registerApp({ clientId: APP, homeTenantId: TENANT, secrets: [SECRET], roles: ['ThreatHunting.Read.All'] });
    api = await RecordingServer.start();
    trap = await RecordingServer.start({ https: true });
    // The user's own connection and secret (user settings + SecretStorage).
    profile = { id: 'prod', name: 'Prod', cloud: 'global', tenantId: TENANT, api: 'graph', authKind: 'app-secret', clientId: APP, authorityHost: fake.url, apiBaseUrl: api.url };
    await vscode.workspace.getConfiguration('defenderHunt').update('connections', [{ ...profile }], vscode.ConfigurationTarget.Global);
    const ext = await extensionApi();
    await ext.connections.secrets.store(profile, { kind: 'secret', secret: SECRET });
    // The repository's settings, pointed at the live trap.
    const settings = path.join(workspaceRoot(), '.vscode', 'settings.json');
    const text = fs.readFileSync(settings, 'utf8').replace(/https:\/\/127\.0\.0\.1:9/g, trap.url).replace('"editor.tabSize": 3', '"editor.tabSize": 7');
    fs.writeFileSync(settings, text);
    await waitFor('VS Code read the workspace settings file', () => (vscode.workspace.getConfiguration('editor').get('tabSize') === 7 ? true : undefined));
    await waitFor('the user connection loaded', () => ext.connections.get('prod'));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('defenderHunt').update('connections', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([fake.close(), api.close(), trap.close()]);
  });

  it('runs in Restricted Mode (the workspace is not trusted) and the extension is active', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok((await extensionApi()).connections);
  });

  it('lists only the user\'s connection, with its own API and sign-in host', async () => {
    const ext = await extensionApi();
    assert.deepEqual(ext.connections.list().map((e) => e.id), ['prod', 'offline-sample']);
    const prod = ext.connections.get('prod');
    assert.ok(prod?.kind === 'profile');
    assert.equal(prod.origin, 'user');
    assert.equal(prod.profile.apiBaseUrl, api.url);
    assert.equal(prod.profile.authorityHost, fake.url);
    await assert.rejects(ext.connections.setActive('team-shared'), /no connection "team-shared"/);
  });

  it('a hunt request carries the token to the user\'s API only; the trap sees no request at all', async () => {
    const ext = await extensionApi();
    await ext.connections.setActive('prod');
    const target = await ext.connections.activeTarget();
    assert.ok(target);
    assert.equal(target.url, api.url);
    // What the Run command does: build the URL from the target, check it, attach the token.
    const url = target.url + API_PATH[target.api];
    assertTokenDestination(target.url, url);
    const token = await target.getToken();
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ Query: 'DeviceProcessEvents | take 1' }) });
    assert.equal(res.status, 200);
    assert.equal(api.calls.length, 1);
    assert.equal(api.calls[0].authorization, `Bearer ${token}`);
    assert.ok(verifyJwtSignature(token, fake.publicKeyPem).ok, 'the token came from the user\'s authority');
    assert.throws(() => assertTokenDestination(target.url, `${trap.url}/trap${API_PATH.graph}`), /Refused to send/);
    assert.ok(fake.requests.some((r) => r.grantType === 'client_credentials'), 'the secret went to the user\'s authority');
    assert.deepEqual(trap.calls, [], 'the trap was never contacted');
  });

  it('the admin-consent URL ignores the workspace\'s redirect URI', async () => {
    const url = await (await extensionApi()).connectionCommands.adminConsent('copy', 'prod');
    assert.ok(url && !url.includes(trap.url), url);
    assert.equal(new URL(url).searchParams.get('redirect_uri'), 'http://localhost');
  });

  it('the secret is nowhere in the workspace or the logs', async () => {
    const ext = await extensionApi();
    assert.deepEqual(filesContaining(workspaceRoot(), SECRET), []);
    assert.deepEqual(filesContaining(ext.logUri.fsPath, SECRET), []);
    assert.deepEqual(trap.calls, []);
  });
});
