/**
 * Export in the real extension host: a hunt runs against the offline sample tenant through the
 * Run command, then "Export Results to CSV / JSON" writes it, with the target given as the
 * command's argument or through the save dialog (answered by the test), honouring the grid's
 * order and hidden columns, the CSV settings, and cancel (no file left behind).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as vscode from 'vscode';
import type { HuntRun } from '../../src/core/results/huntRun';
import type { CellValue } from '../../src/core/results/resultSet';
import { Commands } from '../../src/shared/commands';
import type { DefenderHuntApi } from '../../src/vscode/defenderHunt';
import type { ExportOutcome } from '../../src/vscode/export/exportCommands';
import { extensionApi, openFixture, waitFor, workspaceRoot } from './helpers';

/** Puts the cursor on the first line containing `text` and runs Run Hunt as Shift+Enter would. */
async function runAt(editor: vscode.TextEditor, text: string): Promise<HuntRun> {
  const line = editor.document.getText().split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `fixture line with ${text}`);
  editor.selection = new vscode.Selection(line, 1, line, 1);
  const run = await vscode.commands.executeCommand<HuntRun | undefined>(Commands.runHunt);
  assert.ok(run, `the hunt at "${text}" produced a result`);
  return run;
}

const exportCsv = (args?: object) => vscode.commands.executeCommand<ExportOutcome>(Commands.exportCsv, args);
const exportJson = (args?: object) => vscode.commands.executeCommand<ExportOutcome>(Commands.exportJson, args);

/** Parses an exported CSV (BOM allowed) into records of strings. */
function readCsv(file: string, delimiter = ','): string[][] {
  return parse(fs.readFileSync(file), { bom: true, delimiter, relax_column_count: false }) as string[][];
}

/** The CSV text of a value for comparisons where the formula guard does not apply (no leading = + - @ tab CR). */
function plainCsvText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

