/**
 * The canary test of issue 8, end to end in the real extension host: a recognisable fake client
 * secret goes through "Add Connection" (the wizard), the app signs in against the fake Entra ID
 * authority (HTTPS on 127.0.0.1), its token is used for real hunts against an emulator that
 * trusts that authority's signing key (as Defender trusts Entra's), a hunt fails (a query error
 * and a missing permission), and the result is exported to CSV and JSON. Then the output
 * channel's log file, the settings files, the user data folder, the exported files, every
 * message shown to the user, the diagnostics and the status bar are searched for the secret and
 * the tokens: zero occurrences.
 */
import * as assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HuntRun } from '../../src/core/results/huntRun';
import { Commands } from '../../src/shared/commands';
import type { DefenderHuntApi } from '../../src/vscode/defenderHunt';
import type { ExportOutcome } from '../../src/vscode/export/exportCommands';
import { FakeEntra } from '../fakes/fakeEntra';
import { decodeJwt } from '../fakes/jwt';
import { ScriptedWizardUi } from '../fakes/scriptedWizardUi';
import { filesContaining } from './authFixtures';
import { EXTENSION_ID, extensionApi, openFixture, waitFor, workspaceRoot } from './helpers';

const TENANT = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const APP = '8b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
/** Registered without ThreatHunting.Read.All: its hunts get a 403. */
const APP_WITHOUT_ROLE = '9c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const CANARY_SECRET = 'DH-CANARY-HUNT-SECRET-z8Kq3~wP5.nR7';
const CANARY_SECRET_2 = 'DH-CANARY-NOPERM-SECRET-m4Vx6~tJ9.cL2';

interface Emulator { readonly url: string; readonly child: ChildProcess }

/** The project's emulator as a child process (like the offline tenant), trusting the fake authority's key. */
async function startTrustingEmulator(keyFile: string): Promise<Emulator> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const script = path.join(ext.extensionPath, 'dist', 'emulator', 'emulator.js');
  const child = fork(script, ['--port', '0', '--trust-key', keyFile, '--rate-limit', 'off'], {
    cwd: path.dirname(script), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${stderr}`)), 30_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the emulator exited (${code}): ${stderr}`)); });
    child.on('message', (m: { type?: string; url?: string }) => { if (m?.type === 'ready' && m.url) { clearTimeout(timer); resolve(m.url); } });
  });
  return { url, child };
}

/** Every message the extension shows (recorded on the way through; the real notification still appears). */
function recordMessages(): { texts: string[]; restore(): void } {
  const texts: string[] = [];
  const w = vscode.window as unknown as Record<string, (...a: unknown[]) => unknown>;
  const names = ['showErrorMessage', 'showWarningMessage', 'showInformationMessage'] as const;
  const originals = names.map((n) => w[n]);
  names.forEach((n, i) => {
    w[n] = (...args: unknown[]) => {
      texts.push(...args.filter((a): a is string => typeof a === 'string'));
      const options = args.find((a): a is { detail?: string } => typeof a === 'object' && a !== null && 'detail' in a);
      if (options?.detail) texts.push(options.detail);
      return originals[i](...args);
    };
  });
  return { texts, restore: () => names.forEach((n, i) => { w[n] = originals[i]; }) };
}

/** A JWT and the parts of it that identify it: a leak of the payload or the signature alone counts too. */
function tokenCanaries(token: string): string[] {
  const [, payload, signature] = token.split('.');
  assert.ok(payload && signature, 'a JWT');
  return [token, payload, signature];
}

async function runAt(editor: vscode.TextEditor, text: string): Promise<HuntRun | undefined> {
  const line = editor.document.getText().split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `fixture line with ${text}`);
  editor.selection = new vscode.Selection(line, 1, line, 1);
  return vscode.commands.executeCommand<HuntRun | undefined>(Commands.runHunt);
}

