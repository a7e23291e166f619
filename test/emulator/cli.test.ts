import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { GRAPH, post } from './http';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('emulator CLI', () => {
  it('prints exactly URL= and TOKEN= and serves until killed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--rows', '50', '--token', 'cli-test-token', '--rate-limit', 'off'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const lines = await new Promise<string[]>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.split('\n').length >= 3) resolve(out.split('\n')); });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      assert.equal(lines.length, 3);
      assert.match(lines[0], /^URL=http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(lines[1], 'TOKEN=cli-test-token');
      assert.equal(lines[2], '');
      const url = lines[0].slice(4);
      const r = await post(url, GRAPH, { Query: 'DeviceInfo | summarize dcount(DeviceId)' }, 'cli-test-token');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.results, [{ dcount_DeviceId: 20 }]);
      assert.equal(out, lines.join('\n'), 'nothing else on stdout');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => { if (child.exitCode !== null) resolve(child.exitCode); else child.once('exit', (c) => resolve(c)); });
    assert.equal(code, 0);
  });

  it('refuses unknown options', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--nope'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 2);
  });
});
