import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HuntRun } from '../../src/core/results/huntRun';
import type { HostToWebview } from '../../src/shared/protocol';
import type { ResultsProbe } from '../../src/vscode/results/resultsPanel';
import { graphBody, huntRun, toResultSet } from '../harness/huntData';
import { extensionApi, waitFor } from './helpers';

type Msg = { type: string; [k: string]: unknown };

/** The version of the view the host last showed for a run. */
function versionOf(probe: ResultsProbe, runId: string): number {
  for (const m of [...probe.posted].reverse()) {
    if (m.type === 'showRun' && m.run.id === runId) return m.view.version;
    if (m.type === 'viewChanged' && m.runId === runId) return m.view.version;
  }
  throw new Error('run not shown');
}

const resultsTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Hunt Results');
const lastNotice = (probe: ResultsProbe) => [...probe.posted].reverse().find((m): m is Extract<HostToWebview, { type: 'notice' }> => m.type === 'notice');

describe('results panel in the real extension host', () => {
  let probe: ResultsProbe;
  let run: HuntRun;
  const COL = { FileName: 4, RemotePort: 13, AdditionalFields: 18 };

  before(async () => {
    probe = (await extensionApi()).results;
  });

  it('opens beside the editor on showRun and the real webview pages rows from the host', async () => {
    run = huntRun(toResultSet(JSON.parse(graphBody(1000))));
    // Earlier test files leave the panel open or hidden, depending on their editor layout: start
    // from a closed panel, so showRun creates it and its webview starts (and says ready) for sure.
    const open = resultsTab();
    if (open) await vscode.window.tabGroups.close(open);
    await waitFor('the panel closed', () => !probe.isOpen() || undefined);
    const readiesBefore = probe.received.filter((m) => (m as Msg).type === 'ready').length;
    // An earlier suite may have left the panel open with its webview loaded: then no new `ready`
    // comes, and the page request below shows the webview is live.
    const alreadyLive = probe.isOpen() && probe.isVisible() && readiesBefore > 0;
    probe.view.showRun(run);
    await waitFor('panel visible', () => probe.isVisible() || undefined);
    const tab = await waitFor('a "Hunt Results" tab', () => resultsTab());
    assert.ok((tab.input as vscode.TabInputWebview).viewType.endsWith('defenderHunt.results'));
    await waitFor('webview ready', () => alreadyLive || probe.received.filter((m) => (m as Msg).type === 'ready').length > readiesBefore || undefined, 60_000);
    const shown = await waitFor('showRun posted', () => probe.posted.find((m) => m.type === 'showRun' && m.run.id === run.id));
    assert.equal(shown.type === 'showRun' && shown.firstPage.rows.length, 100);
    // The grid asks for the next page on its own (virtual scrolling prefetches one page ahead).
    const ask = await waitFor('getRows from the webview', () => probe.received.find((m) => (m as Msg).type === 'getRows' && (m as Msg).runId === run.id) as Msg | undefined, 30_000);
    assert.equal(ask.start, 100);
    const answer = await waitFor('rows answered', () => probe.posted.find((m) => m.type === 'rows' && m.runId === run.id && m.requestId === ask.requestId));
    assert.equal(answer.type === 'rows' && answer.page.rows[0][16], String(run.result.rows[100][16]));
  });

  it('sorts and hides columns in the host; activeView reflects it for export', async () => {
    await probe.receive({ type: 'setView', runId: run.id, spec: { sort: [{ column: 15, direction: 'desc' }], filters: [{ column: COL.FileName, text: 'exe' }], search: '', hidden: [1, 6] } });
    const view = probe.view.activeView();
    assert.ok(view);
    const order = view.rowOrder();
    assert.equal(order.length, 1000);
    const sizes = order.map((i) => run.result.rows[i][15] as number);
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
    assert.deepEqual(view.hiddenColumns, [1, 6]);
    assert.equal(view.visibleColumns.length, 18);
  });

  it('inspects a dynamic value in a virtual (read-only) JSON editor tab', async () => {
    const position = probe.view.activeView()!.rowOrder().findIndex((i) => run.result.rows[i][COL.AdditionalFields] !== null);
    const row = run.result.rows[probe.view.activeView()!.rowOrder()[position]];
    await probe.receive({ type: 'inspect', runId: run.id, version: versionOf(probe, run.id), row: position, column: COL.AdditionalFields });
    const editor = await waitFor('value editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'defender-hunt-value'));
    assert.equal(editor.document.languageId, 'json');
    assert.deepEqual(JSON.parse(editor.document.getText()), row[COL.AdditionalFields]);
    assert.ok(editor.document.getText().includes('\n  "'), 'pretty-printed');
    // A virtual document: nothing on disk, and VS Code opens provider documents read-only.
    assert.equal(editor.document.isUntitled, false);
    assert.equal(editor.document.isDirty, false);
  });

  it('adds "| where" for a cell to the query block the run came from', async () => {
    const text = '// first\nDeviceNetworkEvents\n| where RemotePort > 0\n| render timechart\n\nDeviceEvents\n| take 5\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'kql', content: text });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const withSource = huntRun(toResultSet(JSON.parse(graphBody(20))), {
      query: 'DeviceNetworkEvents\n| where RemotePort > 0\n| render timechart',
      source: { uri: doc.uri.toString(), startLine: 1, endLine: 3 },
    });
    probe.view.showRun(withSource);
    await waitFor('panel revealed for the new run', () => probe.isVisible() || undefined);
    const position = withSource.result.rows.findIndex((r) => r[COL.RemotePort] !== null);
    await probe.receive({ type: 'addFilter', runId: withSource.id, version: versionOf(probe, withSource.id), row: position, column: COL.RemotePort, op: '==' });
    const port = withSource.result.rows[position][COL.RemotePort] as number;
    assert.equal(doc.getText(), `// first\nDeviceNetworkEvents\n| where RemotePort > 0\n| where RemotePort == ${port}\n| render timechart\n\nDeviceEvents\n| take 5\n`);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), doc.uri.toString());
    assert.equal(editor?.selection.start.line, 3);
    assert.match(lastNotice(probe)?.text ?? '', /Added to the query: \| where RemotePort ==/);
    // The same cell with "has" on a string column, and a refusal for an edited query.
    await probe.receive({ type: 'addFilter', runId: withSource.id, version: versionOf(probe, withSource.id), row: 0, column: COL.FileName, op: 'has' });
    assert.match(doc.getText(), new RegExp(`\\| where FileName has "${String(withSource.result.rows[0][COL.FileName]).replace('.', '\\.')}"\\n\\| render`));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(1, 0, 1, 19), 'DeviceFileEvents');
    await vscode.workspace.applyEdit(edit);
    await probe.receive({ type: 'addFilter', runId: withSource.id, version: versionOf(probe, withSource.id), row: 0, column: COL.FileName, op: '!=' });
    assert.match(lastNotice(probe)?.text ?? '', /edited since it ran/);
    assert.equal(lastNotice(probe)?.level, 'error');
  });

  it('comes back after being hidden: the re-created webview says ready with its run and gets it again', async () => {
    const column = (await waitFor('results tab', () => resultsTab())).group.viewColumn;
    const readies = () => probe.received.filter((m) => (m as Msg).type === 'ready') as Msg[];
    const current = huntRun(toResultSet(JSON.parse(graphBody(500))));
    probe.view.showRun(current);
    // The webview asking for this run's second page proves it shows the run (and stored it with setState).
    await waitFor('webview shows the run', () => probe.received.some((m) => (m as Msg).type === 'getRows' && (m as Msg).runId === current.id) || undefined, 30_000);
    const before = readies().length;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'kql', content: 'T' }), { viewColumn: column });
    await waitFor('panel hidden', () => !probe.isVisible() || undefined);
    probe.view.show();
    await waitFor('panel visible again', () => probe.isVisible() || undefined);
    const again = await waitFor('ready after hide', () => readies().length > before ? readies().at(-1) : undefined, 60_000);
    assert.equal(again.runId, current.id, 'the webview kept its state (getState) while hidden');
    await waitFor('run re-sent', () => probe.posted.filter((m) => m.type === 'showRun' && m.run.id === current.id).length >= 2 || undefined);
  });

  it('ignores messages that fail validation', async () => {
    const posted = probe.posted.length;
    await probe.receive({ type: 'copy', runId: run.id, version: 1, range: { rowStart: 5, rowEnd: 1, columns: [] }, format: 'csv', headers: true });
    await probe.receive({ type: 'eval', code: 'process.exit()' });
    assert.equal(probe.posted.length, posted);
  });
});