describe('canary: a secret and tokens through sign-in, hunts, errors and export leave no trace', function () {
  this.timeout(120_000);
  let api: DefenderHuntApi;
  let fake: FakeEntra;
  let emulator: Emulator;
  let dir: string;
  let messages: ReturnType<typeof recordMessages>;
  const canaries: string[] = [CANARY_SECRET, CANARY_SECRET_2];
  const exported: string[] = [];

  before(async () => {
    api = await extensionApi();
    await api.hunt.timeRange.set('30d');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-canary-'));
    fake = await FakeEntra.start();
    fake.registerApp({ clientId: APP, homeTenantId: TENANT, secrets: [CANARY_SECRET], roles: ['ThreatHunting.Read.All'] });
    fake.registerApp({ clientId: APP_WITHOUT_ROLE, homeTenantId: TENANT, secrets: [CANARY_SECRET_2], roles: ['User.Read.All'] });
    const keyFile = path.join(dir, 'authority.pem');
    fs.writeFileSync(keyFile, fake.publicKeyPem);
    emulator = await startTrustingEmulator(keyFile);
    messages = recordMessages();
  });

  after(async () => {
    messages?.restore();
    for (const id of ['canary-lab', 'canary-no-role']) if (api.connections.get(id)) await api.connectionCommands.removeConnection(id, { confirm: false });
    await vscode.workspace.getConfiguration('defenderHunt').update('connections', undefined, vscode.ConfigurationTarget.Global);
    await api.connections.setActive('offline-sample');
    if (emulator?.child.pid && emulator.child.exitCode === null) process.kill(emulator.child.pid, 'SIGTERM');
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds an application connection through the wizard (secret typed in) and signs in against the fake authority', async () => {
    const ui = new ScriptedWizardUi(['Canary lab', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, TENANT, APP, CANARY_SECRET, emulator.url]);
    assert.equal(await api.connectionCommands.addConnection(ui, { authorityHost: fake.url }), 'canary-lab');
    await api.connections.setActive('canary-lab');
    assert.ok(await api.connectionCommands.signIn('canary-lab'));
    const target = await api.connections.activeTarget();
    assert.equal(target?.url, emulator.url);
    const token = await target!.getToken();
    assert.equal(decodeJwt(token).payload.aud, 'https://graph.microsoft.com');
    canaries.push(...tokenCanaries(token));
  });

  it('hunts with that token against the emulator (which only accepts the authority\'s tokens)', async () => {
    const editor = await openFixture('export.kql');
    const run = await runAt(editor, '| take 1500');
    assert.equal(run?.result.rows.length, 1500);
    assert.equal(run?.connectionName, 'Canary lab');
    // The token the hunt used is the cached one; a refreshed one is a canary too.
    const target = await api.connections.activeTarget();
    canaries.push(...tokenCanaries(await target!.getToken()), ...tokenCanaries(await target!.getToken(undefined, { forceRefresh: true })));
  });

  it('a failing hunt (query error) shows the engine message, nothing more', async () => {
    const editor = await openFixture('hunts.kql');
    const before = messages.texts.length;
    assert.equal(await runAt(editor, 'NoSuchColumn'), undefined);
    const shown = await waitFor('the error notification', () => messages.texts.slice(before).find((t) => t.startsWith('Hunt failed')));
    assert.match(shown, /NoSuchColumn/);
  });

  it('a hunt without the permission (HTTP 403) explains the missing permission', async () => {
    const ui = new ScriptedWizardUi(['Canary no role', { pick: 'global' }, { pick: 'graph' }, { pick: 'app-secret' }, TENANT, APP_WITHOUT_ROLE, CANARY_SECRET_2, emulator.url]);
    assert.equal(await api.connectionCommands.addConnection(ui, { authorityHost: fake.url }), 'canary-no-role');
    await api.connections.setActive('canary-no-role');
    const target = await api.connections.activeTarget();
    canaries.push(...tokenCanaries(await target!.getToken()));
    const before = messages.texts.length;
    const editor = await openFixture('export.kql');
    assert.equal(await runAt(editor, '| take 1500'), undefined);
    const shown = await waitFor('the permission message', () => messages.texts.slice(before).find((t) => /ThreatHunting\.Read\.All/.test(t)));
    assert.ok(shown.length > 0);
    await api.connections.setActive('canary-lab');
  });

  it('exports the hunt to CSV and JSON', async () => {
    const editor = await openFixture('export.kql');
    const run = await runAt(editor, '| take 1500');
    assert.equal(run?.connectionName, 'Canary lab');
    for (const [command, name] of [[Commands.exportCsv, 'canary.csv'], [Commands.exportJson, 'canary.json']] as const) {
      const file = path.join(dir, name);
      const outcome = await vscode.commands.executeCommand<ExportOutcome>(command, { target: file, rows: 'all', includeHidden: true });
      assert.equal(outcome.status, 'exported');
      exported.push(file);
    }
  });

  it('finds no secret and no token in the log, settings, user data, exports, messages, diagnostics or status bar', async () => {
    assert.ok(canaries.length >= 2 + 4 * 3, `secrets and tokens were collected (${canaries.length})`);
    api.log.info('canary check: flushing the log');
    const logDir = api.logUri.fsPath;
    await waitFor('the output channel log file has the marker', () => (filesContaining(logDir, 'canary check').length ? true : undefined));
    const userDir = path.resolve(api.globalStorageUri.fsPath, '..', '..');
    const settings = [path.join(userDir, 'settings.json'), path.join(workspaceRoot(), '.vscode', 'settings.json')].filter((f) => fs.existsSync(f));
    // Positive controls: the searches do find what is really there.
    assert.ok(filesContaining(logDir, 'Canary lab').length > 0, 'the log names the connection');
    assert.ok(settings.some((f) => fs.readFileSync(f, 'utf8').includes(APP)), 'the settings hold the connection (without its secret)');
    assert.equal(exported.length, 2);
    assert.ok(exported.every((f) => fs.readFileSync(f, 'utf8').includes('ReportId')), 'the exports hold the result');
    assert.ok(messages.texts.some((t) => t.startsWith('Exported')), 'the export notifications were recorded');

    const texts = [
      ...messages.texts,
      ...vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.map((d) => d.message)),
      api.connectionStatus.text, api.connectionStatus.tooltip,
    ];
    for (const c of canaries) {
      const what = `a canary (${c.slice(0, 10)}…)`;
      assert.deepEqual(filesContaining(logDir, c), [], `${what} leaked into the output channel's log`);
      assert.deepEqual(filesContaining(userDir, c), [], `${what} leaked under the user data folder`);
      for (const f of [...settings, ...exported]) assert.equal(fs.readFileSync(f, 'utf8').includes(c), false, `${what} leaked into ${f}`);
      for (const t of texts) assert.equal(t.includes(c), false, `${what} leaked into "${t.slice(0, 80)}…"`);
    }
  });
});
