#!/usr/bin/env node
// @ts-check
// A small "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// test-electron spawns it with the arguments it would give desktop VS Code
// (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=, --extensions-dir=, folder).
// We start code-server in smoke-test-driver mode (the only mode in which a built workbench honours
// a test payload), open the workbench with that payload in headless Chromium, stream the extension
// host's console (mocha's reporter) to stdout, and exit with the code the workbench reports when the
// extension host ends. Everything we start is stopped by PID on every path out.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchChromium, startCodeServer, tempRoot } from './codeServer.mjs';

const TIMEOUT_MS = Number(process.env.DH_INTEGRATION_TIMEOUT_MS ?? 600_000);

const devPaths = [];
/** @type {string|undefined} */ let testsPath;
/** @type {string|undefined} */ let userDataDir;
/** @type {string|undefined} */ let extensionsDir;
const positional = [];
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(a);
  if (m) {
    if (m[1] === 'extensionDevelopmentPath') devPaths.push(path.resolve(m[2]));
    else if (m[1] === 'extensionTestsPath') testsPath = path.resolve(m[2]);
    else if (m[1] === 'user-data-dir') userDataDir = path.resolve(m[2]);
    else if (m[1] === 'extensions-dir') extensionsDir = path.resolve(m[2]);
    // desktop-only flags (--no-sandbox, --disable-gpu-sandbox, --skip-welcome, ...) mean nothing here
  } else if (!a.startsWith('-')) positional.push(path.resolve(a));
}
if (!testsPath || devPaths.length === 0) {
  console.error('shim: need --extensionTestsPath and --extensionDevelopmentPath');
  process.exit(2);
}

const t0 = Date.now();
const lap = (/** @type {string} */ m) => console.log(`[shim ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const root = tempRoot('dh-shim-');
// test-electron points these at its own cache; keep them inside our temp root so runs never share state.
userDataDir = path.join(root, 'user-data');
extensionsDir = path.join(root, 'extensions');

let exitCode = 1;
/** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */ let server;
/** @type {Awaited<ReturnType<typeof launchChromium>> | undefined} */ let browser;
try {
  // DH_WORKSPACE_TRUST=1: the workspace opens untrusted (Restricted Mode), for the trust tests.
  server = await startCodeServer({ folder: positional[0], smokeTestDriver: true, userDataDir, extensionsDir, root, workspaceTrust: process.env.DH_WORKSPACE_TRUST === '1' });
  lap(`code-server pid ${server.pid} on ${server.url}`);
  const host = `127.0.0.1:${server.port}`;
  // The remote (node) extension host only accepts vscode-remote:// URIs for these paths.
  const payload = [
    ...devPaths.map((p) => ['extensionDevelopmentPath', `vscode-remote://${host}${p}`]),
    ['extensionTestsPath', `vscode-remote://${host}${testsPath}`],
    ['skipWelcome', 'true'], ['skipReleaseNotes', 'true'],
  ];
  browser = await launchChromium({ root });
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  /** @type {(v: number|string) => void} */ let finish = () => {};
  const finished = new Promise((r) => { finish = r; });
  await page.exposeFunction('codeAutomationLog', () => {});
  await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => finish(code));
  let chain = Promise.resolve();
  page.on('console', (m) => { chain = chain.then(() => forward(m)); });
  page.on('pageerror', (e) => { if (process.env.DH_VERBOSE) console.log(`[pageerror] ${e.message}`); });
  /** @param {import('playwright-core').ConsoleMessage} m */
  const forward = async (m) => {
    if (m.text().includes('No extension host found that can launch the test runner')) finish('no extension host for the tests');
    const args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => '?')));
    // Extension-host console output arrives as ('%c INFO', 'color: …', ...original args).
    if (typeof args[0] === 'string' && /^%c\s*(INFO|LOG|WARN|ERROR)/.test(args[0])) {
      const line = util.format(...args.slice(2));
      if (!/^\[(ChatModelSelection|AgentHost|AccountPolicyGate|Service Worker|reconnection-grace-time)|^(Creating a socket|Updating additional builtin|Resolv)/.test(line)) console.log(line);
    } else if (process.env.DH_VERBOSE) console.log(`[page ${m.type()}] ${m.text()}`);
  };
  lap('opening workbench with the test payload');
  await page.goto(server.workbenchUrl(`&payload=${encodeURIComponent(JSON.stringify(payload))}`));
  /** @type {ReturnType<typeof setTimeout> | undefined} */ let timer;
  const result = await Promise.race([finished, new Promise((r) => { timer = setTimeout(() => r('timeout'), TIMEOUT_MS); })]);
  clearTimeout(timer);
  await chain;
  lap(`extension host exited: ${result}`);
  exitCode = result === 0 ? 0 : 1;
} catch (e) {
  console.error('shim error:', e instanceof Error ? e.message : e);
} finally {
  await browser?.close();
  await server?.stop({ keep: exitCode !== 0 && !!process.env.DH_KEEP_TMP });
  if (!process.env.DH_KEEP_TMP) fs.rmSync(root, { recursive: true, force: true });
}
process.exit(exitCode);
