import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  choicesFromPicked, DEFAULT_CHOICES, exportFileName, exportFormatOf, exportOptionItems, parseChoices, PROGRESS_CELLS, selectionFor, showsProgress, sizeText, viewFacts,
  type ExportChoices, type ViewFacts,
} from '../../src/core/results/export/exportPlan';
import type { ResultViewLike } from '../../src/core/results/export/selection';

const names = ['Timestamp', 'DeviceName', 'FileName', 'SHA256', 'ProcessCommandLine', 'AccountName', 'RemoteIP', 'Extra'];
function view(order: number[], hidden: number[] = []): ResultViewLike {
  const all = names.map((_, i) => i);
  return { rowOrder: () => order, visibleColumns: all.filter((c) => !hidden.includes(c)), hiddenColumns: all.filter((c) => hidden.includes(c)) };
}
const identity = (n: number) => Array.from({ length: n }, (_, i) => i);
const facts = (over: Partial<ViewFacts> = {}): ViewFacts => ({ totalRows: 1000, viewRows: 1000, reordered: false, visibleColumns: 8, hiddenColumnNames: [], ...over });

describe('export plan: default file name', () => {
  it('is hunt-YYYYMMDD-HHMMSS in local time of the run, with the format extension', () => {
    const startedAt = new Date(2026, 10, 2, 9, 5, 7).getTime();
    assert.equal(exportFileName(startedAt, 'csv'), 'hunt-20261102-090507.csv');
    assert.equal(exportFileName(startedAt, 'json'), 'hunt-20261102-090507.json');
    assert.equal(exportFileName(startedAt, 'jsonl'), 'hunt-20261102-090507.jsonl');
    assert.equal(exportFileName(new Date(2027, 0, 31, 23, 59, 59).getTime(), 'csv'), 'hunt-20270131-235959.csv');
  });
});

describe('export plan: what the view looks like', () => {
  it('an unfiltered, unsorted view is not reordered', () => {
    assert.deepEqual(viewFacts(view(identity(5)), names, 5), { totalRows: 5, viewRows: 5, reordered: false, visibleColumns: 8, hiddenColumnNames: [] });
  });
  it('a sort keeps the count but reorders; a filter changes the count', () => {
    assert.equal(viewFacts(view([0, 2, 1, 3, 4]), names, 5).reordered, true);
    const filtered = viewFacts(view([0, 1, 2]), names, 5);
    assert.deepEqual([filtered.viewRows, filtered.reordered], [3, true]);
  });
  it('names the hidden columns in grid order', () => {
    assert.deepEqual(viewFacts(view(identity(2), [6, 1]), names, 2).hiddenColumnNames, ['DeviceName', 'RemoteIP']);
  });
});

