/**
 * `npm run emulator:coverage`: runs every query block of the public hunting-query corpus
 * (../shared/corpus/m365d-hunting-queries, or DH_CORPUS_DIR) through the emulator's executor and
 * prints the share that executes without error, plus the most frequent unsupported features and
 * other failures. `--verbose` lists each failing block.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitQueryBlocks } from '../src/core/query/blocks';
import { Dataset } from '../src/emulator/data/dataset';
import { QueryEngine } from '../src/emulator/engine';
import { QueryError, UnsupportedError } from '../src/emulator/executor/errors';
import { resolveTimespan } from '../src/emulator/timespan';

const repoRoot = path.resolve(__dirname, '..');
const corpusRoot = process.env.DH_CORPUS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
const dir = path.join(corpusRoot, 'm365d-hunting-queries');
const verbose = process.argv.includes('--verbose');

if (!fs.existsSync(dir)) {
  console.log(`corpus not found at ${dir} (set DH_CORPUS_DIR); nothing to measure`);
  process.exit(0);
}

const now = Date.now();
const dataset = new Dataset({ rows: 2_000, now });
const engine = new QueryEngine(dataset, () => now);
const window = resolveTimespan(undefined, now);
let total = 0;
let ok = 0;
const kinds = new Map<string, number>();
const unsupported = new Map<string, number>();
const other = new Map<string, number>();
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const started = Date.now();

for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.kql')).sort()) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  for (const block of splitQueryBlocks(text)) {
    total++;
    try {
      engine.run(block.text, window);
      ok++;
    } catch (e) {
      const kind = e instanceof QueryError ? e.kind : 'crash';
      bump(kinds, kind);
      const msg = (e as Error).message.replace(/\s*\[line:position=\d+:\d+\]$/, '');
      if (e instanceof UnsupportedError) bump(unsupported, e.feature.replace(/'[^']*' \((\w+)\)$/, '($1)'));
      else bump(other, `${kind}: ${msg.slice(0, 110)}`);
      if (verbose) console.log(`${file}@${block.startLine + 1}: ${kind}: ${msg.slice(0, 200)}${kind === 'crash' ? '\n' + (e as Error).stack : ''}`);
    }
  }
}

const pct = (n: number) => `${((100 * n) / Math.max(total, 1)).toFixed(1)}%`;
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`corpus: ${dir}`);
console.log(`query blocks: ${total}; executed without error: ${ok} (${pct(ok)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`failures by kind: ${top(kinds, 10).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
console.log('top unsupported features:');
for (const [k, v] of top(unsupported, 15)) console.log(`  ${String(v).padStart(4)}  ${k}`);
console.log('other failures (syntax/semantic errors in the queries, data limits, emulator bugs):');
for (const [k, v] of top(other, 15)) console.log(`  ${String(v).padStart(4)}  ${k}`);
