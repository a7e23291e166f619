/**
 * Charts as a user gets them in code-server: open a .kql file, Shift+Enter on a query that ends
 * with `render timechart` against the built-in offline sample tenant (the default connection),
 * the results panel opens on the Chart tab with the chart drawn, and "Save as PNG" goes through
 * VS Code's save dialog (in code-server a quick input that takes a path) to a valid PNG file.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Workbench } from './workbench';

describe('charts in code-server (render timechart, Save as PNG)', () => {
  let wb: Workbench;
  before(async () => { wb = await Workbench.open(); });
  after(async () => { await wb?.close(); });

  it('Shift+Enter on a render timechart query shows the chart in the results panel', async () => {
    await wb.openFromExplorer('hourly.kql');
    await wb.page.locator('.statusbar-item', { hasText: 'KQL (Defender hunting)' }).first().waitFor();
    await wb.runHuntAt('render timechart');
    await wb.page.locator('.tab', { hasText: 'Hunt Results' }).first().waitFor({ timeout: 90_000 });
    const view = wb.webview();
    await view.locator('.chart-view:not([hidden]) canvas.chart-canvas').waitFor({ timeout: 90_000 });
    assert.equal(await view.locator('.view-tab-chart').getAttribute('aria-selected'), 'true');
    assert.equal(await view.locator('select.chart-type').inputValue(), 'timechart');
    assert.match(await view.locator('.run-meta').textContent() ?? '', /Offline sample tenant/);
    // Drawn, not just created: the canvas has painted pixels.
    const painted = await view.locator('canvas.chart-canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert.ok(painted > 2000, `${painted} painted pixels`);
    await wb.page.mouse.move(0, 0);
    await wb.screenshot('chart-code-server');
  });

  it('Save as PNG asks where (VS Code\'s save dialog) and writes a valid PNG', async () => {
    const target = path.join(wb.folder, 'saved-chart.png');
    await wb.webview().locator('.chart-save-png').click();
    // code-server's save dialog is a quick input holding a path: replace it with ours.
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // The dialog fills in its suggestion (folder + hunt-chart-….png) asynchronously; replace it once it is there.
    await wb.page.waitForFunction(() => /hunt-chart-.*\.png$/.test((document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value ?? ''));
    await wb.screenshot('chart-save-dialog');
    for (let attempt = 0; attempt < 3 && !fs.existsSync(target); attempt++) {
      if (!(await input.isVisible())) break;
      await input.fill(target);
      await wb.page.waitForFunction((t) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value === t, target);
      await wb.page.keyboard.press('Enter');
      const deadline = Date.now() + 10_000;
      while (!fs.existsSync(target) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    }
    const bytes = fs.readFileSync(target);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
    assert.ok(bytes.readUInt32BE(16) >= 300 && bytes.readUInt32BE(20) >= 150, `image ${bytes.readUInt32BE(16)}×${bytes.readUInt32BE(20)}`);
    assert.equal(bytes.toString('latin1', bytes.length - 8, bytes.length - 4), 'IEND');
    await wb.webview().locator('.status-message', { hasText: 'Saved the chart' }).waitFor();
  });
});
