import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Workbench } from './workbench';

describe('writing KQL in code-server, as a user does', () => {
  let wb: Workbench;
  before(async () => { wb = await Workbench.open(); });
  after(async () => { await wb?.close(); });

  it('lists Defender columns in the suggestion widget while typing a query', async () => {
    await wb.openFromExplorer('sample.kql');
    const page = wb.page;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('DeviceProcessEvents | where File', { delay: 60 });
    const widget = page.locator('.editor-widget.suggest-widget');
    const row = widget.locator('.monaco-list-row', { hasText: 'FileName' }).first();
    try {
      await row.waitFor({ timeout: 15_000 });
    } catch {
      // the widget closes when a keystroke lands between two answers; ask for it explicitly
      await page.keyboard.press('Control+Space');
      await row.waitFor({ timeout: 15_000 });
    }
    // Under load the list can still be filtering the last keystrokes: give it a moment to settle.
    const read = () => widget.locator('.monaco-list-row .label-name').allTextContents();
    let labels = await read();
    for (let i = 0; i < 50 && labels[0]?.trim() !== 'FileName'; i++) { await page.waitForTimeout(100); labels = await read(); }
    assert.equal(labels[0]?.trim(), 'FileName', `best match first: ${labels.join(', ')}`);
    assert.ok(labels.includes('FileSize') && !labels.includes('Timestamp'), `filtered to what was typed: ${labels.join(', ')}`);
    await wb.screenshot('language-completion');
  });

  it('underlines an unknown column once typed', async () => {
    const page = wb.page;
    await page.keyboard.press('Escape');
    await page.keyboard.type('Nme == "cmd.exe"', { delay: 20 }); // FileNme
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
    await wb.screenshot('language-diagnostic');
  });
});