describe('Export Results in the real extension host', function () {
  this.timeout(90_000);
  let api: DefenderHuntApi;
  let editor: vscode.TextEditor;
  let run: HuntRun;
  let dir: string;

  before(async () => {
    api = await extensionApi();
    await api.connections.setActive('offline-sample');
    await api.hunt.timeRange.set('30d');
    editor = await openFixture('export.kql');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-export-int-'));
    run = await runAt(editor, '| take 1500');
    await waitFor('the run is the active result', () => (api.results.view.activeView()?.run.id === run.id ? true : undefined));
  });

  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    const config = vscode.workspace.getConfiguration('defenderHunt.export.csv');
    for (const key of ['bom', 'separator', 'formulaGuard']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('exports the hunt to CSV through the command: every row, columns in grid order, UTF-8 with a BOM', async () => {
    assert.equal(run.result.rows.length, 1500);
    const file = path.join(dir, 'all.csv');
    const outcome = await exportCsv({ target: vscode.Uri.file(file) });
    assert.deepEqual(outcome, { status: 'exported', file, format: 'csv', rows: 1500, columns: run.result.columns.length });
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM (the default)');
    const records = readCsv(file);
    assert.deepEqual(records[0], run.result.columns.map((c) => c.name));
    assert.equal(records.length - 1, 1500);
    const id = run.result.columns.findIndex((c) => c.name === 'ReportId');
    assert.deepEqual(records.slice(1).map((r) => r[id]), run.result.rows.map((r) => plainCsvText(r[id])));
    assert.deepEqual(fs.readdirSync(dir), ['all.csv'], 'no temporary file is left');
  });

  it('exports the current view: filtered and sorted order, visible columns, hidden ones only on request', async () => {
    const col = (name: string) => run.result.columns.findIndex((c) => c.name === name);
    const [fileName, reportId, deviceName, sha] = [col('FileName'), col('ReportId'), col('DeviceName'), col('SHA256')];
    // The commonest file name, so the filter keeps a real subset.
    const counts = new Map<string, number>();
    for (const r of run.result.rows) counts.set(String(r[fileName]), (counts.get(String(r[fileName])) ?? 0) + 1);
    const common = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    // What the webview sends when the user sorts, filters and hides columns.
    await api.results.receive({ type: 'setView', runId: run.id, spec: { sort: [{ column: reportId, direction: 'desc' }], filters: [{ column: fileName, text: `=${common}` }], search: '', hidden: [sha, deviceName] } });
    const view = api.results.view.activeView();
    assert.ok(view);
    const order = view.rowOrder();
    assert.ok(order.length > 10 && order.length < 1500, `the filter keeps some rows (${order.length})`);
    const visible = run.result.columns.map((_, i) => i).filter((i) => i !== sha && i !== deviceName);

    const viewFile = path.join(dir, 'view.csv');
    assert.equal((await exportCsv({ target: viewFile, rows: 'view', includeHidden: false })).status, 'exported');
    const records = readCsv(viewFile);
    assert.deepEqual(records[0], visible.map((i) => run.result.columns[i].name));
    assert.equal(records.length - 1, order.length);
    const ids = records.slice(1).map((r) => Number(r[visible.indexOf(reportId)]));
    assert.deepEqual(ids, order.map((i) => run.result.rows[i][reportId]));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'sorted by ReportId, descending');
    assert.ok(records.slice(1).every((r) => r[visible.indexOf(fileName)] === common));

    const withHidden = path.join(dir, 'view-hidden.csv');
    await exportCsv({ target: withHidden, rows: 'view', includeHidden: true });
    const hiddenHeader = readCsv(withHidden)[0];
    assert.deepEqual(hiddenHeader, [...visible, deviceName, sha].map((i) => run.result.columns[i].name), 'hidden columns after the visible ones, in grid order');

    const allFile = path.join(dir, 'all-rows.json');
    assert.equal((await exportJson({ target: allFile, rows: 'all', includeHidden: true, jsonLines: false })).status, 'exported');
    const objects = JSON.parse(fs.readFileSync(allFile, 'utf8')) as Record<string, unknown>[];
    assert.equal(objects.length, 1500);
    assert.deepEqual(objects.map((o) => o.ReportId), run.result.rows.map((r) => r[reportId]), 'all rows in result order');
    assert.deepEqual(Object.keys(objects[0]), [...visible, deviceName, sha].map((i) => run.result.columns[i].name));

    const linesFile = path.join(dir, 'view.jsonl');
    const lines = await exportJson({ target: linesFile, rows: 'view', includeHidden: false, jsonLines: true });
    assert.equal(lines.status === 'exported' && lines.format, 'jsonl');
    const parsed = fs.readFileSync(linesFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(parsed.map((o) => o.ReportId), order.map((i) => run.result.rows[i][reportId]));
    await api.results.receive({ type: 'setView', runId: run.id, spec: { sort: [], filters: [], search: '', hidden: [] } });
  });

  it('asks with the save dialog: hunt-YYYYMMDD-HHMMSS.csv in the last used folder, else the workspace folder', async () => {
    const asked: vscode.SaveDialogOptions[] = [];
    const answers: (vscode.Uri | undefined)[] = [];
    const original = vscode.window.showSaveDialog;
    // The test answers the dialog the command opens (the e2e test answers the real one in code-server).
    vscode.window.showSaveDialog = async (options?: vscode.SaveDialogOptions) => { asked.push(options ?? {}); return answers.shift(); };
    try {
      assert.equal(vscode.window.showSaveDialog === original, false, 'the dialog can be answered from the test');
      const lastFolder = fs.mkdtempSync(path.join(dir, 'last-'));
      await exportCsv({ target: path.join(lastFolder, 'first.csv') });
      const chosen = path.join(dir, 'from-dialog.csv');
      answers.push(vscode.Uri.file(chosen));
      const outcome = await exportCsv();
      assert.equal(outcome.status, 'exported');
      const stamp = new Date(run.startedAt);
      const two = (n: number) => String(n).padStart(2, '0');
      const expectedName = `hunt-${stamp.getFullYear()}${two(stamp.getMonth() + 1)}${two(stamp.getDate())}-${two(stamp.getHours())}${two(stamp.getMinutes())}${two(stamp.getSeconds())}.csv`;
      assert.equal(path.basename(asked[0].defaultUri!.fsPath), expectedName);
      assert.equal(path.dirname(asked[0].defaultUri!.fsPath), lastFolder, 'the last folder exported to');
      assert.deepEqual(asked[0].filters, { CSV: ['csv'] });
      assert.equal(readCsv(chosen).length - 1, 1500);

      // Dismissing the dialog writes nothing.
      answers.push(undefined);
      assert.deepEqual(await exportCsv(), { status: 'dismissed' });

      // The next dialog opens where the last export went (the dialog's choice) ...
      assert.equal(path.dirname(asked[1].defaultUri!.fsPath), dir);
      fs.rmSync(chosen);
      // ... and in the workspace folder once that folder is gone.
      const gone = fs.mkdtempSync(path.join(dir, 'gone-'));
      await exportCsv({ target: path.join(gone, 'x.csv') });
      fs.rmSync(gone, { recursive: true });
      answers.push(undefined);
      assert.deepEqual(await exportCsv(), { status: 'dismissed' });
      assert.equal(path.dirname(asked[2].defaultUri!.fsPath), workspaceRoot());
      assert.equal(asked.length, 3);
    } finally {
      vscode.window.showSaveDialog = original;
    }
  });

  it('the results panel\'s export button runs the same command on the shown run', async () => {
    const original = vscode.window.showSaveDialog;
    const file = path.join(dir, 'from-button.json');
    let asked = 0;
    vscode.window.showSaveDialog = async () => { asked++; return vscode.Uri.file(file); };
    const originalPick = vscode.window.showQuickPick;
    // JSON asks array or JSON Lines: accept the pre-checked answers (as pressing Enter does).
    let offered: string[] = [];
    vscode.window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      const list = await items;
      offered = list.map((i) => i.label);
      return list.filter((i) => i.picked);
    }) as unknown as typeof vscode.window.showQuickPick;
    try {
      const before = api.exports.lastOutcome;
      await api.results.receive({ type: 'export', runId: run.id, kind: 'json' });
      const outcome = await waitFor('the export started from the button', () => (api.exports.lastOutcome !== before ? api.exports.lastOutcome : undefined));
      assert.equal(outcome?.status, 'exported');
      assert.equal(asked, 1);
      assert.deepEqual(offered, ['$(list-flat) JSON Lines'], 'unfiltered view without hidden columns: only the JSON flavour is asked');
      assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[]).length, 1500);
    } finally {
      vscode.window.showSaveDialog = original;
      vscode.window.showQuickPick = originalPick;
    }
  });

  it('cancel mid-export leaves no file and no temporary file; an existing file stays as it was', async () => {
    const file = path.join(dir, 'cancelled.csv');
    const cts = new vscode.CancellationTokenSource();
    let chunks = 0;
    const sub = api.exports.onDidProgress((p) => { chunks++; if (p.file === file && chunks === 2) { assert.ok(p.rowsDone < p.rowsTotal); cts.cancel(); } });
    try {
      const outcome = await exportCsv({ target: file, cancellation: cts.token });
      assert.equal(outcome.status, 'cancelled');
      assert.equal(chunks, 2, 'nothing was written after the cancel');
      assert.equal(fs.existsSync(file), false);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('cancelled')), []);

      fs.writeFileSync(file, 'an earlier export\r\n');
      chunks = 0;
      const again = new vscode.CancellationTokenSource();
      const sub2 = api.exports.onDidProgress(() => again.cancel());
      assert.equal((await exportCsv({ target: file, cancellation: again.token })).status, 'cancelled');
      sub2.dispose();
      assert.equal(fs.readFileSync(file, 'utf8'), 'an earlier export\r\n');
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('cancelled')), ['cancelled.csv']);
    } finally {
      sub.dispose();
    }
  });

  it('a large export shows a cancellable progress notification; its Cancel leaves no file', async () => {
    const big = await runAt(editor, 'Copy:long');
    assert.equal(big.result.rows.length, 4500);
    const cells = 4500 * big.result.columns.length;
    assert.ok(cells >= 200_000, `large enough for a progress notification (${cells} cells)`);
    const shown: { options: vscode.ProgressOptions; reports: { message?: string; increment?: number }[] }[] = [];
    let cancelAtFirstReport = false;
    const original = vscode.window.withProgress;
    // Records the notification and, on request, presses its Cancel (cancels the token the task got).
    vscode.window.withProgress = (<R>(options: vscode.ProgressOptions, task: (p: vscode.Progress<{ message?: string; increment?: number }>, t: vscode.CancellationToken) => Thenable<R>) => {
      const entry = { options, reports: [] as { message?: string; increment?: number }[] };
      shown.push(entry);
      return original(options, (progress, token) => {
        const cancel = new vscode.CancellationTokenSource();
        token.onCancellationRequested(() => cancel.cancel());
        return task({ report: (v) => { entry.reports.push(v); progress.report(v); if (cancelAtFirstReport) cancel.cancel(); } }, cancel.token);
      });
    }) as typeof vscode.window.withProgress;
    try {
      const file = path.join(dir, 'big.csv');
      const outcome = await exportCsv({ target: file, rows: 'all', includeHidden: true });
      assert.equal(outcome.status, 'exported');
      assert.equal(readCsv(file).length - 1, 4500);
      assert.equal(shown.length, 1);
      assert.equal(shown[0].options.location, vscode.ProgressLocation.Notification);
      assert.equal(shown[0].options.cancellable, true);
      assert.match(shown[0].options.title ?? '', /^Exporting 4,500 rows × \d+ columns to big\.csv$/);
      assert.equal(shown[0].reports.at(-1)?.message, '4,500 of 4,500 rows');
      const percent = shown[0].reports.reduce((sum, r) => sum + (r.increment ?? 0), 0);
      assert.ok(Math.abs(percent - 100) < 0.001, `increments add up to 100 % (${percent})`);

      cancelAtFirstReport = true;
      const cancelled = path.join(dir, 'big-cancelled.csv');
      assert.equal((await exportCsv({ target: cancelled, rows: 'all', includeHidden: true })).status, 'cancelled');
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('big-cancelled')), []);
    } finally {
      vscode.window.withProgress = original;
    }
  });

  it('a failed export (missing folder) reports it and writes nothing', async () => {
    const file = path.join(dir, 'no-such-folder', 'x.csv');
    const outcome = await exportCsv({ target: file });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.status === 'failed' ? outcome.message : '', /ENOENT/);
    assert.equal(fs.existsSync(path.dirname(file)), false);
  });

  it('honours the CSV settings: separator, BOM and the formula guard', async () => {
    const small = await runAt(editor, 'datatable(Name');
    assert.deepEqual(small.result.rows.map((r) => r[2]), ['=1+1', '@SUM(A1)', '-enc ZQBj']);
    const guarded = path.join(dir, 'guarded.csv');
    await exportCsv({ target: guarded });
    assert.equal(fs.readFileSync(guarded, 'utf8'), "\uFEFFName,Score,Note\r\nalpha,1,'=1+1\r\nbeta,-2,'@SUM(A1)\r\ngamma,3,'-enc ZQBj\r\n");

    const config = vscode.workspace.getConfiguration('defenderHunt.export.csv');
    await config.update('separator', ';', vscode.ConfigurationTarget.Global);
    await config.update('bom', false, vscode.ConfigurationTarget.Global);
    await config.update('formulaGuard', false, vscode.ConfigurationTarget.Global);
    const plain = path.join(dir, 'plain.csv');
    await exportCsv({ target: plain });
    assert.equal(fs.readFileSync(plain, 'utf8'), 'Name;Score;Note\r\nalpha;1;=1+1\r\nbeta;-2;@SUM(A1)\r\ngamma;3;-enc ZQBj\r\n');
    await config.update('separator', '\t', vscode.ConfigurationTarget.Global);
    await exportCsv({ target: plain });
    assert.equal(readCsv(plain, '\t')[2].join('|'), 'beta|-2|@SUM(A1)');
  });
});
