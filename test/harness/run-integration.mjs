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
 * @param {{ desktop?: boolean, resultsFile?: string, grep?: string }} [opts]
 * @returns {Promise<{passed:number, failed:number, skipped:number, exitCode:number}>}
 */
export async function runIntegration(opts = {}) {
  const tmp = tempRoot('dh-int-');
  const resultsFile = opts.resultsFile ?? path.join(tmp, 'results.json');
  const workspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');
  // The extension host must trust the fake Entra ID authority's certificate from its start.
  const env = { ...process.env, ...(await ensureTestTls()), DH_TEST_RESULTS: resultsFile, ...(opts.grep ? { DH_TEST_GREP: opts.grep } : {}) };
  // test-electron passes its own environment to the executable; the tests read these variables.
  Object.assign(process.env, env);
  let exitCode = 1;
  try {
    exitCode = await runTests({
      ...(opts.desktop ? {} : { vscodeExecutablePath: path.join(repoRoot, 'test', 'harness', 'code-server-shim.mjs') }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions'],
      extensionTestsEnv: env,
    });
  } catch (e) {
    console.error(`integration tests failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  let counts = { passed: 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 };
  if (fs.existsSync(resultsFile)) counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  fs.rmSync(tmp, { recursive: true, force: true });
  return { ...counts, exitCode };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const r = await runIntegration({ desktop: process.argv.includes('--desktop') });
  console.log(`integration: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  process.exit(r.exitCode === 0 && r.failed === 0 ? 0 : 1);
}
