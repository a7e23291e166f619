// @ts-check
// `npm run bench`: runs every bench/*.bench.ts (each is also runnable alone with
// `npx tsx bench/<name>.bench.ts`) and writes bench/results.json: one entry per figure,
// {"name","value","unit","target","better":"lower"|"higher","ok"}.
// A bench file reports figures by writing JSON lines `BENCH {...}` to stdout (see bench/report.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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
writeBenchmarksMd(merged);
for (const f of /** @type {{name:string,value:number,unit:string,target:string,ok:boolean}[]} */ (figures)) {
  console.log(`${f.ok ? 'ok  ' : 'MISS'} ${f.name}: ${f.value} ${f.unit} (target ${f.target})`);
}
process.exit(failed ? 1 : 0);

/**
 * Rewrites the figures table of BENCHMARKS.md (between its BEGIN/END markers) from the results,
 * so the document always shows the latest run. @param {any[]} all
 */
function writeBenchmarksMd(all) {
  const md = path.join(dir, '..', 'BENCHMARKS.md');
  if (!fs.existsSync(md)) return;
  const text = fs.readFileSync(md, 'utf8');
  const begin = '<!-- BEGIN FIGURES -->';
  const end = '<!-- END FIGURES -->';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return;
  const rows = all.map((f) => `| ${f.name} | ${f.value} ${f.unit} | ${f.target} | ${f.ok ? 'ok' : '**miss**'} |`);
  const table = [`Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} cores, node ${process.version}.`, '',
    '| figure | value | target | |', '| --- | --- | --- | --- |', ...rows].join('\n');
  fs.writeFileSync(md, text.slice(0, i + begin.length) + '\n' + table + '\n' + text.slice(j));
}
