/**
 * Grid cells do not clip (a clip per cell cost about a fifth of a scroll frame, see
 * docs/results.md): each cell is opaque and covers the text that runs over from its left
 * neighbour, and the row clips the last one. These tests look at pixels, in real Chromium with
 * the real bundle and CSS: next to a value far wider than its column, an empty cell shows only
 * its background, in every state a cell can be in. Screenshots are decoded by Chromium itself,
 * in a blank page of the same browser.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { huntRun, toResultSet } from '../harness/huntData';
import { type Harness, openResultsWebview } from '../harness/webviewHarness';

const LONG = 'W'.repeat(600);

/** Pixels of a PNG that differ (any channel by more than 8) from its top-left pixel. */
async function pixelsUnlikeFirst(decoder: Page, png: Buffer): Promise<number> {
  return decoder.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 4; i < d.length; i += 4) {
      if (Math.abs(d[i] - d[0]) > 8 || Math.abs(d[i + 1] - d[1]) > 8 || Math.abs(d[i + 2] - d[2]) > 8) n++;
    }
    return n;
  }, png.toString('base64'));
}

describe('grid cells: a value wider than its column is cut at the column edge', () => {
  let h: Harness;
  let decoder: Page;
  before(async () => {
    h = await openResultsWebview({ viewport: { width: 1400, height: 500 } });
    await h.ready();
    decoder = await h.page.context().newPage();
    const body = {
      schema: [{ name: 'Long', type: 'String' }, { name: 'Empty', type: 'String' }, { name: 'Tail', type: 'String' }],
      results: Array.from({ length: 6 }, (_, i) => ({ Long: LONG, Empty: '', Tail: i % 2 ? LONG : '' })),
    };
    h.showRun(huntRun(toResultSet(body)));
    await h.page.locator('.row .cell:not(.loading)').first().waitFor();
    await h.page.mouse.move(5, 5);
  });
  after(async () => { await decoder?.close(); await h?.close(); });

  /** The inside of a cell as a PNG: without its left border, the grid line under it and the active cell's 1px outline. */
  const cellInside = async (row: number, col: number) => {
    const box = await h.page.locator(`.row[aria-rowindex="${row + 2}"] .cell[data-col="${col}"]`).boundingBox();
    assert.ok(box, `cell ${row}/${col} is rendered`);
    return h.page.screenshot({ clip: { x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 3 } });
  };

  it('the long value shows text in its own cell (control)', async () => {
    assert.ok(await pixelsUnlikeFirst(decoder, await cellInside(0, 0)) > 100);
  });

  it('the empty neighbour shows only its background', async () => {
    assert.equal(await pixelsUnlikeFirst(decoder, await cellInside(0, 1)), 0);
  });

  it('also when the row is hovered, selected or holds the active cell, with translucent theme colours', async () => {
    // Many themes give list highlights an alpha channel; a highlight must not let the text under it show through.
    await h.page.evaluate(() => {
      for (const v of ['--vscode-list-hoverBackground', '--vscode-list-activeSelectionBackground', '--vscode-list-inactiveSelectionBackground']) {
        document.documentElement.style.setProperty(v, 'rgba(90, 160, 255, 0.25)');
      }
    });
    const first = h.page.locator('.row[aria-rowindex="3"] .cell[data-col="0"]');
    await first.click();
    await h.page.locator('.row[aria-rowindex="4"] .cell[data-col="1"]').click({ modifiers: ['Shift'] });
    await h.page.locator('.row[aria-rowindex="5"] .cell[data-col="2"]').hover();
    assert.equal(await h.page.locator('.cell.sel').count(), 4);
    for (const row of [1, 2, 3]) assert.equal(await pixelsUnlikeFirst(decoder, await cellInside(row, 1)), 0, `row ${row}: the empty cell shows text`);
  });

  it('the last column is clipped at the row end, not drawn past it', async () => {
    const row = h.page.locator('.row[aria-rowindex="3"]');
    const box = await row.boundingBox();
    assert.ok(box);
    const viewport = h.page.viewportSize()!;
    const width = Math.min(120, viewport.width - (box.x + box.width) - 20);
    assert.ok(width > 20, 'the table is narrower than the window, so the row ends on screen');
    const beyond = await h.page.screenshot({ clip: { x: box.x + box.width + 2, y: box.y, width, height: box.height - 1 } });
    assert.equal(await pixelsUnlikeFirst(decoder, beyond), 0);
  });
});
