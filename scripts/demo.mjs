// @ts-check
// `npm run demo`: the main job. Builds and packages the extension, installs the VSIX into a
// fresh code-server (real VS Code in your browser), opens the sample hunts in demo/workspace
// and prints the URL. Stops cleanly on Ctrl+C. Binds to 127.0.0.1 only.
// Options: --port N (default 8080, or a free port when taken), --keep (keep the temp profile).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, startCodeServer, tempRoot } from '../test/harness/codeServer.mjs';
import { onCleanup, setSignalExitCode } from '../test/harness/processes.mjs';
import { packageVsix } from './package.mjs';
import { ensureVSCode, repoRoot } from './vscode-env.mjs';

const argv = process.argv.slice(2);
const portArg = argv.includes('--port') ? Number(argv[argv.indexOf('--port') + 1]) : Number(process.env.DEMO_PORT ?? 8080);

async function portIsFree(/** @type {number} */ port) {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

const vs = ensureVSCode();
console.log('[demo] building and packaging the extension');
const vsix = packageVsix({ quiet: true });
const root = tempRoot('dh-demo-');
const folder = path.join(root, 'workspace');
fs.cpSync(path.join(repoRoot, 'demo', 'workspace'), folder, { recursive: true });
const extensionsDir = path.join(root, 'extensions');
const userDataDir = path.join(root, 'user-data');
const xdg = { XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_DATA_HOME: path.join(root, 'xdg-data'), XDG_CACHE_HOME: path.join(root, 'xdg-cache') };
const install = spawnSync(vs.node24, [vs.codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], { encoding: 'utf8', env: { ...process.env, ...xdg } });
if (install.status !== 0) { console.error(install.stdout, install.stderr); process.exit(1); }
console.log(`[demo] installed ${path.basename(vsix)}`);

const port = (await portIsFree(portArg)) ? portArg : await freePort();
const server = await startCodeServer({ folder, extensionsDir, userDataDir, root, port });
const url = server.workbenchUrl();
console.log(`\n  Defender Hunt demo is running.\n  Open: ${url}\n  Sample hunts: ${folder}\n  Stop: Ctrl+C\n`);
console.log(`URL=${url}`);

// Ctrl+C: every process we started is killed by PID (processes.mjs), then the temp profile goes.
setSignalExitCode(0);
onCleanup(() => {
  console.log('\n[demo] stopped');
  if (!argv.includes('--keep')) fs.rmSync(root, { recursive: true, force: true });
});
