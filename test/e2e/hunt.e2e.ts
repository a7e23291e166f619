import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { Workbench } from './workbench';

/** Columns of grid.kql's projection. */
const COL = { Timestamp: 0, DeviceName: 1, FileName: 2, ProcessId: 3, Details: 4 };

/** Values of one column in display order (rows are virtualised; order by aria-rowindex). A cut text's value is its accessible name. */
async function columnTexts(grid: FrameLocator, col: number): Promise<string[]> {
  return grid.locator('.row').evaluateAll((rows, c) => rows
    .map((r) => ({ i: Number(r.getAttribute('aria-rowindex')), cell: r.querySelector(`.cell[data-col="${c}"]`) }))
    .map(({ i, cell }) => ({ i, t: cell?.getAttribute('aria-label') ?? cell?.textContent ?? '' }))
    .sort((a, b) => a.i - b.i).map((x) => x.t), col);
}

describe('a hunt from the editor to the grid, in code-server', () => {
  let wb: Workbench;
  let grid: FrameLocator;
  before(async () => {
    wb = await Workbench.open();
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.page.url()).origin });
  });
  after(async () => { await wb?.close(); });

  it('runs the block under the cursor with Shift+Enter against the offline sample tenant', async () => {
    await wb.openFromExplorer('grid.kql');
    await wb.runHuntAt('| take 25');
    grid = wb.webview();
    await grid.locator('.row .cell:not(.loading)').first().waitFor({ timeout: 60_000 });
    const meta = await grid.locator('.run-meta').textContent() ?? '';
    assert.match(meta, /Offline sample tenant/);
    assert.match(meta, /(^|\D)25 rows/);
    assert.equal((await columnTexts(grid, COL.ProcessId)).length, 25);
    await wb.screenshot('hunt-grid');
  });

  it('sorts a numeric column by clicking its header', async () => {
    await grid.locator(`.hcell[data-col="${COL.ProcessId}"]`).click();
    await wb.page.waitForFunction(() => true);
    const sorted = async () => (await columnTexts(grid, COL.ProcessId)).map((t) => Number(t.replace(/[^\d]/g, '')));
    let values = await sorted();
    for (let i = 0; i < 50 && values.some((v, k) => k > 0 && v < values[k - 1]); i++) { await wb.page.waitForTimeout(100); values = await sorted(); }
    assert.deepEqual(values, [...values].sort((a, b) => a - b));
  });

  it('filters a column from the filter row', async () => {
    const names = await columnTexts(grid, COL.FileName);
    const pick = names[0];
    await grid.locator(`.fcell[data-col="${COL.FileName}"] input`).fill(`=${pick}`);
    let after = await columnTexts(grid, COL.FileName);
    for (let i = 0; i < 50 && after.some((n) => n !== pick); i++) { await wb.page.waitForTimeout(100); after = await columnTexts(grid, COL.FileName); }
    assert.ok(after.length >= 1 && after.length < names.length || names.every((n) => n === pick), `${after.length} of ${names.length} rows left`);
    assert.ok(after.every((n) => n === pick));
    await grid.locator(`.fcell[data-col="${COL.FileName}"] input`).fill('');
  });

  it('copies a cell to the clipboard', async () => {
    const cell = grid.locator(`.row[aria-rowindex="2"] .cell[data-col="${COL.DeviceName}"]`);
    const text = (await cell.evaluate((e) => e.getAttribute('aria-label') ?? e.textContent))?.trim() ?? '';
    await cell.click();
    await wb.page.keyboard.press('Control+C');
    let clip = '';
    for (let i = 0; i < 50 && clip !== text; i++) { clip = await wb.page.evaluate(() => navigator.clipboard.readText()).catch(() => ''); if (clip !== text) await wb.page.waitForTimeout(100); }
    assert.equal(clip, text);
  });

  it('inspects a JSON cell in a read-only editor tab', async () => {
    await grid.locator(`.row[aria-rowindex="2"] .cell[data-col="${COL.Details}"]`).click({ button: 'right' });
    await grid.locator('.menu-item', { hasText: 'Inspect value' }).click();
    const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines', { hasText: '"pid"' }).first();
    await editor.waitFor();
    const text = await editor.textContent() ?? '';
    assert.match(text, /"file"/);
    await wb.screenshot('hunt-inspect');
  });
});
