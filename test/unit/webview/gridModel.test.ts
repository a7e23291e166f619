import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ColumnInfo } from '../../../src/shared/protocol';
import { ColumnLayout, fitWidths, MAX_WIDTH, MIN_WIDTH } from '../../../src/webview/grid/layout';
import { PageCache } from '../../../src/webview/grid/pageCache';
import { Selection } from '../../../src/webview/grid/selection';

const cols: ColumnInfo[] = ['A', 'B', 'C', 'D'].map((name) => ({ name, type: 'string', rawType: 'String' }));

describe('grid column layout', () => {
  it('hides and shows columns, keeping at least one', () => {
    const l = new ColumnLayout(cols, [100, 120, 140, 160], [1]);
    assert.deepEqual(l.visible, [0, 2, 3]);
    assert.equal(l.totalWidth(), 400);
    l.setHidden(0, true); l.setHidden(2, true); l.setHidden(3, true);
    assert.deepEqual(l.visible, [3]);
    l.showAll();
    assert.deepEqual(l.visible, [0, 1, 2, 3]);
    assert.equal(l.slotOf(2), 2);
  });

  it('clamps widths and fits them to samples', () => {
    const l = new ColumnLayout(cols);
    l.setWidth(0, 5); l.setWidth(1, 1e9);
    assert.equal(l.width(0), MIN_WIDTH);
    assert.equal(l.width(1), MAX_WIDTH);
    const fitted = fitWidths(cols, [['x'.repeat(20), null, 'y'.repeat(1000), '']]);
    assert.ok(fitted[0] > fitted[1]);
    assert.equal(fitted[2], 420);
  });
});

describe('grid selection', () => {
  it('extends ranges with shift and clamps to the grid', () => {
    const s = new Selection(100, 5);
    s.set({ row: 10, slot: 1 });
    s.move(3, 2, true);
    assert.deepEqual(s.rect(), { rowStart: 10, rowEnd: 13, slotStart: 1, slotEnd: 3 });
    s.move(1000, 1000);
    assert.deepEqual(s.active, { row: 99, slot: 4 });
    assert.deepEqual(s.rect(), { rowStart: 99, rowEnd: 99, slotStart: 4, slotEnd: 4 });
    s.selectRows(5, 2);
    assert.deepEqual(s.rect(), { rowStart: 2, rowEnd: 5, slotStart: 0, slotEnd: 4 });
    s.selectColumn(3);
    assert.deepEqual(s.rect(), { rowStart: 0, rowEnd: 99, slotStart: 3, slotEnd: 3 });
    s.resize(10, 2);
    assert.deepEqual(s.rect(), { rowStart: 0, rowEnd: 9, slotStart: 1, slotEnd: 1 });
    s.resize(0, 2);
    assert.equal(s.rect(), undefined);
  });
});

describe('grid page cache', () => {
  it('asks for missing pages around the visible rows once, and again after a timeout', () => {
    const c = new PageCache(100, 10, 1000);
    c.reset(1);
    assert.deepEqual(c.missing(250, 280, 1000, 0), [{ start: 100, count: 100 }, { start: 200, count: 100 }, { start: 300, count: 100 }]);
    assert.deepEqual(c.missing(250, 280, 1000, 10), []);
    assert.equal(c.missing(250, 280, 1000, 2000).length, 3);
    assert.deepEqual(c.missing(950, 999, 990, 0), [{ start: 800, count: 100 }, { start: 900, count: 90 }]);
  });

  it('stores pages of the current version only and evicts the least recently used', () => {
    const c = new PageCache(10, 3);
    c.reset(2);
    assert.equal(c.put(1, { start: 0, rows: [['old']] }), false);
    c.put(2, { start: 0, rows: Array.from({ length: 25 }, (_, i) => [String(i)]) });
    assert.deepEqual(c.row(24), ['24']);
    assert.equal(c.size, 3);
    c.missing(0, 5, 100); // touches pages 0 and 1 (the visible page and its neighbour)
    c.put(2, { start: 30, rows: [['30']] });
    assert.deepEqual(c.row(0), ['0']);
    assert.deepEqual(c.row(15), ['15']);
    assert.equal(c.row(20), undefined);
    c.reset(3);
    assert.equal(c.row(0), undefined);
  });
});
