/**
 * The Chart tab in real Chromium with the real bundle, HTML and CSP, in front of the real
 * host-side controller: a render opens on the chart, every chart type draws, the picker, zoom
 * on a time axis, Save as PNG/SVG produce valid images, and hostile labels (series names,
 * categories, column names, the title) stay inert text on the canvas and in the SVG.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { kqlTypeOf, type CellValue, type RenderSpec, type ResultSet } from '../../src/core/results/resultSet';
import { CHART_TYPES } from '../../src/shared/charts';
import { huntRun } from '../harness/huntData';
import { type Harness, openResultsWebview } from '../harness/webviewHarness';
import { repoRoot } from '../../scripts/vscode-env.mjs';
import { xssPayloads } from './xssPayloads';

const SENTINEL = `(() => {
  window.__xssHits = [];
  window.__cspViolations = [];
  window.__errors = [];
  const hit = (id) => window.__xssHits.push(String(id));
  Object.defineProperty(window, '__xss', { value: hit, writable: false, configurable: false });
  for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = () => hit(name);
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI }));
  window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
})();`;

const columns = (...spec: [string, string][]) => spec.map(([name, rawType]) => ({ name, rawType, type: kqlTypeOf(rawType) }));

/** `summarize count() by bin(Timestamp, 1h), DeviceName` over three days. */
function hourly(devices: readonly string[], render?: RenderSpec): ResultSet {
  const rows: CellValue[][] = [];
  const start = Date.UTC(2026, 10, 20);
  for (let i = 0; i < 72; i++) devices.forEach((d, k) => rows.push([new Date(start + i * 3_600_000).toISOString(), d, Math.round(60 + 40 * Math.sin(i / 5 + k))]));
  return { columns: columns(['Timestamp', 'DateTime'], ['DeviceName', 'String'], ['count_', 'Int64']), rows, ...(render ? { render } : {}) };
}

