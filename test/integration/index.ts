/**
 * Runs inside the real VS Code extension host (code-server or desktop): the module that
 * `--extensionTestsPath` points at. It runs every `*.test.js` next to it with mocha and, when
 * DH_TEST_RESULTS names a file, writes the counts there for the test runner's summary.
 * DH_TEST_SUITE picks another set of files (see run-integration.mjs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.DH_TEST_GREP;
  if (grep) mocha.grep(grep);
  // DH_TEST_SUITE=untrusted runs `*.untrusted.js` (a separate launch with workspace trust on).
  const suffix = process.env.DH_TEST_SUITE ? `.${process.env.DH_TEST_SUITE}.js` : '.test.js';
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith(suffix)).sort()) mocha.addFile(path.join(__dirname, f));
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      const out = process.env.DH_TEST_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify({ passed: stats.passes, failed: stats.failures, skipped: stats.pending }));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
