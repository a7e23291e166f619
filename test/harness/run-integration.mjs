// @ts-check
// Runs the mocha suites of test/integration inside a real VS Code extension host through
// @vscode/test-electron's runTests. By default the "VS Code executable" is our shim, which runs
// code-server (VS Code 1.139 on node 24) offline. With --desktop, test-electron downloads and
// runs desktop VS Code instead (needs internet and a display, e.g. xvfb-run); the test files are
// the same.
import fs from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../../scripts/vscode-env.mjs';
import { tempRoot } from './codeServer.mjs';
import { ensureTestTls } from './testTls.mjs';

/**
 * Runs the default suite (`*.test.ts`, fixture workspace, workspace trust off) and then, when
 * there are any, the untrusted suite (`*.untrusted.ts`) in a second launch with workspace trust on
 * and a throwaway copy of test/fixtures/untrusted-workspace (its tests write its settings).
 * @param {{ desktop?: boolean, resultsFile?: string, grep?: string }} [opts]
 * @returns {Promise<{passed:number, failed:number, skipped:number, exitCode:number}>}
 */
export async function runIntegration(opts = {}) {
  const tmp = tempRoot('dh-int-');
  const total = { passed: 0, failed: 0, skipped: 0, exitCode: 0 };
  const add = (/** @type {{passed:number, failed:number, skipped:number, exitCode:number}} */ r) => {
    total.passed += r.passed; total.failed += r.failed; total.skipped += r.skipped; total.exitCode ||= r.exitCode;
  };
  try {
    add(await runSuite(opts, { workspace: path.join(repoRoot, 'test', 'fixtures', 'workspace'), resultsFile: opts.resultsFile ?? path.join(tmp, 'results.json') }));
    const dir = path.join(repoRoot, 'test', 'integration');
    if (fs.readdirSync(dir).some((f) => f.endsWith('.untrusted.ts'))) {
      const workspace = path.join(tmp, 'untrusted-workspace');
      fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'untrusted-workspace'), workspace, { recursive: true });
      console.log('\nuntrusted workspace (workspace trust on, a second VS Code):');
      add(await runSuite(opts, { workspace, resultsFile: path.join(tmp, 'results-untrusted.json'), env: { DH_TEST_SUITE: 'untrusted', DH_WORKSPACE_TRUST: '1' } }));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return total;
}

/**
 * @param {{ desktop?: boolean, grep?: string }} opts
 * @param {{ workspace: string, resultsFile: string, env?: Record<string, string> }} suite
 */
async function runSuite(opts, suite) {
  // The extension host must trust the fake Entra ID authority's certificate from its start.
  const env = { ...process.env, ...(await ensureTestTls()), DH_TEST_RESULTS: suite.resultsFile, ...(opts.grep ? { DH_TEST_GREP: opts.grep } : {}), ...suite.env };
  // test-electron passes its own environment to the executable; the tests read these variables.
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let exitCode = 1;
  try {
    exitCode = await runTests({
      ...(opts.desktop ? {} : { vscodeExecutablePath: path.join(repoRoot, 'test', 'harness', 'code-server-shim.mjs') }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [suite.workspace, '--disable-extensions'],
      extensionTestsEnv: env,
    });
  } catch (e) {
    console.error(`integration tests failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  let counts = { passed: 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 };
  if (fs.existsSync(suite.resultsFile)) counts = JSON.parse(fs.readFileSync(suite.resultsFile, 'utf8'));
  return { ...counts, exitCode };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const r = await runIntegration({ desktop: process.argv.includes('--desktop') });
  console.log(`integration: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  process.exit(r.exitCode === 0 && r.failed === 0 ? 0 : 1);
}