/** Width, height and a rough "is anything drawn" of a PNG, from its bytes. */
function readPng(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes);
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const idat: Buffer[] = [];
  for (let at = 8; at < b.length;) {
    const len = b.readUInt32BE(at), type = b.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(b.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  assert.ok(inflateSync(Buffer.concat(idat)).length > 0, 'image data inflates');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('Chart tab in Chromium (render, picker, zoom, save, hostile labels)', () => {
  let h: Harness;
  const errors = () => h.page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
  const chartDrawn = () => h.page.locator('.chart-view:not([hidden]) canvas.chart-canvas').waitFor();
  /** Waits until the shown chart's canvas is on screen and still the same one two frames later. */
  const canvasSettled = async () => {
    for (let i = 0; i < 100; i++) {
      const stable = await h.page.evaluate(`new Promise((resolve) => {
        const q = () => document.querySelector('.chart-view:not([hidden]) canvas.chart-canvas');
        const first = q();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(!!first && first === q() && first.getBoundingClientRect().width > 0)));
      })`);
      if (stable) return;
    }
    assert.fail('the chart canvas kept changing');
  };

  before(async () => {
    h = await openResultsWebview({ initScript: SENTINEL, viewport: { width: 1200, height: 720 } });
    await h.ready();
  });
  after(async () => { await h?.close(); });

  it('a query with render opens on the Chart tab and draws the timechart', async () => {
    h.showRun(huntRun(hourly(['wks-01', 'srv-02', 'dc-01'], { visualization: 'timechart', properties: { title: 'Processes per hour' } }), { query: 'DeviceProcessEvents | summarize count() by bin(Timestamp, 1h), DeviceName | render timechart with (title="Processes per hour")' }));
    await chartDrawn();
    assert.equal(await h.page.locator('.view-tab-chart').getAttribute('aria-selected'), 'true');
    assert.equal(await h.page.locator('.grid').isHidden(), true);
    assert.equal(await h.page.locator('select.chart-type').inputValue(), 'timechart');
    assert.match(await h.page.locator('.chart-series').textContent() ?? '', /Series: DeviceName/);
    const nonBlank = await h.page.locator('canvas.chart-canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert.ok(nonBlank > 5000, `${nonBlank} painted pixels`);
    fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    await h.page.screenshot({ path: path.join(repoRoot, 'test-results', 'chart-webview.png') });
    assert.deepEqual(await errors(), []);
  });

  it('switches to the grid and back without asking the host again', async () => {
    const asked = () => h.received.filter((m) => (m as { type?: string }).type === 'getChart').length;
    const before = asked();
    await h.page.locator('.view-tab-grid').click();
    await h.page.locator('.row .cell:not(.loading)').first().waitFor();
    await h.page.locator('.view-tab-chart').click();
    await chartDrawn();
    await h.settle();
    assert.equal(asked(), before);
  });

  it('draws every chart type from the picker', async () => {
    for (const type of CHART_TYPES) {
      await h.page.locator('select.chart-type').selectOption(type);
      await h.page.waitForFunction((t) => document.querySelector('.chart-view')?.getAttribute('data-chart-type') === t, type);
      await chartDrawn();
    }
    assert.deepEqual(await errors(), []);
    await h.page.locator('select.chart-type').selectOption('timechart');
    await h.page.waitForFunction(() => document.querySelector('.chart-view')?.getAttribute('data-chart-type') === 'timechart');
  });

  it('picks y and series columns from their menus', async () => {
    await h.page.locator('.chart-series').click();
    await h.page.locator('.menu-item', { hasText: 'No series' }).click();
    await h.page.waitForFunction(() => document.querySelector('.chart-series')?.textContent?.includes('none'));
    await h.settle();
    const last = [...h.posted].reverse().find((m) => m.type === 'chart');
    assert.ok(last?.type === 'chart');
    assert.deepEqual(last.data.series.map((s) => s.name), ['count_']);
    assert.match(last.data.notes.join(' '), /shared an x value/);
    await h.page.locator('.chart-series').click();
    await h.page.locator('.menu-item', { hasText: 'DeviceName' }).click();
    await h.page.waitForFunction(() => document.querySelector('.chart-series')?.textContent?.includes('DeviceName'));
    // The menu's label changes at once; the chart split by DeviceName comes from the host later and
    // is drawn on a new canvas. Wait for both, so the next test does not drag on a canvas being replaced.
    for (let i = 0; i < 100; i++) {
      await h.settle();
      const chart = [...h.posted].reverse().find((m) => m.type === 'chart');
      if (chart?.type === 'chart' && chart.data.series.length > 1) break;
      await h.page.waitForTimeout(50);
    }
    await canvasSettled();
  });

  it('zooms a time axis by dragging, and resets', async () => {
    await chartDrawn();
    await canvasSettled();
    const box = await h.page.locator('canvas.chart-canvas').boundingBox();
    assert.ok(box);
    const y = box.y + box.height / 2;
    await h.page.mouse.move(box.x + box.width * 0.3, y);
    await h.page.mouse.down();
    await h.page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await h.page.mouse.up();
    await h.page.locator('.chart-reset-zoom:not([hidden])').waitFor();
    await h.page.locator('.chart-reset-zoom').click();
    await h.page.locator('.chart-reset-zoom').waitFor({ state: 'hidden' });
  });

  it('Save as PNG and as SVG hand valid images to the host', async () => {
    const before = h.charts.length;
    await h.page.locator('.chart-save-png').click();
    await h.page.locator('.chart-save-svg').click();
    await h.page.waitForFunction(() => document.querySelector('.status-message')?.textContent?.includes('Saved the chart'));
    await h.settle();
    const [png, svg] = h.charts.slice(before);
    assert.equal(png.format, 'png');
    const size = readPng(png.bytes);
    assert.ok(size.width > 400 && size.height > 200, JSON.stringify(size));
    assert.equal(svg.format, 'svg');
    const text = new TextDecoder().decode(svg.bytes);
    assert.match(text, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(text.includes('>wks-01</text>') && text.includes('>Processes per hour</text>'), 'legend and title as SVG text');
    // Each series is one stroked path through its 72 hourly points (not only markers or a clip box).
    const lines = [...text.matchAll(/<path d="([^"]*)" fill="none" stroke="([^"]*)"/g)].filter((m) => (m[1].match(/L/g) ?? []).length >= 70);
    assert.equal(new Set(lines.map((m) => m[2])).size, 3, 'three series lines in three colours');
    fs.writeFileSync(path.join(repoRoot, 'test-results', 'chart-webview.svg'), text);
  });

  it('the Save Chart command path: the host asks, the webview answers with the image', async () => {
    const where = await h.controller.exportChart('svg', 'cmd-target');
    assert.match(where ?? '', /^memory\/hunt-chart-.*\.svg$/);
    assert.equal(h.charts.at(-1)?.target, 'cmd-target');
  });

  it('hostile labels are inert: series names, categories, column names, the title, on canvas and in SVG', async () => {
    const payloads = xssPayloads().map((p) => p.text);
    const devices = payloads.slice(0, 25);
    const result = hourly(devices, { visualization: 'columnchart', properties: { title: payloads[40], xtitle: payloads[41], ytitle: payloads[42] } });
    const evilColumns: ResultSet = {
      columns: columns([payloads[50], 'String'], [payloads[51], 'Int64']),
      rows: payloads.map((p, i) => [p, i + 1]),
      render: { visualization: 'piechart', properties: { title: payloads[52] } },
    };
    h.showRun(huntRun(result, { query: payloads[43] }));
    await chartDrawn();
    for (const type of ['timechart', 'barchart', 'piechart', 'scatterchart'] as const) {
      await h.page.locator('select.chart-type').selectOption(type);
      await h.page.waitForFunction((t) => document.querySelector('.chart-view')?.getAttribute('data-chart-type') === t, type);
      await chartDrawn();
      const box = await h.page.locator('canvas.chart-canvas').boundingBox();
      if (box) for (const f of [0.2, 0.5, 0.8]) await h.page.mouse.move(box.x + box.width * f, box.y + box.height * 0.5);
    }
    await h.page.locator('.chart-series').click();
    await h.page.locator('.menu').waitFor();
    await h.page.keyboard.press('Escape');
    await h.page.locator('.chart-save-svg').click();
    h.showRun(huntRun(evilColumns));
    await chartDrawn();
    await h.page.locator('.chart-save-svg').click();
    await h.page.locator('.chart-save-png').click();
    await h.settle();
    await h.page.waitForTimeout(200);
    await h.settle();

    const svgs = h.charts.filter((c) => c.format === 'svg').slice(-2).map((c) => new TextDecoder().decode(c.bytes));
    assert.equal(svgs.length, 2);
    for (const svg of svgs) {
      // Parsed as XML in the page: no element or attribute our SVG writer does not make.
      const found = await h.page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const all = Array.from(doc.querySelectorAll('*'));
        return {
          error: doc.querySelector('parsererror') !== null,
          tags: [...new Set(all.map((e) => e.localName))],
          attrs: [...new Set(all.flatMap((e) => Array.from(e.attributes).map((a) => a.name)))],
          texts: all.filter((e) => e.localName === 'text').map((e) => e.textContent ?? ''),
        };
      }, svg);
      assert.equal(found.error, false);
      assert.deepEqual(found.tags.filter((t) => !['svg', 'defs', 'rect', 'g', 'path', 'clipPath', 'text'].includes(t)), []);
      assert.deepEqual(found.attrs.filter((a) => /^on|href|src|style/i.test(a)), []);
      assert.ok(found.texts.some((t) => payloads.includes(t) || payloads.some((p) => t.startsWith(p.slice(0, 8)))), 'payloads are there, as text');
    }
    assert.deepEqual(await h.page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits), [], 'no payload executed');
    assert.deepEqual(await h.page.evaluate(() => (window as unknown as { __cspViolations: unknown[] }).__cspViolations), [], 'no CSP violation');
    const dom = await h.page.evaluate(() => {
      const all = Array.from(document.querySelectorAll('*'));
      return {
        tags: [...new Set(all.map((e) => e.tagName))],
        handlers: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      };
    });
    const ours = new Set(['HTML', 'HEAD', 'META', 'LINK', 'TITLE', 'BODY', 'MAIN', 'SCRIPT', 'DIV', 'SPAN', 'BUTTON', 'INPUT', 'SELECT', 'OPTION', 'HEADER', 'FOOTER', 'LABEL', 'P', 'CANVAS']);
    assert.deepEqual(dom.tags.filter((t) => !ours.has(t)), [], 'only elements the webview creates itself');
    assert.deepEqual(dom.handlers, []);
    assert.deepEqual(await errors(), []);
  });
});
