// @ts-check
// Starts a real VS Code (code-server on node 24) bound to 127.0.0.1 and a headless Debian
// Chromium to look at it. Nothing is written to $HOME: code-server gets --config and XDG_* dirs
// under a temp root, Chromium gets HOME/XDG_* inside its profile dir.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureVSCode, paths } from '../../scripts/vscode-env.mjs';
import { spawnTracked, stopTracked } from './processes.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A fresh temp dir for one run; removed by the caller's stop(). @param {string} prefix */
export function tempRoot(prefix) {
  const base = process.env.DH_TMP ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, prefix));
}

/**
 * @typedef {object} CodeServerOptions
 * @property {string} [folder] workspace folder to open
 * @property {boolean} [smokeTestDriver] honour ?payload= (extension tests); only for the test runner
 * @property {string} [userDataDir]
 * @property {string} [extensionsDir]
 * @property {number} [port] fixed port (the demo); random otherwise
 * @property {Record<string, string>} [env] extra environment for the server and its extension host
 * @property {string} [root] temp root to use (created otherwise)
 * @property {boolean} [inheritOutput] show the server's output on this terminal (the demo)
 * @property {Record<string, unknown>} [settings] user settings.json content
 * @property {boolean} [workspaceTrust] enable workspace trust (default off): folders start untrusted
 */

/** @param {CodeServerOptions} opts */
export async function startCodeServer(opts = {}) {
  const vs = ensureVSCode({ quiet: true });
  const root = opts.root ?? tempRoot('dh-cs-');
  const userDataDir = opts.userDataDir ?? path.join(root, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': !!opts.workspaceTrust,
    ...(opts.workspaceTrust ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false } : {}),
    'chat.disableAIFeatures': true,
    'window.commandCenter': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...opts.settings,
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const port = opts.port ?? await freePort();
  const config = path.join(root, 'config.yaml');
  fs.writeFileSync(config, '');
  const args = [vs.codeServerEntry, '--config', config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--reconnection-grace-time', '5',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(opts.folder ? [opts.folder] : [])];
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
    ...opts.env,
  };
  const logFile = path.join(root, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawnTracked('code-server', vs.node24, args, {
    env, stdio: ['ignore', opts.inheritOutput ? 'inherit' : out, opts.inheritOutput ? 'inherit' : out],
  });
  const pid = /** @type {number} */ (child.pid);
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => { exited = true; });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start; log: ${logFile}\n${tail(logFile)}`);
    try { const r = await fetch(`${url}/healthz`); if (r.ok) break; } catch { /* not up yet */ }
    if (Date.now() > deadline) { await stopTracked(pid); throw new Error(`code-server did not answer on ${url}/healthz; log: ${logFile}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, port, pid, root, userDataDir, extensionsDir, logFile,
    /** Opens the workbench on the folder (optionally with a test payload). @param {string} [query] */
    workbenchUrl(query = '') {
      return `${url}/?${opts.folder ? `folder=${encodeURIComponent(opts.folder)}` : 'ew=true'}${query}`;
    },
    async stop({ keep = false } = {}) {
      await stopTracked(pid);
      fs.closeSync(out);
      if (!keep && !process.env.DH_KEEP_TMP && !opts.root) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** @param {string} file */
function tail(file, lines = 30) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

/**
 * Headless Debian Chromium with a throwaway profile. Background networking is off so the browser
 * itself never tries to reach the internet.
 * @param {{ viewport?: {width:number,height:number}, root?: string }} [opts]
 */
export async function launchChromium(opts = {}) {
  const profile = fs.mkdtempSync(path.join(opts.root ?? tempRoot('dh-chrome-'), 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: paths.chromium,
    headless: true,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--disable-features=Translate,MediaRouter'],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      // Playwright normally reaps the browser; make sure no renderer or GPU helper outlives us.
      killProcessesMentioning(profile);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Kills (by PID) every process whose command line mentions a marker, e.g. a profile dir. @param {string} marker */
export function killProcessesMentioning(marker) {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline = '';
    try { cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8'); } catch { continue; }
    if (cmdline.includes(marker)) { try { process.kill(Number(entry), 'SIGKILL'); } catch { /* gone */ } }
  }
}