describe('export plan: the options quick pick', () => {
  it('asks nothing for CSV of a plain view (the dialog comes straight away)', () => {
    assert.deepEqual(exportOptionItems('csv', facts(), DEFAULT_CHOICES), []);
  });

  it('JSON always asks array or JSON Lines', () => {
    const items = exportOptionItems('json', facts(), DEFAULT_CHOICES);
    assert.deepEqual(items.map((i) => [i.id, i.picked]), [['jsonLines', false]]);
    assert.deepEqual(exportOptionItems('json', facts(), { ...DEFAULT_CHOICES, jsonLines: true }).map((i) => i.picked), [true]);
  });

  it('asks about rows only when the view differs from the result, with the counts', () => {
    const filtered = exportOptionItems('csv', facts({ viewRows: 120, reordered: true }), DEFAULT_CHOICES);
    assert.deepEqual(filtered.map((i) => [i.id, i.picked]), [['viewOnly', true]]);
    assert.equal(filtered[0].description, '120 of 1,000 rows, filtered and sorted as in the grid');
    assert.match(filtered[0].detail, /all 1,000 rows in the order the service returned them/);
    const sorted = exportOptionItems('csv', facts({ reordered: true }), { ...DEFAULT_CHOICES, rows: 'all' });
    assert.deepEqual(sorted.map((i) => [i.id, i.picked, i.description]), [['viewOnly', false, '1,000 rows, sorted as in the grid']]);
  });

  it('asks about hidden columns only when there are some, naming at most five', () => {
    const items = exportOptionItems('csv', facts({ visibleColumns: 1, hiddenColumnNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }), { ...DEFAULT_CHOICES, includeHidden: true });
    assert.deepEqual(items.map((i) => [i.id, i.picked]), [['includeHidden', true]]);
    assert.equal(items[0].description, '7 hidden columns: a, b, c, d, e, …');
    assert.match(items[0].detail, /after the 1 visible column\./);
  });

  it('offers all three for JSON of a filtered view with hidden columns, in a stable order', () => {
    const items = exportOptionItems('json', facts({ viewRows: 3, reordered: true, hiddenColumnNames: ['x'] }), DEFAULT_CHOICES);
    assert.deepEqual(items.map((i) => i.id), ['viewOnly', 'includeHidden', 'jsonLines']);
  });

  it('reads the answers: offered options from the checkboxes, the others stay as remembered', () => {
    const remembered: ExportChoices = { rows: 'all', includeHidden: true, jsonLines: true };
    const items = exportOptionItems('csv', facts({ viewRows: 3, reordered: true }), remembered);
    assert.deepEqual(choicesFromPicked(items, new Set(['viewOnly']), remembered), { rows: 'view', includeHidden: true, jsonLines: true });
    assert.deepEqual(choicesFromPicked(items, new Set(), remembered), { rows: 'all', includeHidden: true, jsonLines: true });
    const json = exportOptionItems('json', facts({ hiddenColumnNames: ['x'] }), DEFAULT_CHOICES);
    assert.deepEqual(choicesFromPicked(json, new Set(['jsonLines']), DEFAULT_CHOICES), { rows: 'view', includeHidden: false, jsonLines: true });
  });

  it('reads remembered answers from storage defensively', () => {
    assert.deepEqual(parseChoices(undefined), DEFAULT_CHOICES);
    assert.deepEqual(parseChoices({ rows: 'everything', includeHidden: 'yes', jsonLines: 1 }), DEFAULT_CHOICES);
    assert.deepEqual(parseChoices({ rows: 'all', includeHidden: true, jsonLines: true }), { rows: 'all', includeHidden: true, jsonLines: true });
  });
});

describe('export plan: what gets written', () => {
  it('the view order and visible columns, hidden ones after them on request, or all rows', () => {
    const v = view([4, 2, 0], [1, 5]);
    assert.deepEqual(selectionFor(v, DEFAULT_CHOICES), { rowOrder: [4, 2, 0], columns: [0, 2, 3, 4, 6, 7] });
    assert.deepEqual(selectionFor(v, { ...DEFAULT_CHOICES, includeHidden: true }), { rowOrder: [4, 2, 0], columns: [0, 2, 3, 4, 6, 7, 1, 5] });
    assert.deepEqual(selectionFor(v, { ...DEFAULT_CHOICES, rows: 'all' }), { columns: [0, 2, 3, 4, 6, 7] });
  });

  it('maps the command and the JSON choice to a format', () => {
    assert.equal(exportFormatOf('csv', { ...DEFAULT_CHOICES, jsonLines: true }), 'csv');
    assert.equal(exportFormatOf('json', DEFAULT_CHOICES), 'json');
    assert.equal(exportFormatOf('json', { ...DEFAULT_CHOICES, jsonLines: true }), 'jsonl');
  });

  it('shows progress only for large exports', () => {
    assert.equal(showsProgress(100, 20), false);
    assert.equal(showsProgress(PROGRESS_CELLS / 20, 20), true);
    assert.equal(showsProgress(100_000, 20), true);
    assert.equal(sizeText(1, 1), '1 row × 1 column');
    assert.equal(sizeText(100_000, 20), '100,000 rows × 20 columns');
  });
});
