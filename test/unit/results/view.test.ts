import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kqlTypeOf, type CellValue, type ResultSet } from '../../../src/core/results/resultSet';
import { computeRowOrder, computeRowOrderSync, orderToArray, pageRows, ViewCancelledError, viewRowCount } from '../../../src/core/results/view';
import { EMPTY_VIEW, type ViewSpec } from '../../../src/shared/protocol';
import { graphBody, toResultSet } from '../../harness/huntData';

function rs(cols: [string, string][], rows: CellValue[][]): ResultSet {
  return { columns: cols.map(([name, rawType]) => ({ name, rawType, type: kqlTypeOf(rawType) })), rows };
}
const spec = (s: Partial<ViewSpec>): ViewSpec => ({ ...EMPTY_VIEW, ...s });
const order = (r: ResultSet, s: Partial<ViewSpec>) => orderToArray(r, computeRowOrderSync(r, spec(s)));

const events = rs([['Timestamp', 'DateTime'], ['Name', 'String'], ['Count', 'Int64'], ['Up', 'TimeSpan'], ['Ok', 'Boolean'], ['Extra', 'Object']], [
  ['2026-11-02T10:00:00.0000002Z', 'proc10.exe', 5, '1.00:00:00', true, { a: 1 }],
  ['2026-11-02T10:00:00.0000001Z', 'Proc2.exe', '12', '00:00:30', false, null],
  [null, 'alpha', null, null, null, { b: 'needle' }],
  ['2026-11-01T23:59:59Z', 'beta', -3, '-00:00:01', true, [1, 2]],
  ['2026-11-02T09:00:00+02:00', 'proc1.exe', 100, '02:00:00', false, null],
]);

describe('view model: sort', () => {
  it('sorts datetimes chronologically, below the millisecond and across offsets, nulls last', () => {
    assert.deepEqual(order(events, { sort: [{ column: 0, direction: 'asc' }] }), [3, 4, 1, 0, 2]);
    assert.deepEqual(order(events, { sort: [{ column: 0, direction: 'desc' }] }), [0, 1, 4, 3, 2]);
  });

  it('sorts numbers numerically, also when the API sent them as strings', () => {
    assert.deepEqual(order(events, { sort: [{ column: 2, direction: 'asc' }] }), [3, 0, 1, 4, 2]);
    assert.deepEqual(order(events, { sort: [{ column: 2, direction: 'desc' }] }), [4, 1, 0, 3, 2]);
  });

  it('sorts strings case-insensitively with numbers in names in natural order', () => {
    assert.deepEqual(order(events, { sort: [{ column: 1, direction: 'asc' }] }).map((i) => events.rows[i][1]), ['alpha', 'beta', 'proc1.exe', 'Proc2.exe', 'proc10.exe']);
  });

  it('sorts timespans and booleans by value', () => {
    assert.deepEqual(order(events, { sort: [{ column: 3, direction: 'asc' }] }), [3, 1, 4, 0, 2]);
    assert.deepEqual(order(events, { sort: [{ column: 4, direction: 'asc' }] }).slice(0, 2), [1, 4]);
  });

  it('uses later keys to break ties and keeps result order for full ties', () => {
    const r = rs([['A', 'String'], ['B', 'Int32']], [['x', 2], ['y', 1], ['x', 1], ['x', 2]]);
    assert.deepEqual(order(r, { sort: [{ column: 0, direction: 'asc' }, { column: 1, direction: 'desc' }] }), [0, 3, 2, 1]);
  });

  it('sorts a large result the same way as a plain sort would (merge of runs)', () => {
    const big = toResultSet(JSON.parse(graphBody(30_000, 7)));
    const o = order(big, { sort: [{ column: 15, direction: 'desc' }] });
    assert.equal(o.length, 30_000);
    const expected = big.rows.map((_, i) => i).sort((a, b) => (big.rows[b][15] as number) - (big.rows[a][15] as number) || a - b);
    assert.deepEqual(o, expected);
  });
});

