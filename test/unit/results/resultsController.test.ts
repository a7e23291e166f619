import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HuntRun } from '../../../src/core/results/huntRun';
import { NOT_KEPT, NOTHING_YET, ResultsController, historyLabel, type ValueDocument } from '../../../src/core/results/resultsController';
import { kqlTypeOf, type CellValue, type ResultSet } from '../../../src/core/results/resultSet';
import { EMPTY_VIEW, type HostToWebview, PAGE_SIZE } from '../../../src/shared/protocol';
import { graphBody, huntRun, toResultSet } from '../../harness/huntData';

function setup(opts = {}) {
  const posted: HostToWebview[] = [];
  const clipboard: string[] = [], opened: ValueDocument[] = [], filters: [HuntRun, string][] = [], logs: string[] = [];
  const c = new ResultsController((m) => posted.push(m), {
    writeClipboard: async (t) => { clipboard.push(t); },
    openValue: async (d) => { opened.push(d); },
    addFilterToQuery: async (r, clause) => { filters.push([r, clause]); },
    log: (_l, m) => logs.push(m),
  }, opts);
  const last = <T extends HostToWebview['type']>(type: T) => [...posted].reverse().find((m) => m.type === type) as Extract<HostToWebview, { type: T }>;
  return { c, posted, clipboard, opened, filters, logs, last };
}

const small: ResultSet = {
  columns: [['Name', 'String'], ['Count', 'Int64'], ['Extra', 'Object']].map(([name, rawType]) => ({ name, rawType, type: kqlTypeOf(rawType) })),
  rows: [['b', 2, { k: 'v' }], ['a', 10, null], ['c', 1, '{"j":[1]}']] as CellValue[][],
};

