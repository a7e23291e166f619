/**
 * The results webview as a user drives it, in real Chromium with the real bundle and CSP, in
 * front of the real host-side controller (view model, paging, copy formatting). hunt.e2e.ts runs
 * the same path from Shift+Enter in code-server; this file covers the grid in more depth.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HuntRun } from '../../src/core/results/huntRun';
import { graphBody, huntRun, toResultSet } from '../harness/huntData';
import { type Harness, openResultsWebview } from '../harness/webviewHarness';
import { repoRoot } from '../../scripts/vscode-env.mjs';

const COL = { Timestamp: 0, DeviceName: 2, FileName: 4, ProcessId: 8, RemotePort: 13, FileSize: 15, ReportId: 16, AdditionalFields: 18 };

describe('results webview in Chromium (sort, filter, search, copy, inspect, add filter, keyboard, state)', () => {
  let h: Harness;
  let run: HuntRun;
  /** Scrolls horizontally until the column is rendered and fully visible (columns are virtualised too). */
  const showColumn = async (col: number) => {
    await h.page.locator('.grid-viewport').evaluate(async (vp, c) => {
      for (let left = 0; left <= vp.scrollWidth; left += 300) {
        vp.scrollLeft = left;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const cell = vp.querySelector(`.hcell[data-col="${c}"]`);
        if (!cell) continue;
        const a = cell.getBoundingClientRect(), b = vp.getBoundingClientRect();
        if (a.left >= b.left + 60 && a.right <= b.right) return;
      }
    }, col);
  };
  const cellAt = (row: number, col: number) => h.page.locator(`.row[aria-rowindex="${row + 2}"] .cell[data-col="${col}"]`);
  /** A cell's value: its text, or its accessible name when the text is cut to fit. */
  const cellText = async (row: number, col: number) => { await showColumn(col); return cellAt(row, col).evaluate((e) => e.getAttribute('aria-label') ?? e.textContent); };
  const firstColumnValues = async (col: number, n: number) => {
    await h.page.waitForFunction(() => document.querySelectorAll('.cell.loading').length === 0);
    const out: string[] = [];
    for (let r = 0; r < n; r++) out.push((await cellText(r, col)) ?? '');
    return out;
  };
  const lastView = () => [...h.posted].reverse().find((m) => m.type === 'viewChanged' || m.type === 'showRun');
  const waitRows = (n: number) => h.page.waitForFunction((count) => document.querySelector('.rows')?.textContent?.startsWith(count), n.toLocaleString('en-US'));

  before(async () => {
    h = await openResultsWebview({ viewport: { width: 1400, height: 800 } });
    await h.ready();
    run = huntRun(toResultSet(JSON.parse(graphBody(100_000))), { source: { uri: 'file:///w/sample.kql', startLine: 0, endLine: 2 } });
    h.showRun(run);
    await h.page.locator('.row .cell:not(.loading)').first().waitFor();
  });
  after(async () => { await h?.close(); });

  it('shows the header and a virtualised grid of 100,000 rows', async () => {
    assert.match(await h.page.locator('.run-meta').textContent() ?? '', /Offline sample tenant.*Last 7 days.*100,000 rows.*1\.2 s.*Truncated at the 100,000-row limit/);
    assert.equal(await cellText(0, COL.ReportId), String(run.result.rows[0][COL.ReportId]));
    const rowsInDom = await h.page.locator('.row').count();
    assert.ok(rowsInDom < 80, `${rowsInDom} rows in the DOM`);
    await h.page.locator('.grid-viewport').evaluate((e) => { e.scrollTop = e.scrollHeight; });
    await h.page.locator('.rownum', { hasText: /^100000$/ }).waitFor();
    await h.page.waitForFunction(() => document.querySelectorAll('.cell.loading').length === 0);
    assert.equal(await cellText(99_999, COL.ReportId), String(run.result.rows[99_999][COL.ReportId]));
    assert.ok(h.received.some((m) => (m as { type: string; start?: number }).type === 'getRows' && ((m as { start: number }).start >= 99_900)), 'the last page was requested');
  });

  it('sorts by clicking headers: numbers, then datetimes descending', async () => {
    await h.page.locator('.grid-viewport').evaluate((e) => { e.scrollTop = 0; });
    await showColumn(COL.FileSize);
    await h.page.locator(`.hcell[data-col="${COL.FileSize}"]`).click();
    await h.page.waitForFunction(() => document.querySelector('.hcell[aria-sort="ascending"]') !== null);
    const sizes = (await firstColumnValues(COL.FileSize, 5)).map(Number);
    assert.deepEqual(sizes, [...sizes].sort((a, b) => a - b));
    const min = Math.min(...run.result.rows.map((r) => r[COL.FileSize] as number));
    assert.equal(sizes[0], min);
    await showColumn(COL.Timestamp);
    await h.page.locator(`.hcell[data-col="${COL.Timestamp}"]`).click();
    await h.page.locator(`.hcell[data-col="${COL.Timestamp}"]`).click();
    await h.page.waitForFunction((c) => document.querySelector(`.hcell[data-col="${c}"]`)?.getAttribute('aria-sort') === 'descending', COL.Timestamp);
    const times = await firstColumnValues(COL.Timestamp, 5);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  it('filters a column and searches all columns, with the row count in the header', async () => {
    await h.page.locator(`.fcell[data-col="${COL.FileName}"] input`).fill('=certutil.exe');
    const expected = run.result.rows.filter((r) => r[COL.FileName] === 'certutil.exe').length;
    await waitRows(expected);
    assert.ok((await firstColumnValues(COL.FileName, 3)).every((v) => v === 'certutil.exe'));
    await h.page.locator('.search-input').fill('wks-1007');
    const both = run.result.rows.filter((r) => r[COL.FileName] === 'certutil.exe' && JSON.stringify(r).includes('wks-1007')).length;
    await waitRows(both);
    await h.page.locator('.search-input').fill('');
    await h.page.locator(`.fcell[data-col="${COL.FileName}"] input`).fill('');
    await waitRows(100_000);
  });

  it('copies a cell, a keyboard range and a column in each format', async () => {
    const page = h.page;
    await showColumn(COL.DeviceName);
    await cellAt(0, COL.DeviceName).click();
    await page.keyboard.press('Control+c');
    await h.settle();
    await page.waitForFunction(() => document.querySelector('.status-message')?.textContent?.includes('Copied cell'));
    const order = (lastView() as { view: { version: number } }).view.version;
    assert.ok(order > 0);
    const first = h.clipboard.at(-1);
    assert.equal(first, await cellText(0, COL.DeviceName));
    // Shift+arrows extend the range: 3 rows × 2 columns.
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    assert.match(await page.locator('.status-selection').textContent() ?? '', /3 × 2 selected/);
    await page.keyboard.press('Control+Shift+c');
    await page.waitForFunction(() => document.querySelector('.status-message')?.textContent?.includes('3 rows × 2 columns'));
    const tsv = h.clipboard.at(-1)!.split('\n');
    assert.equal(tsv[0], 'DeviceName\tActionType');
    assert.equal(tsv.length, 4);
    for (const [format, check] of [['CSV', (t: string) => t.startsWith('DeviceName,ActionType\r\n')], ['Markdown', (t: string) => t.startsWith('| DeviceName | ActionType |\n| --- | --- |')], ['JSON', (t: string) => (JSON.parse(t) as unknown[]).length === 3]] as const) {
      await page.locator('.cell.sel').first().click({ button: 'right' });
      await page.locator('.menu-choices', { hasText: 'Copy selection as' }).locator('.menu-choice', { hasText: format }).click();
      await page.waitForFunction((f) => document.querySelector('.status-message')?.textContent?.includes(`as ${f === 'Markdown' ? 'Markdown' : f}`), format);
      assert.ok(check(h.clipboard.at(-1)!), `${format}: ${h.clipboard.at(-1)!.slice(0, 80)}`);
    }
    await showColumn(COL.RemotePort);
    await page.locator(`.hcell[data-col="${COL.RemotePort}"]`).click({ button: 'right' });
    await page.locator('.menu-choices', { hasText: 'Copy column as' }).locator('.menu-choice', { hasText: 'TSV' }).click();
    await page.waitForFunction(() => document.querySelector('.status-message')?.textContent?.includes('100,000 rows × 1 column'));
    assert.equal(h.clipboard.at(-1)!.split('\n').length, 100_001);
  });

  it('inspects a dynamic value as pretty JSON and adds a filter to the query', async () => {
    const page = h.page;
    await showColumn(COL.AdditionalFields);
    const cell = cellAt(0, COL.AdditionalFields);
    const shown = await cell.textContent();
    await cell.dblclick();
    await h.settle();
    const doc = h.opened.at(-1)!;
    if (shown) {
      assert.equal(doc.language, 'json');
      assert.deepEqual(JSON.parse(doc.content), JSON.parse(shown));
      assert.ok(doc.content.includes('\n  '), 'pretty-printed');
    }
    await showColumn(COL.RemotePort);
    await cellAt(0, COL.RemotePort).click({ button: 'right' });
    await page.locator('.menu-choices', { hasText: 'Add filter to query' }).locator('.menu-choice', { hasText: '!=' }).click();
    await page.waitForFunction(() => document.querySelector('.status-message')?.textContent?.includes('Added to the query'));
    const port = await cellText(0, COL.RemotePort);
    assert.equal(h.filters.at(-1)?.clause, port === '' ? '| where isnotnull(RemotePort)' : `| where RemotePort != ${port}`);
  });

  it('resizes and hides columns, and keeps widths and scroll across a reload', async () => {
    const page = h.page;
    await showColumn(COL.DeviceName);
    const header = page.locator(`.hcell[data-col="${COL.DeviceName}"]`);
    const before = (await header.boundingBox())!.width;
    const handle = header.locator('.resize-handle');
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + 3, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(box.x + 83, box.y + 5, { steps: 4 });
    await page.mouse.up();
    const widened = (await header.boundingBox())!.width;
    assert.ok(Math.abs(widened - before - 80) <= 2, `${before} → ${widened}`);
    await header.click({ button: 'right' });
    await page.locator('.menu-item', { hasText: 'Hide column' }).click();
    await header.waitFor({ state: 'detached' });
    await h.settle();
    assert.deepEqual((lastView() as { view: { spec: { hidden: readonly number[] } } }).view.spec.hidden, [COL.DeviceName]);
    await page.locator('.columns-btn').click();
    await page.locator('.menu-item', { hasText: 'DeviceName' }).click();
    await header.waitFor();
    await page.locator('.grid-viewport').evaluate((e) => { e.scrollTop = 22 * 5000; });
    await page.locator('.rownum', { hasText: /^5001$/ }).waitFor();
    await page.waitForTimeout(300); // the webview saves its scroll position 200 ms after scrolling stops
    await page.reload();
    await page.locator('.rownum', { hasText: /^5001$/ }).waitFor();
    const readies = h.received.filter((m) => (m as { type: string }).type === 'ready') as { runId?: string }[];
    assert.equal(readies.at(-1)?.runId, run.id, 'the reloaded webview remembered its run');
    assert.ok(Math.abs((await page.locator(`.hcell[data-col="${COL.DeviceName}"]`).boundingBox())!.width - widened) <= 1, 'width restored');
    fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'results-webview.png') });
  });

  it('switches between past results of the window', async () => {
    const second = huntRun(toResultSet(JSON.parse(graphBody(10, 9))), { query: 'DeviceNetworkEvents | take 10' });
    h.showRun(second);
    await waitRows(10);
    const options = h.page.locator('select.history option');
    assert.equal(await options.count(), 2);
    await h.page.locator('select.history').selectOption(run.id);
    await waitRows(100_000);
    assert.match(await h.page.locator('.run-query').textContent() ?? '', /DeviceProcessEvents/);
  });
});
