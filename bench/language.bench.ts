/**
 * Language server benchmarks (`npm run bench -- language`, or `npx tsx bench/language.bench.ts`).
 * The built server bundle runs as its own process and is driven over stdio like an editor:
 *  - ready: process start → first completion answered (and → the server's `ready` status);
 *  - completion while typing: each keystroke is a didChange followed at once by a completion
 *    request, in a 300-line, 20-block document, with pauses between words so the debounced
 *    diagnostics run while typing resumes; latency is didChange sent → completion received;
 *  - the naive peer: the same keystrokes, re-analysing the whole document for each completion
 *    (a fresh Kusto.Language service over the full text, with the same completion memo), in
 *    this process, same run;
 *  - diagnostics: didChange → publishDiagnostics, minus the debounce delay;
 *  - memory: the server's RSS after 1,000 edits.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Position } from 'vscode-languageserver-protocol/node';
import { defenderSchema } from '../src/core/schema/schema';
import { DIAGNOSTICS_DELAY_MS } from '../src/language/server/diagnosticScheduler';
import { installCompletionMemo } from '../src/kusto/completionMemo';
import { buildGlobals, loadKusto } from '../src/kusto/kusto';
import { StatsRequest } from '../src/shared/lsp';
import { bundleExists, LspTestClient, offsetToPosition, repoRoot } from '../test/language/lspClient';
import { huntDocument } from './fixtures/huntDocument';
import { percentile, report, round } from './report';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KEY_INTERVAL_MS = 50; // a fast typist
const WORD_PAUSE_MS = 400; // longer than the debounce: diagnostics run between words

/** Where to type in each block: after `| where Events > N` we append ` and Hour > ago(1d)`. */
function typingPlan(text: string): { offset: number; chars: string }[] {
  const plan: { offset: number; chars: string }[] = [];
  let from = 0;
  for (;;) {
    const i = text.indexOf('| where Events > ', from);
    if (i < 0) break;
    const lineEnd = text.indexOf('\n', i);
    plan.push({ offset: lineEnd, chars: ' and First > ago(1d)' });
    from = lineEnd;
  }
  return plan;
}

