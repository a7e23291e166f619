import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockAtLine, blockAtOffset, codeOf, splitQueryBlocks } from '../../src/core/query/blocks';

const texts = (s: string) => splitQueryBlocks(s).map((b) => b.text);

describe('query blocks', () => {
  it('splits at blank lines', () => {
    assert.deepEqual(texts('A | take 1\n\nB | take 2\n'), ['A | take 1', 'B | take 2']);
  });

  it('treats whitespace-only lines and CRLF as blank', () => {
    assert.deepEqual(texts('A\r\n  \t\r\nB\r\n'), ['A', 'B']);
  });

  it('joins a chunk that starts with a pipe', () => {
    assert.deepEqual(texts('DeviceEvents\n| where x\n\n| take 10\n\nB'), ['DeviceEvents\n| where x\n\n| take 10', 'B']);
  });

  it('joins after a line ending in ; , ( and/or/by/on', () => {
    for (const tail of ['let x = 1;', 'project a,', 'union (', 'where a and', 'where a or', 'summarize count() by', 'join kind=inner (T) on']) {
      assert.equal(splitQueryBlocks(`${tail}\n\nT`).length, 1, tail);
    }
  });

  it('joins a let-only prelude to the query that uses it', () => {
    const q = 'let a = 1;\nlet b = dynamic(["x"]);\n\nDeviceEvents | where x in (b)';
    assert.deepEqual(texts(q), [q]);
  });

  it('does not split inside a multi-line string', () => {
    const q = 'print x = ```line one\n\nline three```';
    assert.deepEqual(texts(q + '\n\nB'), [q, 'B']);
  });

  it('keeps comment-only chunks with the block above, or with the first block', () => {
    assert.deepEqual(texts('// header\n\nA\n\n// trailing note\n\nB'), ['// header\n\nA\n\n// trailing note', 'B']);
  });

  it('ignores pipes and keywords inside comments and strings', () => {
    assert.equal(codeOf('A | where x == "a//b" // and'), 'A | where x == "a//b"');
    assert.equal(splitQueryBlocks('A // by\n\nB').length, 2);
  });

  it('reports offsets and lines', () => {
    const text = 'A\n| take 1\n\n\nB';
    const [a, b] = splitQueryBlocks(text);
    assert.deepEqual([a.start, a.end, a.startLine, a.endLine], [0, 10, 0, 1]);
    assert.deepEqual([b.start, b.end, b.startLine, b.endLine], [13, 14, 4, 4]);
  });

  it('finds the block at an offset or line, falling back to the block above', () => {
    const text = 'A\n| take 1\n\n\nB | take 2';
    assert.equal(blockAtOffset(text, 4)?.text, 'A\n| take 1');
    assert.equal(blockAtOffset(text, 11)?.text, 'A\n| take 1');
    assert.equal(blockAtOffset(text, 14)?.text, 'B | take 2');
    assert.equal(blockAtLine(text, 3)?.text, 'A\n| take 1');
    assert.equal(blockAtLine(text, 4)?.text, 'B | take 2');
    assert.equal(blockAtOffset('', 0), undefined);
  });
});