describe('results controller', () => {
  it('shows a run with its header, columns, view, history and first page', () => {
    const { c, last } = setup();
    const big = toResultSet(JSON.parse(graphBody(250)));
    const run = huntRun(big, { source: { uri: 'file:///a.kql', startLine: 0, endLine: 2 } });
    c.showRun(run);
    const m = last('showRun');
    assert.equal(m.run.id, run.id);
    assert.equal(m.run.totalRows, 250);
    assert.equal(m.run.canAddFilter, true);
    assert.equal(m.columns.length, 20);
    assert.deepEqual(m.view, { version: m.view.version, spec: EMPTY_VIEW, rowCount: 250 });
    assert.equal(m.firstPage.rows.length, PAGE_SIZE);
    assert.deepEqual(m.history.map((h) => h.id), [run.id]);
  });

  it('answers ready with the current run, or explains that there is none', async () => {
    const a = setup();
    await a.c.handle({ type: 'ready' });
    assert.deepEqual(a.last('showEmpty'), { type: 'showEmpty', text: NOTHING_YET });
    await a.c.handle({ type: 'ready', runId: 'from-before-reload' });
    assert.equal(a.last('showEmpty').text, NOT_KEPT);
    const run = huntRun(small);
    a.c.showRun(run);
    a.posted.length = 0;
    await a.c.handle({ type: 'ready', runId: 'something-else' });
    assert.equal(a.last('showRun').run.id, run.id);
  });

  it('pages rows of the current view and ignores pages of an old view', async () => {
    const { c, posted, last } = setup();
    const run = huntRun(toResultSet(JSON.parse(graphBody(500))));
    c.showRun(run);
    const v = last('showRun').view.version;
    await c.handle({ type: 'getRows', requestId: 7, runId: run.id, version: v, start: 400, count: 100 });
    const rows = last('rows');
    assert.equal(rows.requestId, 7);
    assert.equal(rows.page.start, 400);
    assert.equal(rows.page.rows[0][16], String(run.result.rows[400][16]));
    posted.length = 0;
    await c.handle({ type: 'getRows', requestId: 8, runId: run.id, version: v + 99, start: 0, count: 10 });
    assert.equal(posted.length, 0);
  });

  it('sorts and filters in the host and answers with a new version', async () => {
    const { c, last } = setup();
    const run = huntRun(small);
    c.showRun(run);
    const v0 = last('showRun').view.version;
    await c.handle({ type: 'setView', runId: run.id, spec: { ...EMPTY_VIEW, sort: [{ column: 1, direction: 'desc' }] } });
    const changed = last('viewChanged');
    assert.ok(changed.view.version > v0);
    assert.deepEqual(changed.firstPage.rows.map((r) => r[0]), ['a', 'b', 'c']);
    assert.deepEqual(c.current()?.rowOrder(), [1, 0, 2]);
    await c.handle({ type: 'setView', runId: run.id, spec: { ...EMPTY_VIEW, filters: [{ column: 0, text: '!a' }] } });
    assert.equal(last('viewChanged').view.rowCount, 2);
  });

  it('keeps the version when only hidden columns change without a search', async () => {
    const { c, last } = setup();
    const run = huntRun(small);
    c.showRun(run);
    const v0 = last('showRun').view.version;
    await c.handle({ type: 'setView', runId: run.id, spec: { ...EMPTY_VIEW, hidden: [2, 2, 99] } });
    assert.equal(last('viewChanged').view.version, v0);
    assert.deepEqual(last('viewChanged').view.spec.hidden, [2]);
  });

  it('announces long computations as busy, and a newer view supersedes an older one', async () => {
    const { c, posted } = setup({ busyThreshold: 100 });
    const run = huntRun(toResultSet(JSON.parse(graphBody(3000))));
    c.showRun(run);
    const first = c.setView(run.id, { ...EMPTY_VIEW, sort: [{ column: 1, direction: 'asc' }] });
    const second = c.setView(run.id, { ...EMPTY_VIEW, sort: [{ column: 2, direction: 'asc' }] });
    await Promise.all([first, second]);
    assert.ok(posted.some((m) => m.type === 'busy'));
    const changes = posted.filter((m) => m.type === 'viewChanged');
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0].type === 'viewChanged' && changes[0].view.spec.sort, [{ column: 2, direction: 'asc' }]);
  });

  it('copies from full values in the view order, and refuses a stale version', async () => {
    const { c, clipboard, last } = setup();
    const run = huntRun(small);
    c.showRun(run);
    await c.handle({ type: 'setView', runId: run.id, spec: { ...EMPTY_VIEW, sort: [{ column: 0, direction: 'asc' }] } });
    const v = last('viewChanged').view.version;
    await c.handle({ type: 'copy', runId: run.id, version: v, range: { rowStart: 0, rowEnd: 1, columns: [0, 2] }, format: 'csv', headers: true });
    assert.equal(clipboard[0], 'Name,Extra\r\na,\r\nb,"{""k"":""v""}"\r\n');
    assert.match(last('notice').text, /Copied 2 rows × 2 columns as CSV/);
    await c.handle({ type: 'copy', runId: run.id, version: v - 1, range: { rowStart: 0, rowEnd: 0, columns: [0] }, format: 'tsv', headers: false });
    assert.equal(clipboard.length, 1);
    assert.equal(last('notice').level, 'error');
  });

  it('copies CSV with the export settings\' separator and guard', async () => {
    const clipboard: string[] = [];
    const posted: HostToWebview[] = [];
    const c = new ResultsController((m) => posted.push(m), {
      writeClipboard: async (t) => { clipboard.push(t); }, openValue: async () => undefined, addFilterToQuery: async () => undefined, log: () => undefined,
      csvOptions: () => ({ separator: ';', formulaGuard: false, bom: true }),
    });
    const run = huntRun({ columns: small.columns, rows: [['=1+1', 2, null]] });
    c.showRun(run);
    const shown = posted.find((m) => m.type === 'showRun');
    assert.ok(shown?.type === 'showRun');
    await c.handle({ type: 'copy', runId: run.id, version: shown.view.version, range: { rowStart: 0, rowEnd: 0, columns: [0, 1] }, format: 'csv', headers: true });
    assert.deepEqual(clipboard, ['Name;Count\r\n=1+1;2\r\n']);
  });

  it('hands an export of the shown run to the export effect, after a view change sent just before it', async () => {
    const exports: [string, string, number[]][] = [];
    const posted: HostToWebview[] = [];
    const c: ResultsController = new ResultsController((m) => posted.push(m), {
      writeClipboard: async () => undefined, openValue: async () => undefined, addFilterToQuery: async () => undefined, log: () => undefined,
      exportResults: async (run, kind) => { exports.push([run.id, kind, c.current()!.rowOrder()]); },
    }, { busyThreshold: 100 });
    const run = huntRun(toResultSet(JSON.parse(graphBody(3000))));
    c.showRun(run);
    // The webview flushes a pending filter as setView and then sends export; both are handled concurrently.
    const view = c.handle({ type: 'setView', runId: run.id, spec: { ...EMPTY_VIEW, filters: [{ column: 4, text: 'powershell' }] } });
    const exported = c.handle({ type: 'export', runId: run.id, kind: 'json' });
    await Promise.all([view, exported]);
    assert.equal(exports.length, 1);
    assert.deepEqual(exports[0].slice(0, 2), [run.id, 'json']);
    const expected = run.result.rows.map((r, i) => [r, i] as const).filter(([r]) => String(r[4]).toLowerCase().includes('powershell')).map(([, i]) => i);
    assert.ok(expected.length > 0 && expected.length < 3000);
    assert.deepEqual(exports[0][2], expected, 'the export saw the filtered view');
  });

  it('refuses to export a run that is not the shown one, or where export is not available', async () => {
    const withExport = setup();
    const a = huntRun(small), b = huntRun(small);
    withExport.c.showRun(a);
    withExport.c.showRun(b);
    await withExport.c.handle({ type: 'export', runId: a.id, kind: 'csv' });
    assert.equal(withExport.last('notice').level, 'error');
    assert.match(withExport.last('notice').text, /no longer the one shown/);
    await withExport.c.handle({ type: 'export', runId: b.id, kind: 'csv' });
    assert.match(withExport.last('notice').text, /not available here/);
  });

  it('inspects objects and JSON text pretty-printed, other values as text', async () => {
    const { c, opened, last } = setup();
    const run = huntRun(small);
    c.showRun(run);
    const v = last('showRun').view.version;
    await c.handle({ type: 'inspect', runId: run.id, version: v, row: 0, column: 2 });
    await c.handle({ type: 'inspect', runId: run.id, version: v, row: 2, column: 2 });
    await c.handle({ type: 'inspect', runId: run.id, version: v, row: 1, column: 0 });
    assert.deepEqual(opened.map((d) => [d.language, d.content]), [['json', '{\n  "k": "v"\n}'], ['json', '{\n  "j": [\n    1\n  ]\n}'], ['plaintext', 'a']]);
    assert.match(opened[0].title, /^Extra \(row 1/);
  });

  it('adds a typed filter for runs with a source, and explains why not otherwise', async () => {
    const { c, filters, last } = setup();
    const withSource = huntRun(small, { source: { uri: 'file:///q.kql', startLine: 0, endLine: 0 } });
    c.showRun(withSource);
    await c.handle({ type: 'addFilter', runId: withSource.id, version: last('showRun').view.version, row: 1, column: 1, op: '!=' });
    assert.deepEqual(filters.map(([r, cl]) => [r.id, cl]), [[withSource.id, '| where Count != 10']]);
    const noSource = huntRun(small);
    c.showRun(noSource);
    await c.handle({ type: 'addFilter', runId: noSource.id, version: last('showRun').view.version, row: 0, column: 0, op: '==' });
    assert.match(last('notice').text, /no query block/);
  });

  it('keeps a bounded, switchable history, newest first', async () => {
    const { c, last } = setup({ historyLimit: 3 });
    const runs = [1, 2, 3, 4].map(() => huntRun(small));
    for (const r of runs) c.showRun(r);
    assert.deepEqual(last('showRun').history.map((h) => h.id), [runs[3].id, runs[2].id, runs[1].id]);
    await c.handle({ type: 'switchRun', runId: runs[1].id });
    assert.equal(last('showRun').run.id, runs[1].id);
    assert.equal(c.current()?.run.id, runs[1].id);
    await c.handle({ type: 'switchRun', runId: runs[0].id });
    assert.equal(c.current()?.run.id, runs[1].id);
  });

  it('logs and ignores invalid messages', async () => {
    const { c, posted, logs } = setup();
    await c.handle({ type: 'getRows', start: -5 });
    await c.handle('<script>');
    assert.equal(posted.length, 0);
    assert.equal(logs.length, 2);
  });

  it('labels history entries with time, rows and the first query line', () => {
    const label = historyLabel(huntRun(small, { query: '// comment\n\nDeviceEvents | where X\n| take 1' }));
    assert.match(label, /^\d{2}:\d{2}:\d{2} · 3 rows · DeviceEvents \| where X$/);
  });
});