async function main(): Promise<void> {
  if (!bundleExists()) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--no-tests'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }

  // ── ready ───────────────────────────────────────────────────────────────────────────────────
  const t0 = performance.now();
  const client = await LspTestClient.start({ bundle: true, clientName: 'Visual Studio Code' });
  const probeUri = 'file:///bench/probe.kql';
  await client.open(probeUri, 'DeviceProcessEvents | where ');
  await client.completion(probeUri, { line: 0, character: 28 });
  const firstCompletion = performance.now() - t0;
  const ready = await client.ready();
  report({ name: 'language: server start to first completion', value: round(firstCompletion, 0), unit: 'ms', target: '<= 1500 ms', better: 'lower', ok: firstCompletion <= 1500 });
  report({ name: 'language: server start to warmed up (process clock)', value: ready.sinceStartMs, unit: 'ms', target: '<= 1500 ms', better: 'lower', ok: ready.sinceStartMs <= 1500 });
  await client.close(probeUri);

  // ── completion while typing ─────────────────────────────────────────────────────────────────
  const uri = 'file:///bench/hunts.kql';
  let text = huntDocument(20);
  console.log(`document: ${text.split('\n').length} lines`);
  await client.open(uri, text);
  await client.diagnosticsFor(uri);
  const keystrokes: { text: string; offset: number }[] = [];
  const latencies: number[] = [];
  let plan = typingPlan(text);
  for (let b = 0; b < plan.length; b++) {
    let { offset } = plan[b];
    for (const ch of plan[b].chars) {
      const pos: Position = offsetToPosition(text, offset);
      text = text.slice(0, offset) + ch + text.slice(offset);
      offset++;
      const start = performance.now();
      await client.change(uri, [{ range: { start: pos, end: pos }, text: ch }]);
      await client.completion(uri, offsetToPosition(text, offset), ch === ' ' ? { triggerKind: 2, triggerCharacter: ' ' } : { triggerKind: 1 });
      latencies.push(performance.now() - start);
      keystrokes.push({ text, offset });
      await sleep(ch === ' ' ? WORD_PAUSE_MS : KEY_INTERVAL_MS);
    }
    plan = typingPlan(text); // later blocks moved
  }
  const p95 = percentile(latencies, 95);
  console.log(`completion while typing: ${latencies.length} keystrokes, median ${round(percentile(latencies, 50), 1)} ms, p95 ${round(p95, 1)} ms, max ${round(Math.max(...latencies), 1)} ms`);
  report({ name: 'language: completion while typing p95 (300 lines, 20 blocks)', value: round(p95, 1), unit: 'ms', target: '<= 60 ms', better: 'lower', ok: p95 <= 60 });

  // ── the naive peer: whole document per keystroke ────────────────────────────────────────────
  const K = loadKusto();
  installCompletionMemo(K); // the same completion speed-up the server has: only the design differs
  const globals = buildGlobals(defenderSchema());
  K.Language.KustoCode.ParseAndAnalyze('DeviceEvents | take 1', globals); // same warm start as the server
  const naive: number[] = [];
  for (const k of keystrokes.filter((_, i) => i % 3 === 0)) { // a third of them: each costs ~0.1–0.5 s
    const start = performance.now();
    const service = new K.Language.Editor.KustoCodeService.$ctor1(k.text, globals);
    service.GetCompletionItems(k.offset, K.Language.Editor.CompletionOptions.Default);
    naive.push(performance.now() - start);
  }
  const naiveP95 = percentile(naive, 95);
  console.log(`naive whole-document completion: ${naive.length} keystrokes, median ${round(percentile(naive, 50), 1)} ms, p95 ${round(naiveP95, 1)} ms`);
  report({ name: 'language: naive peer (whole document per keystroke) completion p95', value: round(naiveP95, 1), unit: 'ms', target: 'reference', better: 'lower', ok: true });
  report({ name: 'language: naive p95 / incremental p95', value: round(naiveP95 / p95, 1), unit: 'x', target: '>= 1 x', better: 'higher', ok: naiveP95 / p95 >= 1 });

  // ── diagnostics after the debounce ──────────────────────────────────────────────────────────
  const diagTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    const at = text.indexOf('| top ', text.indexOf(`// Hunt ${(i % 20) + 1}:`));
    const pos = offsetToPosition(text, at);
    const insert = i % 2 === 0 ? '| where Events > 0\n' : '| where Nope > 0\n';
    text = text.slice(0, at) + insert + text.slice(at);
    const start = performance.now();
    await client.change(uri, [{ range: { start: pos, end: pos }, text: insert }]);
    await client.diagnosticsFor(uri);
    diagTimes.push(performance.now() - start - DIAGNOSTICS_DELAY_MS);
  }
  const diagP95 = percentile(diagTimes, 95);
  console.log(`diagnostics after the ${DIAGNOSTICS_DELAY_MS} ms debounce: median ${round(percentile(diagTimes, 50), 1)} ms, p95 ${round(diagP95, 1)} ms`);
  report({ name: 'language: diagnostics after the debounce p95', value: round(diagP95, 1), unit: 'ms', target: '<= 150 ms', better: 'lower', ok: diagP95 <= 150 });

  // ── memory after 1,000 edits ────────────────────────────────────────────────────────────────
  let edits = keystrokes.length + diagTimes.length;
  for (let i = 0; edits < 1000; i++, edits++) {
    const at = text.indexOf('| where Events > ', text.indexOf(`// Hunt ${(i % 20) + 1}:`)) + '| where Events > '.length;
    const pos = offsetToPosition(text, at);
    text = text.slice(0, at) + '1' + text.slice(at);
    await client.change(uri, [{ range: { start: pos, end: pos }, text: '1' }]);
    if (i % 4 === 0) await client.completion(uri, offsetToPosition(text, at + 1));
    if (i % 50 === 0) await client.diagnosticsFor(uri);
  }
  await client.diagnosticsFor(uri);
  const stats = await client.connection.sendRequest(StatsRequest);
  const rssMb = stats.rss / 1024 / 1024;
  console.log(`after ${edits} edits: rss ${round(rssMb, 0)} MB, heap ${round(stats.heapUsed / 1024 / 1024, 0)} MB, ${stats.analysedBlocks} analysed blocks held`);
  report({ name: 'language: server RSS after 1,000 edits', value: round(rssMb, 0), unit: 'MB', target: '<= 250 MB', better: 'lower', ok: rssMb <= 250 });
  await client.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