describe('view model: filters and search', () => {
  it('filters text by contains, not-contains, equals and not-equals, case-insensitively', () => {
    assert.deepEqual(order(events, { filters: [{ column: 1, text: 'PROC' }] }), [0, 1, 4]);
    assert.deepEqual(order(events, { filters: [{ column: 1, text: '!proc' }] }), [2, 3]);
    assert.deepEqual(order(events, { filters: [{ column: 1, text: '=BETA' }] }), [3]);
    assert.deepEqual(order(events, { filters: [{ column: 1, text: '!=beta' }] }), [0, 1, 2, 4]);
  });

  it('compares numbers, datetimes and timespans by value', () => {
    assert.deepEqual(order(events, { filters: [{ column: 2, text: '>= 12' }] }), [1, 4]);
    assert.deepEqual(order(events, { filters: [{ column: 2, text: '<0' }] }), [3]);
    assert.deepEqual(order(events, { filters: [{ column: 0, text: '> 2026-11-02' }] }), [0, 1, 4]);
    assert.deepEqual(order(events, { filters: [{ column: 3, text: '>01:00:00' }] }), [0, 4]);
  });

  it('matches empty and null with "=" and the opposite with "!="', () => {
    assert.deepEqual(order(events, { filters: [{ column: 0, text: '=' }] }), [2]);
    assert.deepEqual(order(events, { filters: [{ column: 0, text: '!=' }] }), [0, 1, 3, 4]);
  });

  it('combines column filters with AND and treats quoted text literally', () => {
    assert.deepEqual(order(events, { filters: [{ column: 1, text: 'proc' }, { column: 4, text: '=true' }] }), [0]);
    const r = rs([['A', 'String']], [['=x'], ['x']]);
    assert.deepEqual(order(r, { filters: [{ column: 0, text: '"=x"' }] }), [0]);
  });

  it('searches every visible column, dynamic values included, but not hidden ones', () => {
    assert.deepEqual(order(events, { search: 'NEEDLE' }), [2]);
    assert.deepEqual(order(events, { search: 'needle', hidden: [5] }), []);
    assert.deepEqual(order(events, { search: 'regex.*chars' }), []);
  });

  it('filters then sorts', () => {
    assert.deepEqual(order(events, { filters: [{ column: 1, text: 'proc' }], sort: [{ column: 2, direction: 'asc' }] }), [0, 1, 4]);
  });
});

describe('view model: pages', () => {
  it('returns display text of the requested window of the view, null kept, long text shortened', () => {
    const long = 'x'.repeat(5000);
    const r = rs([['A', 'String'], ['B', 'Object'], ['C', 'Int64']], [[long, { k: 'v' }, 1], [null, null, 2], ['b', [1], 3]]);
    const o = computeRowOrderSync(r, spec({ sort: [{ column: 2, direction: 'desc' }] }));
    assert.equal(viewRowCount(r, o), 3);
    const page = pageRows(r, o, 1, 5);
    assert.deepEqual(page, [[null, null, '2'], [page[1][0], '{"k":"v"}', '1']]);
    assert.equal(page[1][0]?.length, 300);
    assert.ok(page[1][0]?.endsWith('…'));
  });

  it('keeps the identity view unallocated', () => {
    assert.equal(computeRowOrderSync(events, EMPTY_VIEW), undefined);
    assert.deepEqual(pageRows(events, undefined, 4, 10).length, 1);
  });
});

describe('view model: asynchronous computation', () => {
  it('gives the event loop back during a large sort and gets the same order', async () => {
    const big = toResultSet(JSON.parse(graphBody(20_000, 3)));
    let pauses = 0;
    const s = spec({ sort: [{ column: 2, direction: 'asc' }], search: 'exe' });
    const o = await computeRowOrder(big, s, { sliceMs: 1, yieldToEventLoop: async () => { pauses++; } });
    assert.ok(pauses > 3, `paused ${pauses} times`);
    assert.deepEqual(orderToArray(big, o), orderToArray(big, computeRowOrderSync(big, s)));
  });

  it('stops when aborted', async () => {
    const big = toResultSet(JSON.parse(graphBody(20_000, 3)));
    const ctrl = new AbortController();
    const p = computeRowOrder(big, spec({ sort: [{ column: 1, direction: 'asc' }] }), { signal: ctrl.signal, sliceMs: 0, yieldToEventLoop: async () => ctrl.abort() });
    await assert.rejects(p, ViewCancelledError);
  });
});
