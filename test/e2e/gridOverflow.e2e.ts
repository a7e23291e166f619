/**
 * Grid cells do not clip (a clip per cell cost about a fifth of a scroll frame, see
 * docs/results.md). Text is cut to fit by the grid (src/webview/grid/textFit.ts) and ends in
 * "…"; anything that still runs over (a font the measure did not foresee) is covered by the
 * next cell, which is opaque, and the row clips the last one. Checked in real Chromium with the
 * real bundle and CSS, the covering by pixels: screenshots are decoded by Chromium itself in a
 * blank page of the same browser.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { displayText } from '../../src/core/results/cellText';
import { huntRun, toResultSet } from '../harness/huntData';
import { type Harness, openResultsWebview } from '../harness/webviewHarness';

const LONG = 'W'.repeat(600);
const WIDE = '東京の端末から不審なログオン🔒'.repeat(30);

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
      results: Array.from({ length: 6 }, (_, i) => ({ Long: i === 5 ? WIDE : LONG, Empty: i === 5 ? 'short' : '', Tail: i % 2 ? LONG : '' })),
    };
    h.showRun(huntRun(toResultSet(body)));
    await h.page.locator('.row .cell:not(.loading)').first().waitFor();
    await h.page.mouse.move(5, 5);
  });
  after(async () => { await decoder?.close(); await h?.close(); });

  const cell = (row: number, col: number) => h.page.locator(`.row[aria-rowindex="${row + 2}"] .cell[data-col="${col}"]`);
  /** What a cell shows, its accessible name, and whether its text runs past its padding. */
  const look = (row: number, col: number) => cell(row, col).evaluate((e) => {
    const text = document.createRange();
    text.selectNodeContents(e);
    const contentRight = e.getBoundingClientRect().right - parseFloat(getComputedStyle(e).paddingRight);
    return { shown: e.textContent ?? '', name: e.getAttribute('aria-label'), overflows: text.getBoundingClientRect().right > contentRight + 0.5 };
  });
  /** The inside of a cell as a PNG: without its left border, the grid line under it and the active cell's 1px outline. */
  const cellInside = async (row: number, col: number) => {
    const box = await cell(row, col).boundingBox();
    assert.ok(box, `cell ${row}/${col} is rendered`);
    return h.page.screenshot({ clip: { x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 3 } });
  };

  it('cuts long text to its column with "…", keeping the whole value as the accessible name', async () => {
    for (const [row, value] of [[0, LONG], [5, WIDE]] as const) {
      const { shown, name, overflows } = await look(row, 0);
      assert.equal(name, displayText(value));
      assert.ok(shown.endsWith('…') && shown.length > 10 && value.startsWith(shown.slice(0, -1)), shown);
      assert.equal(overflows, false, `row ${row}: "${shown}" runs past its cell`);
    }
    assert.deepEqual(await look(5, 1), { shown: 'short', name: null, overflows: false });
    await cell(0, 0).hover();
    assert.equal(await cell(0, 0).getAttribute('title'), displayText(LONG), 'the tooltip holds the whole value');
    await h.page.mouse.move(5, 5);
    assert.ok(await pixelsUnlikeFirst(decoder, await cellInside(0, 0)) > 100, 'the cut text is drawn');
    assert.equal(await pixelsUnlikeFirst(decoder, await cellInside(0, 1)), 0);
  });

  it('covers text that still runs over (a font the measure did not foresee), also hovered, selected and active with translucent theme colours', async () => {
    await h.page.evaluate(() => {
      // Wider glyphs than the grid measured: its cut no longer fits, and the text runs over.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('.cell { letter-spacing: 6px; }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      // Many themes give list highlights an alpha channel; a highlight must not let the text under it show through.
      for (const v of ['--vscode-list-hoverBackground', '--vscode-list-activeSelectionBackground', '--vscode-list-inactiveSelectionBackground']) {
        document.documentElement.style.setProperty(v, 'rgba(90, 160, 255, 0.25)');
      }
    });
    await h.page.waitForFunction(() => {
      const e = document.querySelector('.row[aria-rowindex="2"] .cell[data-col="0"]') as HTMLElement | null;
      return !!e && e.scrollWidth > e.clientWidth + 20;
    });
    await cell(1, 0).click();
    await cell(2, 1).click({ modifiers: ['Shift'] });
    await cell(3, 2).hover();
    assert.equal(await h.page.locator('.cell.sel').count(), 4);
    for (const row of [0, 1, 2, 3]) assert.equal(await pixelsUnlikeFirst(decoder, await cellInside(row, 1)), 0, `row ${row}: the empty cell shows text`);
  });

  it('the last column is clipped at the row end, not drawn past it', async () => {
    const box = await h.page.locator('.row[aria-rowindex="3"]').boundingBox();
    assert.ok(box);
    const viewport = h.page.viewportSize()!;
    const width = Math.min(120, viewport.width - (box.x + box.width) - 20);
    assert.ok(width > 20, 'the table is narrower than the window, so the row ends on screen');
    const beyond = await h.page.screenshot({ clip: { x: box.x + box.width + 2, y: box.y, width, height: box.height - 1 } });
    assert.equal(await pixelsUnlikeFirst(decoder, beyond), 0);
  });
});
