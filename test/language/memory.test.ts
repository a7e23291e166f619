import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryKeeper } from '../../src/language/server/memory';

describe('memory keeper', () => {
  it('collects garbage once the heap grew past the threshold, and not before', () => {
    const keeper = new MemoryKeeper(16 * 1024 * 1024);
    assert.ok(keeper.available, 'an explicit collection is available in Node 20');
    assert.equal(keeper.maybeCollect(), false, 'nothing grew yet');
    let garbage: number[][] | undefined = Array.from({ length: 400 }, () => Array.from({ length: 20_000 }, (_, i) => i));
    assert.ok(garbage.length > 0);
    garbage = undefined;
    const before = process.memoryUsage().heapUsed;
    assert.equal(keeper.maybeCollect(), true);
    assert.ok(process.memoryUsage().heapUsed < before - 16 * 1024 * 1024, 'the collection freed the garbage');
  });
});
