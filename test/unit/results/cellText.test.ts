import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellText, DISPLAY_LIMIT, displayText } from '../../../src/core/results/cellText';

describe('cell text: what the grid shows', () => {
  it('spells values as search, filters and copy read them', () => {
    assert.equal(cellText(null), '');
    assert.equal(cellText(12.5), '12.5');
    assert.equal(cellText(false), 'false');
    assert.equal(cellText({ a: [1, 'x'] }), '{"a":[1,"x"]}');
    assert.equal(displayText(null), null);
  });

  it('shortens long text to the display limit, ending in "…"', () => {
    const shown = displayText('x'.repeat(DISPLAY_LIMIT + 50));
    assert.equal(shown, `${'x'.repeat(DISPLAY_LIMIT - 1)}…`);
    assert.equal(displayText('y'.repeat(DISPLAY_LIMIT)), 'y'.repeat(DISPLAY_LIMIT));
  });

  it('never splits a surrogate pair when shortening', () => {
    for (const offset of [0, 1]) {
      const text = 'a'.repeat(offset) + '🔒'.repeat(DISPLAY_LIMIT);
      const shown = displayText(text)!;
      assert.ok(shown.length <= DISPLAY_LIMIT, `offset ${offset}: ${shown.length}`);
      assert.ok(shown.endsWith('🔒…'), `offset ${offset}: ends ${JSON.stringify(shown.slice(-3))}`);
      assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(shown), `offset ${offset}: a lone surrogate`);
    }
  });
});
