// @ts-check
// Every process a test or the demo starts is registered here and stopped by PID at the end,
// also when a test fails, times out or the runner is interrupted. Children are started in their
// own process group so that killing the group also stops their children (extension hosts,
// language servers, file watchers).
import { spawn } from 'node:child_process';

/** @type {Map<number, string>} pid -> label */
const live = new Map();

/**
 * @param {string} label
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 */
export function spawnTracked(label, cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${label}`);
  const pid = child.pid;
  live.set(pid, label);
  child.once('exit', () => live.delete(pid));
  return child;
}

/** Kills a tracked process group: SIGTERM, then SIGKILL after a grace period. @param {number} pid */
export async function stopTracked(pid, graceMs = 5000) {
  if (!live.has(pid)) return;
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  killGroup(pid, 'SIGKILL');
  live.delete(pid);
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
  try { process.kill(pid, signal); } catch { /* already gone */ }
}

/** @param {number} pid */
function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Synchronous last resort, used from 'exit' and signal handlers. */
export function killAllTracked() {
  for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
  live.clear();
}

/** @type {(() => void)[]} */
const cleanups = [];
/** Registers a synchronous cleanup (e.g. removing a temp dir) run on exit and on signals. @param {() => void} fn */
export function onCleanup(fn) { cleanups.push(fn); }
let signalExitCode = 130;
/** The demo stops with 0 on Ctrl+C (a normal way to end it); test runners keep 130. @param {number} code */
export function setSignalExitCode(code) { signalExitCode = code; }

function cleanupAll() {
  killAllTracked();
  for (const fn of cleanups.splice(0)) { try { fn(); } catch { /* best effort */ } }
}
process.once('exit', cleanupAll);
for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.once(sig, () => { cleanupAll(); process.exit(signalExitCode); });
}
