/**
 * Export as a person does it, in code-server with the packaged extension: open a .kql, run the
 * hunt with Shift+Enter against the offline sample tenant, click the export button in the results
 * panel, answer VS Code's save dialog (in code-server the "simple" dialog: a quick input holding a
 * path), and find the file on disk with the rows the panel shows. Then JSON from the command
 * palette, with the options quick pick (JSON Lines) and the default file name.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { Workbench } from './workbench';

describe('export in the workbench', () => {
  let wb: Workbench;
  let shownRows = 0;

  before(async () => {
    wb = await Workbench.open();
    await wb.openFromExplorer('export.kql');
  });
  after(async () => { await wb?.close(); });

  const quickInput = () => wb.page.locator('.quick-input-widget');
  const input = () => wb.page.locator('.quick-input-widget .quick-input-box input');
  const toast = (text: string | RegExp) => wb.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();

  /** The path the save dialog proposes, once it has filled it in (it types the folder first). */
  async function dialogPath(expected: RegExp): Promise<string> {
    const handle = await wb.page.waitForFunction((source) => {
      const value = (document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null)?.value ?? '';
      return new RegExp(source).test(value) ? value : false;
    }, expected.source, { timeout: 15_000 }).catch(async (e: unknown) => {
      throw new Error(`the save dialog did not propose ${expected} (it shows "${await input().inputValue().catch(() => '?')}"): ${String(e)}`);
    });
    return String(await handle.jsonValue());
  }

  /** Waits for a file to appear with content (the export renames it into place when complete). */
  async function fileOnDisk(file: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`${file} did not appear`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return fs.readFileSync(file, 'utf8');
  }

  it('offers no export in the palette before there is a result', async () => {
    const rows = quickInput().locator('.quick-input-list .monaco-list-row');
    // The palette's list can be stale on a fresh server: reopen until our commands are listed.
    for (let attempt = 1; ; attempt++) {
      await wb.page.keyboard.press('F1');
      await input().fill('>Defender Hunt: ');
      try {
        await rows.filter({ hasText: 'Show Results' }).first().waitFor({ timeout: 3000 });
        break;
      } catch (e) {
        await wb.page.keyboard.press('Escape');
        if (attempt === 10) throw e;
      }
    }
    const titles = await rows.allTextContents();
    assert.ok(titles.length > 0);
    assert.equal(titles.some((t) => t.includes('Export Results')), false, `listed: ${titles.join(' | ')}`);
    await wb.page.keyboard.press('Escape');
    await quickInput().waitFor({ state: 'hidden' });
  });

  it('runs the hunt with Shift+Enter and shows the result', async () => {
    // The first block (its comment line belongs to it): 1,500 process events.
    await wb.runHuntAt('Process events to export');
    const rows = wb.webview().locator('.run-meta .rows');
    await rows.waitFor({ timeout: 60_000 });
    const text = (await rows.textContent()) ?? '';
    shownRows = Number(/([\d,]+) rows/.exec(text)?.[1].replace(/,/g, ''));
    assert.ok(shownRows > 0 && shownRows <= 1500, `rows shown: ${text}`);
  });

  it('exports to CSV from the panel\'s button through the save dialog; the file has the rows the panel shows', async () => {
    await wb.webview().locator('button.export-csv').click();
    // code-server's save dialog: a quick input holding the default path (workspace folder, hunt-YYYYMMDD-HHMMSS.csv).
    const proposed = await dialogPath(/hunt-\d{8}-\d{6}\.csv$/);
    assert.equal(path.dirname(proposed), wb.folder);
    await wb.screenshot('export-save-dialog');
    const target = path.join(wb.folder, 'e2e-export.csv');
    await input().fill(target);
    await wb.page.keyboard.press('Enter');
    const text = await fileOnDisk(target);
    const records = parse(text, { bom: true }) as string[][];
    assert.equal(records[0][0], 'Timestamp');
    assert.equal(records.length - 1, shownRows, 'one record per row the panel shows');
    assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 BOM for Excel (the default)');
    await toast(`Exported ${shownRows.toLocaleString('en-US')} rows`).waitFor();
    await toast('Exported').locator('.monaco-button', { hasText: 'Open File' }).waitFor();
    await wb.screenshot('export-done');
    // "Reveal" selects the file in the explorer (it is inside the workspace).
    await toast('Exported').locator('.monaco-button', { hasText: 'Reveal' }).click();
    await wb.page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'e2e-export.csv' }).first().waitFor();
  });

  it('exports JSON Lines from the palette: the options quick pick, then the default file name', async () => {
    await wb.runCommand('Defender Hunt: Export Results to JSON');
    const option = quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'JSON Lines' }).first();
    await option.waitFor();
    await wb.screenshot('export-json-options');
    await option.locator('input[type=checkbox], .monaco-checkbox, .quick-input-list-checkbox').first().click();
    await quickInput().locator('.quick-input-header, .quick-input-count', { hasText: '1 Selected' }).first().waitFor();
    // After a click the list has the focus, where Enter toggles the row: accept with OK as a person would.
    await quickInput().locator('.monaco-button', { hasText: 'OK' }).first().click();
    const proposed = await dialogPath(/hunt-\d{8}-\d{6}\.jsonl$/);
    assert.equal(path.dirname(proposed), wb.folder, 'the last folder used');
    await wb.page.keyboard.press('Enter');
    const lines = (await fileOnDisk(proposed)).trimEnd().split('\n');
    assert.equal(lines.length, shownRows);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    assert.equal(typeof first.ReportId, 'number', 'types are kept');
    await toast(/Exported .* to hunt-\d{8}-\d{6}\.jsonl/).waitFor();
  });
});
