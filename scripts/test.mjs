// @ts-check
// `npm test`: every test of the project, in order, stopping at the first failing stage:
//   1. static   typecheck (tsc --noEmit) and lint (eslint)
//   2. unit     src/core and friends in plain Node (node:test)
//   3. integration  mocha inside the real extension host of code-server (VS Code 1.139)
//   4. e2e      Playwright + Debian Chromium clicking through a separate code-server
// Each stage prints its counts; the last line is the summary over all stages.
// Options: --only <stage>, --from <stage>, --grep <pattern> (integration/e2e/unit test names).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureChromium, ensureVSCode, repoRoot } from './vscode-env.mjs';
import { ensureTestTls } from '../test/harness/testTls.mjs';

const argv = process.argv.slice(2);
const opt = (/** @type {string} */ name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const only = opt('--only');
const from = opt('--from');
const grep = opt('--grep');

/** @typedef {{passed:number, failed:number, skipped:number}} Counts */
/** @type {{name:string, counts:Counts, seconds:number}[]} */
const done = [];
const t0 = Date.now();

/** Runs a command, streaming its output; resolves with its exit code and captured stdout. @param {string} cmd @param {string[]} args @param {{env?: NodeJS.ProcessEnv, timeoutMs?: number}} [o] */
function run(cmd, args, o = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    const kill = () => { try { process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL'); } catch { /* gone */ } };
    const timer = o.timeoutMs ? setTimeout(() => { console.error(`\n[test] ${cmd} timed out after ${o.timeoutMs} ms; killing it`); kill(); }, o.timeoutMs) : undefined;
    process.once('exit', kill);
    child.on('close', (code) => { clearTimeout(timer); process.removeListener('exit', kill); resolve({ code: code ?? 1, out }); });
  });
}

/** Test files under the given folders matching a suffix. @param {string[]} dirs @param {string} suffix */
function findTests(dirs, suffix) {
  /** @type {string[]} */ const files = [];
  const walk = (/** @type {string} */ d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (e.name.endsWith(suffix)) files.push(path.relative(repoRoot, p));
    }
  };
  dirs.forEach((d) => walk(path.join(repoRoot, d)));
  return files.sort();
}

/** Runs test files with node's test runner (TypeScript through tsx) and reads its summary. @param {string[]} files @param {number} timeoutMs @param {NodeJS.ProcessEnv} [env] */
async function nodeTests(files, timeoutMs, env) {
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0, code: 0 };
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', `--test-timeout=${timeoutMs}`,
    ...(grep ? ['--test-name-pattern', grep] : []), ...files];
  const r = /** @type {{code:number, out:string}} */ (await run(process.execPath, args, { env, timeoutMs: timeoutMs * 2 }));
  const num = (/** @type {string} */ label) => Number(new RegExp(`^\\S*\\s*${label} (\\d+)$`, 'm').exec(r.out)?.[1] ?? 0);
  const counts = { passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo') };
  if (r.code !== 0 && counts.failed === 0) counts.failed = 1; // crashed before reporting
  return { ...counts, code: r.code };
}

/** @type {{name:string, run:() => Promise<Counts>}[]} */
const stages = [
  {
    name: 'static',
    async run() {
      let passed = 0, failed = 0;
      const tsc = /** @type {{code:number}} */ (await run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.']));
      console.log(`typecheck: ${tsc.code === 0 ? 'no errors' : 'FAILED'}`);
      if (tsc.code === 0) passed++; else failed++;
      const lint = /** @type {{code:number}} */ (await run(process.execPath, [path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '--max-warnings=0', '.']));
      console.log(`lint: ${lint.code === 0 ? 'no problems' : 'FAILED'}`);
      if (lint.code === 0) passed++; else failed++;
      return { passed, failed, skipped: 0 };
    },
  },
  {
    name: 'unit',
    async run() {
      const files = findTests(['test/unit', 'test/grammar', 'test/language', 'test/emulator'], '.test.ts');
      console.log(`${files.length} unit test files`);
      return nodeTests(files, 300_000);
    },
  },
  {
    name: 'integration',
    async run() {
      ensureChromium();
      ensureVSCode();
      const { runIntegration } = await import('../test/harness/run-integration.mjs');
      const r = await runIntegration({ grep });
      if (r.exitCode !== 0 && r.failed === 0) r.failed = 1;
      return r;
    },
  },
  {
    name: 'e2e',
    async run() {
      ensureChromium();
      ensureVSCode();
      const { packageVsix } = await import('./package.mjs');
      const vsix = packageVsix({ quiet: true });
      console.log(`packaged ${path.relative(repoRoot, vsix)} for the e2e tests`);
      const files = findTests(['test/e2e'], '.e2e.ts');
      return nodeTests(files, 600_000, { DH_VSIX: vsix });
    },
  },
];

const names = stages.map((s) => s.name);
for (const n of [only, from]) if (n && !names.includes(n)) { console.error(`unknown stage ${n}; stages: ${names.join(', ')}`); process.exit(2); }
const selected = stages.filter((s, i) => (only ? s.name === only : !from || i >= names.indexOf(from)));

// Bundles first: the integration and e2e stages load them, and a build error is a failure.
if (selected.some((s) => s.name !== 'static')) {
  const b = /** @type {{code:number}} */ (await run(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')]));
  if (b.code !== 0) { console.log('\n0 passed, 1 failed (build)'); process.exit(1); }
}

// HTTPS fakes (the Entra ID authority) serve one test certificate; every process started from here
// (node --test children, code-server and its extension host) must trust it from its first moment.
Object.assign(process.env, await ensureTestTls());

let failedStage;
for (const stage of selected) {
  console.log(`\n━━━ ${stage.name} ━━━`);
  const s0 = Date.now();
  let counts;
  try { counts = await stage.run(); } catch (e) { console.error(e instanceof Error ? e.stack ?? e.message : e); counts = { passed: 0, failed: 1, skipped: 0 }; }
  const seconds = (Date.now() - s0) / 1000;
  done.push({ name: stage.name, counts, seconds });
  console.log(`${stage.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds.toFixed(1)} s)`);
  if (counts.failed > 0 || counts.passed === 0) { failedStage = stage.name; if (counts.failed === 0) console.log(`${stage.name}: no tests ran, which counts as a failure`); break; }
}

const total = done.reduce((a, d) => ({ passed: a.passed + d.counts.passed, failed: a.failed + d.counts.failed, skipped: a.skipped + d.counts.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log('\n━━━ summary ━━━');
for (const d of done) console.log(`${d.name.padEnd(12)} ${String(d.counts.passed).padStart(5)} passed ${String(d.counts.failed).padStart(4)} failed ${String(d.counts.skipped).padStart(4)} skipped  ${d.seconds.toFixed(1)} s`);
if (failedStage) console.log(`stopped at the first failing stage: ${failedStage}`);
console.log(`${total.passed} passed, ${total.failed + (failedStage && total.failed === 0 ? 1 : 0)} failed, ${total.skipped} skipped in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(failedStage ? 1 : 0);
