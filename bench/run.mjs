// @ts-check
// `npm run bench`: runs every bench/*.bench.ts (each is also runnable alone with
// `npx tsx bench/<name>.bench.ts`) and writes bench/results.json: one entry per figure,
// {"name","value","unit","target","better":"lower"|"higher","ok"}.
// A bench file reports figures by writing JSON lines `BENCH {...}` to stdout (see bench/report.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
/** @type {unknown[]} */
const figures = [];
let failed = false;
for (const f of files) {
  console.log(`\n━━━ ${f} ━━━`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(dir, f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 });
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('BENCH ')) figures.push(JSON.parse(line.slice(6)));
    else if (line.trim()) console.log(line);
  }
  if (r.status !== 0) { failed = true; console.error(`${f} exited with ${r.status}`); }
}
const out = path.join(dir, 'results.json');
// Keep figures of benches not run this time (e.g. `npm run bench -- csv`).
const previous = only.length && fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : [];
const names = new Set(figures.map((f) => /** @type {{name:string}} */ (f).name));
const merged = [...previous.filter((/** @type {{name:string}} */ f) => !names.has(f.name)), ...figures];
fs.writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
console.log(`\n${figures.length} figures from ${files.length} benchmarks -> bench/results.json`);
for (const f of /** @type {{name:string,value:number,unit:string,target:string,ok:boolean}[]} */ (figures)) {
  console.log(`${f.ok ? 'ok  ' : 'MISS'} ${f.name}: ${f.value} ${f.unit} (target ${f.target})`);
}
process.exit(failed ? 1 : 0);
