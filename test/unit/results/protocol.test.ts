import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_VIEW, isHostToWebview, isWebviewToHost, MAX_PAGE_ROWS } from '../../../src/shared/protocol';

const run = { id: 'r1', query: 'T', connectionName: 'c', api: 'graph', timeRangeLabel: 'Last 7 days', startedAt: 1, elapsedMs: 2, totalRows: 3, canAddFilter: true };
const view = { version: 1, spec: EMPTY_VIEW, rowCount: 3 };
const page = { start: 0, rows: [['a', null]] };

describe('protocol validators: webview → host', () => {
  const valid = [
    { type: 'ready' },
    { type: 'ready', runId: 'r1' },
    { type: 'getRows', requestId: 1, runId: 'r1', version: 2, start: 0, count: 100 },
    { type: 'setView', runId: 'r1', spec: { sort: [{ column: 0, direction: 'desc' }], filters: [{ column: 1, text: '>5' }], search: 'x', hidden: [2] } },
    { type: 'switchRun', runId: 'r0' },
    { type: 'copy', runId: 'r1', version: 1, range: { rowStart: 0, rowEnd: 9, columns: [0, 2] }, format: 'markdown', headers: true },
    { type: 'inspect', runId: 'r1', version: 1, row: 5, column: 1 },
    { type: 'addFilter', runId: 'r1', version: 1, row: 5, column: 1, op: 'has' },
    { type: 'export', runId: 'r1', kind: 'csv' },
    { type: 'export', runId: 'r1', kind: 'json' },
  ];
  for (const m of valid) it(`accepts ${JSON.stringify(m).slice(0, 60)}`, () => assert.ok(isWebviewToHost(m)));

  const invalid: [string, unknown][] = [
    ['non-objects', 'ready'], ['null', null], ['arrays', [{ type: 'ready' }]], ['unknown types', { type: 'eval', code: 'x' }],
    ['a host message', { type: 'showEmpty', text: 'x' }],
    ['negative rows', { type: 'getRows', requestId: 1, runId: 'r1', version: 2, start: -1, count: 100 }],
    ['fractional rows', { type: 'getRows', requestId: 1, runId: 'r1', version: 2, start: 1.5, count: 100 }],
    ['huge pages', { type: 'getRows', requestId: 1, runId: 'r1', version: 2, start: 0, count: MAX_PAGE_ROWS + 1 }],
    ['empty run ids', { type: 'switchRun', runId: '' }],
    ['bad sort directions', { type: 'setView', runId: 'r1', spec: { ...EMPTY_VIEW, sort: [{ column: 0, direction: 'up' }] } }],
    ['missing spec fields', { type: 'setView', runId: 'r1', spec: { sort: [] } }],
    ['string columns', { type: 'setView', runId: 'r1', spec: { ...EMPTY_VIEW, hidden: ['0'] } }],
    ['inverted ranges', { type: 'copy', runId: 'r1', version: 1, range: { rowStart: 9, rowEnd: 0, columns: [0] }, format: 'csv', headers: true }],
    ['empty column lists', { type: 'copy', runId: 'r1', version: 1, range: { rowStart: 0, rowEnd: 0, columns: [] }, format: 'csv', headers: true }],
    ['unknown formats', { type: 'copy', runId: 'r1', version: 1, range: { rowStart: 0, rowEnd: 0, columns: [0] }, format: 'html', headers: true }],
    ['unknown operators', { type: 'addFilter', runId: 'r1', version: 1, row: 0, column: 0, op: 'contains' }],
    ['NaN positions', { type: 'inspect', runId: 'r1', version: 1, row: NaN, column: 0 }],
    ['unknown export kinds', { type: 'export', runId: 'r1', kind: 'xlsx' }],
    ['exports without a run', { type: 'export', kind: 'csv' }],
  ];
  for (const [what, m] of invalid) it(`rejects ${what}`, () => assert.equal(isWebviewToHost(m), false));
});

describe('protocol validators: host → webview', () => {
  it('accepts every message the host sends', () => {
    for (const m of [
      { type: 'showEmpty', text: 'No results' },
      { type: 'showRun', run, columns: [{ name: 'A', type: 'string', rawType: 'String' }], history: [{ id: 'r1', label: 'x' }], view, firstPage: page },
      { type: 'showRun', run: { ...run, truncated: 'row-limit' }, columns: [], history: [], view, firstPage: { start: 0, rows: [] } },
      { type: 'viewChanged', runId: 'r1', view, firstPage: page },
      { type: 'rows', requestId: 3, runId: 'r1', version: 1, page },
      { type: 'history', history: [], currentId: 'r1' },
      { type: 'notice', level: 'error', text: 'no' },
      { type: 'busy', runId: 'r1', text: 'Sorting…' },
    ]) assert.ok(isHostToWebview(m), JSON.stringify(m));
  });

  it('rejects malformed host messages', () => {
    for (const m of [
      { type: 'showRun', run: { ...run, api: 'other' }, columns: [], history: [], view, firstPage: page },
      { type: 'showRun', run, columns: [{ name: 'A', type: 'varchar', rawType: 'x' }], history: [], view, firstPage: page },
      { type: 'rows', requestId: 3, runId: 'r1', version: 1, page: { start: 0, rows: [[1]] } },
      { type: 'rows', requestId: 3, runId: 'r1', version: 1, page: { start: 0, rows: [[{}]] } },
      { type: 'notice', level: 'fatal', text: 'x' },
      { type: 'viewChanged', runId: 'r1', view: { ...view, rowCount: -1 }, firstPage: page },
      { type: 'ready' },
    ]) assert.equal(isHostToWebview(m), false, JSON.stringify(m));
  });
});
