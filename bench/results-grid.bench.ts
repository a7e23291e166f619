/**
 * The results grid at 100,000 rows × 20 columns, measured in the same run against peers:
 *  1. HTTP body (a string) → first grid paint, in the real webview bundle (production build) in
 *     Chromium: JSON.parse + normalise to a ResultSet + the controller's first message + delivery
 *     + render + the frame. Target ≤ 1.5 × JSON.parse of the same body.
 *  2. Scroll frame time in Chromium (main-thread work per frame while scrolling, rows arriving
 *     from the host as they would): p95 ≤ 16 ms.
 *  3. Webview memory (JS heap, DOM nodes) after scrolling, and the host's memory for the result.
 *  4. Host sort/filter of 100,000 rows: total time, and the longest stretch that blocks the
 *     extension host (the work yields every 8 ms).
 * Run alone with `npx tsx bench/results-grid.bench.ts` (needs Chromium) or via `npm run bench`.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeRowOrder } from '../src/core/results/view';
import { EMPTY_VIEW } from '../src/shared/protocol';
import { graphBody, huntRun, toResultSet } from '../test/harness/huntData';
import { openResultsWebview } from '../test/harness/webviewHarness';
import { repoRoot } from '../scripts/vscode-env.mjs';
import { percentile, report, round } from './report';

const ROWS = Number(process.env.DH_BENCH_ROWS ?? 100_000);
const median = (xs: number[]) => percentile(xs, 50);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function buildWebview(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-bench-webview-'));
  await esbuild.build({ entryPoints: { results: path.join(repoRoot, 'src/webview/main.ts') }, outdir: dir, bundle: true, minify: true, platform: 'browser', format: 'iife', target: 'chrome120', logLevel: 'warning' });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(repoRoot, 'node_modules/@vscode/codicons/dist', f), path.join(dir, f));
  return dir;
}

async function main(): Promise<void> {
  const body = graphBody(ROWS);
  console.log(`body: ${(body.length / 1e6).toFixed(1)} MB of JSON, ${ROWS} rows × 20 columns`);

  // ── host: memory of one result, sort and filter ────────────────────────────────────────
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const kept = toResultSet(JSON.parse(body));
  gc();
  const resultMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
  report({ name: 'results: host memory of a 100k × 20 result', value: round(resultMb, 1), unit: 'MB', target: '≤ 4 × body size (report)', better: 'lower', ok: resultMb <= 4 * body.length / 1e6 });
  for (const [label, spec] of [
    ['sort by a text column', { ...EMPTY_VIEW, sort: [{ column: 2, direction: 'asc' as const }] }],
    ['sort by datetime', { ...EMPTY_VIEW, sort: [{ column: 0, direction: 'desc' as const }] }],
    ['search all columns', { ...EMPTY_VIEW, search: 'wks-10' }],
  ] as const) {
    const slices: number[] = [];
    const t0 = performance.now();
    await computeRowOrder(kept, spec, { onSlice: (ms) => slices.push(ms) });
    const total = performance.now() - t0;
    const longest = Math.max(...slices);
    console.log(`host ${label}: ${total.toFixed(0)} ms in ${slices.length} slices, longest ${longest.toFixed(1)} ms`);
    report({ name: `results: host ${label}, longest blocking slice (100k rows)`, value: round(longest, 1), unit: 'ms', target: '≤ 20 ms (the extension host stays responsive)', better: 'lower', ok: longest <= 20 });
    report({ name: `results: host ${label}, total (100k rows)`, value: round(total, 0), unit: 'ms', target: '≤ 2000 ms', better: 'lower', ok: total <= 2000 });
  }

  // ── Chromium: body → first paint ───────────────────────────────────────────────────────
  const dist = await buildWebview();
  const h = await openResultsWebview({ distDir: dist, controller: { historyLimit: 1 }, viewport: { width: 1400, height: 900 } });
  try {
    await h.ready();
    let painted: (() => void) | undefined;
    await h.page.exposeFunction('__dhPainted', () => painted?.());
    // Page scripts are strings: tsx would wrap named functions in helpers the page lacks.
    await h.page.evaluate(`window.addEventListener('message', (e) => {
      if (!e.data || e.data.type !== 'showRun') return;
      // After the app handled this message (same task), wait for a frame painted with rows:
      // a MessageChannel task queued from rAF runs after that frame's style, layout and paint.
      const afterPaint = () => requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          if (document.querySelectorAll('.row .cell:not(.loading)').length > 0) window.__dhPainted();
          else afterPaint();
        };
        ch.port2.postMessage(0);
      });
      afterPaint();
    })`);
    // Measure both alternately, 7 times; the first (JIT warm-up) is dropped, the median of the rest is reported.
    JSON.parse(body);
    const parses: number[] = [], totals: number[] = [], parts: number[][] = [];
    for (let i = 0; i < 7; i++) {
      gc();
      let t = performance.now();
      JSON.parse(body);
      parses.push(performance.now() - t);
      gc();
      const done = new Promise<void>((r) => { painted = r; });
      t = performance.now();
      const parsed = JSON.parse(body);
      const t1 = performance.now();
      const rs = toResultSet(parsed, body.length);
      const t2 = performance.now();
      h.showRun(huntRun(rs));
      const t3 = performance.now();
      await done;
      const t4 = performance.now();
      totals.push(t4 - t);
      parts.push([t1 - t, t2 - t1, t3 - t2, t4 - t3]);
      console.log(`run ${i}: parse ${(t1 - t).toFixed(0)} + normalise ${(t2 - t1).toFixed(0)} + first message ${(t3 - t2).toFixed(0)} + deliver & paint ${(t4 - t3).toFixed(0)} = ${(t4 - t).toFixed(0)} ms (peer JSON.parse ${parses[i].toFixed(0)} ms)`);
    }
    const ratio = median(totals.slice(1)) / median(parses.slice(1));
    report({ name: 'results: body → first grid paint (100k × 20), ratio to JSON.parse', value: round(ratio, 2), unit: '× JSON.parse', target: '≤ 1.5 × JSON.parse of the same body', better: 'lower', ok: ratio <= 1.5 });
    report({ name: 'results: body → first grid paint (100k × 20)', value: round(median(totals.slice(1)), 0), unit: 'ms', target: `peer JSON.parse ${round(median(parses.slice(1)), 0)} ms`, better: 'lower', ok: ratio <= 1.5 });

    // ── Chromium: scroll frames ──────────────────────────────────────────────────────────
    // Frame time = main-thread work of a frame that scrolled: from the scroll event (start of the
    // frame's rendering update) through the grid's render, style, layout and paint, to the first
    // task after it. Waiting for vsync is not work and is not counted.
    const scrollPass = () => h.page.evaluate(`new Promise((resolve) => {
      const vp = document.querySelector('.grid-viewport');
      vp.scrollTop = 0; vp.scrollLeft = 0;
      let scrolledAt = 0;
      document.addEventListener('scroll', () => { if (!scrolledAt) scrolledAt = performance.now(); }, { capture: true, passive: true });
      const plan = [];
      for (let i = 0; i < 120; i++) plan.push([220, 0]);       // wheel-like: 10 rows a frame
      for (let i = 0; i < 120; i++) plan.push([2200, 0]);      // fling: 100 rows a frame
      for (let i = 0; i < 40; i++) plan.push([0, 300]);        // across the columns
      for (let i = 0; i < 20; i++) plan.push([-50000, -600]);  // jumps back
      const times = [];
      let i = 0;
      const step = () => {
        scrolledAt = 0;
        vp.scrollTop += plan[i][0];
        vp.scrollLeft += plan[i][1];
        // The scroll event fires in the next frame; the task queued from that frame's rAF runs after its paint.
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            times.push(scrolledAt ? performance.now() - scrolledAt : -1);
            if (++i < plan.length) requestAnimationFrame(step); else resolve(times);
          };
          ch.port2.postMessage(0);
        });
      };
      requestAnimationFrame(step);
    })`) as Promise<number[]>;
    // Three passes: this machine is shared, so one pass can catch another process's burst.
    const passes: number[][] = [];
    for (let p = 0; p < 3; p++) passes.push(await scrollPass());
    const frames = passes[passes.length - 1];
    const segments: [string, number, number][] = [['wheel', 0, 120], ['fling', 120, 240], ['columns', 240, 280], ['jumps', 280, 300]];
    for (const [name, a, b] of segments) {
      const seg = frames.slice(a, b).filter((t) => t >= 0);
      console.log(`  ${name}: ${seg.length} frames, median ${median(seg).toFixed(1)} ms, p95 ${percentile(seg, 95).toFixed(1)} ms`);
    }
    const measured = frames.filter((t) => t >= 0);
    const p95s = passes.map((f) => percentile(f.filter((t) => t >= 0), 95));
    console.log(`scroll p95 per pass: ${p95s.map((v) => v.toFixed(1)).join(', ')} ms`);
    const p95 = median(p95s);
    console.log(`scroll: ${measured.length} frames, median ${median(measured).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...measured).toFixed(1)} ms`);
    const work = await h.page.evaluate(`(async () => {
      // Random jumps: each needs a full re-render of the visible rows.
      const vp = document.querySelector('.grid-viewport');
      const out = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        vp.scrollTop = (i * 7919 * 22) % (vp.scrollHeight - vp.clientHeight);
        await new Promise((r) => requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = r; requestAnimationFrame(() => ch.port2.postMessage(0)); }));
        out.push(performance.now() - t);
      }
      return out;
    })()`) as number[];
    console.log(`random jumps: median ${median(work).toFixed(1)} ms, p95 ${percentile(work, 95).toFixed(1)} ms (two frames each)`);
    report({ name: 'results: scroll frame time p95 (100k × 20, Chromium; median of 3 passes)', value: round(p95, 1), unit: 'ms', target: '≤ 16 ms', better: 'lower', ok: p95 <= 16 });

    // ── memory ────────────────────────────────────────────────────────────────────────────
    const cdp = await h.page.context().newCDPSession(h.page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics') as { metrics: { name: string; value: number }[] };
    const metric = (n: string) => metrics.find((m) => m.name === n)?.value ?? NaN;
    await cdp.send('Performance.enable');
    const m2 = (await cdp.send('Performance.getMetrics') as { metrics: { name: string; value: number }[] }).metrics;
    const heapMb = (m2.find((m) => m.name === 'JSHeapUsedSize')?.value ?? metric('JSHeapUsedSize')) / 1e6;
    const nodes = m2.find((m) => m.name === 'Nodes')?.value ?? metric('Nodes');
    report({ name: 'results: webview JS heap after scrolling 100k rows', value: round(heapMb, 1), unit: 'MB', target: '≤ 30 MB (pages only, never the whole result)', better: 'lower', ok: heapMb <= 30 });
    report({ name: 'results: webview DOM nodes after scrolling', value: nodes, unit: 'nodes', target: '≤ 5000 (virtualised)', better: 'lower', ok: nodes <= 5000 });
  } finally {
    await h.close();
    fs.rmSync(dist, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
