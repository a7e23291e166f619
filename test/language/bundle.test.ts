/**
 * The built server bundle as other editors run it: `kql-language-server --stdio` (package.json
 * "bin"), Kusto.Language loaded from beside the bundle.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleExists, bundlePath, LspTestClient, repoRoot } from './lspClient';

describe('kql-language-server (the built bundle)', () => {
  before(() => {
    // `npm test` builds first; building here keeps this file runnable on its own.
    if (!bundleExists()) {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--no-tests'], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
  });

  it('is the package\'s `kql-language-server` command, executable with a node shebang', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
    assert.equal(path.resolve(repoRoot, pkg.bin?.['kql-language-server'] ?? ''), bundlePath);
    assert.match(fs.readFileSync(bundlePath, 'utf8').slice(0, 40), /^#!\/usr\/bin\/env node\n/);
    assert.ok((fs.statSync(bundlePath).mode & 0o111) !== 0, 'executable bits set');
  });

  it('explains itself with --help and refuses to start without a transport', () => {
    const help = spawnSync(bundlePath, ['--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: kql-language-server --stdio/);
    const bare = spawnSync(process.execPath, [bundlePath], { encoding: 'utf8' });
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /--stdio/);
  });

  describe('over stdio', () => {
    let c: LspTestClient;
    before(async () => { c = await LspTestClient.start({ bundle: true }); });
    after(async () => { await c?.stop(); });

    it('serves diagnostics and completion with the bundled schema', async () => {
      const ready = await c.ready();
      assert.ok(ready.tables > 60);
      const uri = 'file:///tmp/stdio.kql';
      const text = 'DeviceLogonEvents | where LogonTyp == "Network" | ';
      await c.open(uri, text);
      const ds = await c.diagnosticsFor(uri);
      // the misspelt column, and the pipe still waiting for its operator
      assert.deepEqual(ds.map((d) => d.code), ['KS142', 'KS176']);
      const items = await c.completion(uri, { line: 0, character: text.length });
      assert.ok(items.some((i) => i.label === 'summarize'), 'tabular operators offered after a pipe');
    });
  });
});
