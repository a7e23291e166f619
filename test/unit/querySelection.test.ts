import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentPosition, queryToRun, wholeFileQuery } from '../../src/core/query/querySelection';

const doc = '// first\nDeviceEvents\n| take 1\n\n\nDeviceInfo\n| where x == 1\n';

describe('query to run', () => {
  it('takes the block under the cursor', () => {
    const q = queryToRun(doc, doc.indexOf('DeviceInfo') + 3);
    assert.equal(q?.query, 'DeviceInfo\n| where x == 1');
    assert.deepEqual([q?.startLine, q?.endLine, q?.startColumn, q?.origin], [5, 6, 0, 'block']);
  });

  it('takes the block above when the cursor is on a blank line', () => {
    assert.equal(queryToRun(doc, doc.indexOf('\n\n') + 1)?.query, '// first\nDeviceEvents\n| take 1');
  });

  it('prefers a non-empty selection, trimmed, with its start column', () => {
    const start = doc.indexOf('DeviceEvents');
    const q = queryToRun(doc, 0, { start: start - 1, end: start + 'DeviceEvents'.length });
    assert.equal(q?.query, 'DeviceEvents');
    assert.deepEqual([q?.startLine, q?.startColumn, q?.origin], [1, 0, 'selection']);
    const mid = doc.indexOf('where');
    const q2 = queryToRun(doc, 0, { start: mid, end: doc.length });
    assert.deepEqual([q2?.query, q2?.startLine, q2?.startColumn], ['where x == 1', 6, 2]);
  });

  it('ignores a whitespace-only selection', () => {
    assert.equal(queryToRun(doc, doc.indexOf('DeviceInfo'), { start: doc.indexOf('\n\n'), end: doc.indexOf('\n\n') + 2 })?.origin, 'block');
  });

  it('returns nothing for an empty document', () => {
    assert.equal(queryToRun('\n \n', 0), undefined);
    assert.equal(wholeFileQuery(''), undefined);
  });

  it('maps engine positions back into the document, clamped', () => {
    const q = queryToRun(doc, doc.indexOf('DeviceInfo'))!;
    assert.deepEqual(documentPosition(q, 2, 9), { line: 6, character: 8 });
    assert.deepEqual(documentPosition(q, 99, 1), { line: 6, character: 0 });
    const mid = doc.indexOf('where');
    const sel = queryToRun(doc, 0, { start: mid, end: doc.length })!;
    assert.deepEqual(documentPosition(sel, 1, 7), { line: 6, character: 8 });
  });
});
