/**
 * Emulator figures: how fast the CLI is listening, what a 100,000 × 20 Graph answer costs next to
 * JSON.stringify of the same rows (measured in the same run), and the corpus coverage.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitQueryBlocks } from '../src/core/query/blocks';
import { Dataset } from '../src/emulator/data/dataset';
import { QueryEngine } from '../src/emulator/engine';
import { WIDE_COLUMNS } from '../src/emulator/hunting';
import { startEmulator } from '../src/emulator/server';
import { resolveTimespan } from '../src/emulator/timespan';
import { percentile, report, round } from './report';

const repoRoot = path.resolve(__dirname, '..');

async function timeToListen(): Promise<number> {
  const bundle = path.join(repoRoot, 'dist', 'emulator', 'emulator.js');
  const args = fs.existsSync(bundle) ? [bundle] : ['--import', 'tsx', path.join(repoRoot, 'src', 'emulator', 'main.ts')];
  const started = performance.now();
  const child = spawn(process.execPath, [...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('TOKEN=')) { const ms = performance.now() - started; child.kill(); resolve(ms); }
    });
    child.once('exit', (code) => { if (!out.includes('TOKEN=')) reject(new Error(`emulator exited ${code}`)); });
  });
}

async function main(): Promise<void> {
  const listen: number[] = [];
  for (let i = 0; i < 3; i++) listen.push(await timeToListen());
  const ms = round(percentile(listen, 50), 0);
  report({ name: 'emulator: CLI listening after start (median of 3)', value: ms, unit: 'ms', target: '<= 1000 ms', better: 'lower', ok: ms <= 1000 });

  const emu = await startEmulator({ rows: 100_000, rateLimit: false });
  await emu.ready;
  const query = `DeviceProcessEvents | take 100000 | project ${WIDE_COLUMNS.join(', ')}`;
  const call = async () => {
    const t = performance.now();
    const res = await fetch(`${emu.url}/v1.0/security/runHuntingQuery`, { method: 'POST', headers: { authorization: `Bearer ${emu.devToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ Query: query }) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(text.slice(0, 300));
    return { ms: performance.now() - t, bytes: text.length };
  };
  await call(); // generates the 100,000 rows
  const runs = [await call(), await call(), await call()];
  const answer = percentile(runs.map((r) => r.ms), 50);

  // peer: JSON.stringify of the same 100,000 rows as objects, in this process
  const t = emu.dataset.table('DeviceProcessEvents');
  if (!t) throw new Error('no DeviceProcessEvents');
  const picks = WIDE_COLUMNS.map((n) => t.columns.findIndex((c) => c.name === n));
  const objects = t.rows.slice(0, 100_000).map((r) => Object.fromEntries(picks.map((i) => [t.columns[i].name, r[i]])));
  const peers: number[] = [];
  for (let i = 0; i < 3; i++) { const s = performance.now(); JSON.stringify({ results: objects }); peers.push(performance.now() - s); }
  const peer = percentile(peers, 50);
  await emu.close();
  const ratio = round(answer / peer);
  report({ name: `emulator: 100,000 x 20 Graph answer over HTTP (${round(runs[0].bytes / 1e6, 1)} MB), vs JSON.stringify of the rows`, value: ratio, unit: 'x', target: '<= 8 x', better: 'lower', ok: ratio <= 8 });
  report({ name: 'emulator: 100,000 x 20 Graph answer over HTTP', value: round(answer, 0), unit: 'ms', target: 'info (peer ' + round(peer, 0) + ' ms)', better: 'lower', ok: true });

  const corpus = path.join(process.env.DH_CORPUS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'corpus'), 'm365d-hunting-queries');
  if (fs.existsSync(corpus)) {
    const now = Date.now();
    const engine = new QueryEngine(new Dataset({ rows: 2_000, now }), () => now);
    const window = resolveTimespan(undefined, now);
    let total = 0, ok = 0;
    for (const f of fs.readdirSync(corpus).filter((n) => n.endsWith('.kql'))) {
      for (const b of splitQueryBlocks(fs.readFileSync(path.join(corpus, f), 'utf8'))) {
        total++;
        try { engine.run(b.text, window); ok++; } catch { /* counted as not run */ }
      }
    }
    const share = round((100 * ok) / total, 1);
    report({ name: 'emulator: public hunting queries that run', value: share, unit: '%', target: '>= 60 %', better: 'higher', ok: share >= 60 });
  }
}

void main().catch((e: unknown) => { console.error(e); process.exit(1); });
