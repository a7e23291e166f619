/**
 * Connections as a person uses them, in code-server with the packaged extension: the status bar
 * item, the multi-step "Add Connection" quick input (GUID check as you type), entering a client
 * secret through "Edit Connection" (password box) and signing in against the fake Entra ID
 * authority, the connection picker, and the device code notification.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeEntra } from '../fakes/fakeEntra';
import { Workbench } from './workbench';

const TENANT = '3c1f5b2a-0d4e-4f60-9a7b-8c9d0e1f2a3b';
const APP = '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b';
const PUBLIC_APP = '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const SECRET = 'DH-CANARY-E2E-q2Wz7~hN4.bT9';

describe('connections in the workbench', () => {
  let wb: Workbench;
  let fake: FakeEntra;

  before(async () => {
    fake = await FakeEntra.start({ pollIntervalSeconds: 0.2 });
    fake.registerApp({ clientId: APP, homeTenantId: TENANT, secrets: [SECRET], roles: ['ThreatHunting.Read.All'] });
    fake.registerApp({ clientId: PUBLIC_APP, homeTenantId: TENANT, scopes: ['ThreatHunting.Read.All'] });
    // Connections pointing at the fake authority (authorityHost is a settings-only field).
    wb = await Workbench.open({
      settings: {
        'defenderHunt.connections': [
          { id: 'lab', name: 'Lab tenant', authKind: 'app-secret', tenantId: TENANT, clientId: APP, authorityHost: fake.url },
          { id: 'device-lab', name: 'Device lab', authKind: 'device-code', tenantId: TENANT, clientId: PUBLIC_APP, authorityHost: fake.url },
        ],
      },
    });
    await wb.openFromExplorer('sample.kql');
  });
  after(async () => {
    await wb?.close();
    await fake?.close();
  });

  const statusItem = () => wb.page.locator('.statusbar-item', { hasText: /Lab tenant|Device lab|Offline sample tenant|Contoso/ }).first();
  const quickInput = () => wb.page.locator('.quick-input-widget');
  const input = () => wb.page.locator('.quick-input-widget .quick-input-box input');

  /** Waits for step n of the wizard (its title shows "n/total"), then types and accepts. */
  async function step(n: number, total: number, typed?: string): Promise<void> {
    await quickInput().locator('.quick-input-title, .quick-input-header', { hasText: `${n}/${total}` }).first().waitFor();
    if (typed !== undefined) await input().fill(typed);
    await wb.page.keyboard.press('Enter');
  }

  it('shows the active connection in the status bar, signed out', async () => {
    await statusItem().waitFor();
    assert.match(await statusItem().textContent() ?? '', /Lab tenant.*signed out/);
  });

  it('enters the client secret through "Edit Connection" (a password box) and signs in', async () => {
    await wb.runCommand('Defender Hunt: Edit Connection');
    for (let n = 1; n <= 6; n++) await step(n, 8); // name, cloud, API, sign-in kind, tenant, client: keep
    await quickInput().locator('.quick-input-title, .quick-input-header', { hasText: '7/8' }).first().waitFor();
    assert.equal(await input().getAttribute('type'), 'password');
    await input().fill(SECRET);
    await wb.page.keyboard.press('Enter');
    await step(8, 8);
    await statusItem().filter({ hasText: `app ${APP}` }).waitFor();
    assert.ok(fake.requests.some((r) => r.grantType === 'client_credentials'));
    await wb.screenshot('connections-signed-in');
  });

  it('"Add Connection" checks GUIDs as they are typed and explains the choices', async () => {
    await wb.runCommand('Defender Hunt: Add Connection');
    await step(1, 8, 'Contoso user');
    await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'login.microsoftonline.us' }).first().waitFor();
    await wb.page.keyboard.press('Enter'); // cloud: Commercial (first)
    await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'ThreatHunting.Read.All' }).first().waitFor();
    await wb.page.keyboard.press('Enter'); // API: Graph
    await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'multi-tenant' }).first().waitFor();
    await wb.page.keyboard.press('Enter'); // sign-in: user (VS Code)
    await quickInput().locator('.quick-input-title, .quick-input-header', { hasText: '5/8' }).first().waitFor();
    await input().fill('contoso.onmicrosoft.com');
    await quickInput().locator('.quick-input-message', { hasText: 'Tenant ID' }).first().waitFor();
    await wb.screenshot('connections-add-guid-check');
    await wb.page.keyboard.press('Enter'); // refused: still on step 5
    await input().fill(TENANT);
    await wb.page.keyboard.press('Enter');
    await step(6, 8, PUBLIC_APP);
    await step(8, 8);
    await statusItem().filter({ hasText: 'Contoso user' }).waitFor();
    const settings = fs.readFileSync(path.join(wb.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.match(settings, /"name": "Contoso user"/);
    assert.ok(!settings.includes(SECRET), 'the secret is not in settings.json');
  });

  it('switches connection from the status bar picker and signs in with a device code', async () => {
    await statusItem().click();
    await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'Device lab' }).first().click();
    await statusItem().filter({ hasText: 'Device lab' }).waitFor();
    await wb.runCommand('Defender Hunt: Sign In');
    const pending = await waitUntil(() => fake.pendingDeviceCodes()[0]);
    await wb.page.locator('.notifications-toasts', { hasText: pending.userCode }).first().waitFor();
    await wb.page.locator('.notifications-toasts .monaco-button', { hasText: 'Copy Code and Open Browser' }).first().waitFor();
    await wb.screenshot('connections-device-code');
    fake.approveDeviceCode(pending.userCode, { upn: 'hunter@contoso.example' });
    await statusItem().filter({ hasText: 'hunter@contoso.example' }).waitFor();
  });
});

async function waitUntil<T>(f: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
