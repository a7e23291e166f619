/**
 * Charts in the real extension host: Run Hunt asks the language server for the query's trailing
 * `render`, sends the query without it (checked on the wire: every HTTP body the extension
 * sends is recorded), keeps it as `result.render`, and the real results webview asks for and
 * draws the chart; the Save Chart command writes a PNG through the webview.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type * as Http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HuntRun } from '../../src/core/results/huntRun';
import { Commands } from '../../src/shared/commands';
import type { DefenderHuntApi } from '../../src/vscode/defenderHunt';
import { extensionApi, openFixture, waitFor } from './helpers';

/** Records the bodies of HTTP requests made in this process (the hunting client uses node's http). */
function recordHttpBodies(): { bodies: string[]; restore(): void } {
  // The module object itself (an ES namespace import is read-only): the extension's bundle
  // looks `request` up on it at call time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('node:http') as typeof Http;
  const bodies: string[] = [];
  const original = http.request;
  const patched = function (this: unknown, ...args: Parameters<typeof http.request>) {
    const req = original.apply(this, args);
    const chunks: Buffer[] = [];
    const write = req.write.bind(req), end = req.end.bind(req);
    req.write = ((chunk: unknown, ...rest: unknown[]) => { if (chunk) chunks.push(Buffer.from(chunk as Buffer)); return (write as (...a: unknown[]) => boolean)(chunk, ...rest); }) as typeof req.write;
    req.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer));
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      return (end as (...a: unknown[]) => Http.ClientRequest)(chunk, ...rest);
    }) as typeof req.end;
    return req;
  };
  (http as { request: typeof http.request }).request = patched as typeof http.request;
  return { bodies, restore: () => { (http as { request: typeof http.request }).request = original; } };
}

async function runAt(editor: vscode.TextEditor, text: string): Promise<HuntRun | undefined> {
  const line = editor.document.getText().split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `fixture line with ${text}`);
  editor.selection = new vscode.Selection(line, 0, line, 0);
  return vscode.commands.executeCommand<HuntRun | undefined>(Commands.runHunt);
}

describe('Charts: render from the syntax tree, stripped before sending', () => {
  let api: DefenderHuntApi;
  let editor: vscode.TextEditor;
  let http_: ReturnType<typeof recordHttpBodies>;

  before(async () => {
    api = await extensionApi();
    await api.connections.setActive('offline-sample');
    await api.hunt.timeRange.set('30d');
    editor = await openFixture('charts.kql');
    // The language server answers once it runs; Run asks it before sending.
    await waitFor('language client running', () => api.languageClientState() === 2 || undefined, 60_000);
    http_ = recordHttpBodies();
  });
  after(async () => {
    http_?.restore();
    // Leave the window as we found it: no results panel, no fixture editor (later suites
    // expect a fresh panel that announces itself with `ready`).
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) =>
      (t.input instanceof vscode.TabInputWebview && t.label === 'Hunt Results') || (t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('/charts.kql')));
    await vscode.window.tabGroups.close(tabs);
    await waitFor('results panel closed', () => !api.results.isOpen() || undefined);
  });

  it('a render query: result.render holds the spec, the service got the query without it', async () => {
    const sentBefore = http_.bodies.length;
    const run = await runAt(editor, 'summarize count() by bin(Timestamp, 1h)');
    assert.ok(run, 'a run');
    assert.deepEqual(run.result.render, { visualization: 'timechart', properties: { title: 'Processes per hour' } });
    assert.ok(run.query.includes('| render timechart'), 'the run keeps what the user wrote');
    assert.equal(run.sentQuery, '// Process events per hour, as a chart\nDeviceProcessEvents\n| summarize count() by bin(Timestamp, 1h)');
    const sent = http_.bodies.slice(sentBefore).map((b) => { try { return JSON.parse(b) as { Query?: string }; } catch { return {}; } }).filter((b) => typeof b.Query === 'string');
    assert.equal(sent.length, 1, 'one hunting request');
    assert.equal(sent[0].Query, run.sentQuery);
    assert.ok(!/render/.test(sent[0].Query ?? ''), 'no render on the wire');
    assert.ok(run.result.rows.length > 0 && run.result.columns.some((c) => c.type === 'datetime'));
  });

  it('the results webview gets the chart offer, asks for the chart and gets the series', async () => {
    const run = api.hunt.runner.lastRun;
    assert.ok(run);
    const show = await waitFor('showRun with a chart', () => [...api.results.posted].reverse().find((m) => m.type === 'showRun' && m.run.id === run.id));
    assert.ok(show.type === 'showRun' && show.chart?.fromRender === true);
    assert.equal(show.chart.initial.type, 'timechart');
    // The real webview opens on the Chart tab and asks the host to shape the data.
    await waitFor('the webview asked for the chart', () => api.results.received.find((m) => (m as { type?: string; runId?: string }).type === 'getChart' && (m as { runId?: string }).runId === run.id));
    const chart = await waitFor('chart data posted', () => [...api.results.posted].reverse().find((m) => m.type === 'chart' && m.runId === run.id));
    assert.ok(chart.type === 'chart');
    assert.equal(chart.data.xAxis.kind, 'time');
    assert.equal(chart.data.series.length, 1);
    assert.equal(chart.data.choice.title, 'Processes per hour');
  });

  it('Save Chart with a target writes a PNG drawn by the real webview', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-chart-'));
    try {
      const target = vscode.Uri.file(path.join(dir, 'hourly.png'));
      const where = await vscode.commands.executeCommand<string | undefined>(Commands.saveChart, { format: 'png', target: target.toString() });
      assert.equal(where, target.fsPath);
      const bytes = fs.readFileSync(target.fsPath);
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.ok(bytes.readUInt32BE(16) > 100 && bytes.readUInt32BE(20) > 100, 'a real-size image');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('render with properties: kind, series and ycolumns reach the spec; the chart is a stacked column chart', async () => {
    const run = await runAt(editor, 'Processes = count() by FileName, DeviceName');
    assert.deepEqual(run?.result.render, { visualization: 'columnchart', properties: { kind: 'stacked', series: ['DeviceName'], ycolumns: ['Processes'] } });
    assert.ok(run?.sentQuery && !run.sentQuery.includes('render'));
    const show = await waitFor('showRun', () => [...api.results.posted].reverse().find((m) => m.type === 'showRun' && m.run.id === run?.id));
    assert.ok(show.type === 'showRun');
    assert.deepEqual(show.chart?.initial, { type: 'columnchart', x: 'FileName', y: ['Processes'], series: ['DeviceName'], kind: 'stacked', title: '' });
  });

  it('"render" inside a string is not a render: the query goes unchanged, no render spec', async () => {
    const run = await runAt(editor, 'ProcessCommandLine has "| render timechart"');
    assert.ok(run);
    assert.equal(run.result.render, undefined);
    assert.equal(run.sentQuery, undefined);
  });
});
