/**
 * XSS: the real webview bundle, the real HTML and CSP, in real Chromium, fed results made of 261
 * known XSS payloads (in cells, dynamic values, column names, the query, the connection name,
 * the history, notices, filter and search boxes). Every payload calls a sentinel; a
 * `securitypolicyviolation` listener records anything the CSP had to block; the DOM is checked
 * for elements and attributes we never create. Expected: zero of each. Two controls prove the
 * hooks can see an attack: the same payloads injected unsafely in a page without CSP fire the
 * sentinel, and an unsafe injection into our page raises a CSP violation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CellValue } from '../../src/core/results/resultSet';
import { kqlTypeOf } from '../../src/core/results/resultSet';
import { huntRun } from '../harness/huntData';
import { type Harness, openResultsWebview } from '../harness/webviewHarness';
import { xssPayloads } from './xssPayloads';

const SENTINEL = `(() => {
  window.__xssHits = [];
  window.__cspViolations = [];
  const hit = (id) => { window.__xssHits.push(String(id)); if (window.__dhXss) window.__dhXss(String(id)); };
  Object.defineProperty(window, '__xss', { value: hit, writable: false, configurable: false });
  for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = () => hit(name);
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
})();`;

/** Tags the webview creates itself; anything else in the DOM came from data. */
const OUR_TAGS = new Set(['HTML', 'HEAD', 'META', 'LINK', 'TITLE', 'BODY', 'MAIN', 'SCRIPT', 'DIV', 'SPAN', 'BUTTON', 'INPUT', 'SELECT', 'OPTION', 'HEADER', 'FOOTER', 'LABEL', 'P']);

describe('XSS: hostile results in the real webview (Chromium)', () => {
  const payloads = xssPayloads();
  let h: Harness;

  before(async () => {
    h = await openResultsWebview({ initScript: SENTINEL, viewport: { width: 1200, height: 700 } });
    await h.ready();
  });
  after(async () => { await h?.close(); });

  const hits = () => h.page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits);
  const violations = () => h.page.evaluate(() => (window as unknown as { __cspViolations: unknown[] }).__cspViolations);

  it(`has at least 200 distinct payloads (${payloads.length})`, () => {
    assert.ok(new Set(payloads.map((p) => p.text)).size >= 200);
  });

  it('serves the strict CSP with a nonce that only our script carries', async () => {
    const csp = await h.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.ok(csp);
    const d = Object.fromEntries(csp.split(';').map((p) => p.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(d['default-src'], ["'none'"]);
    assert.equal(d['script-src'].length, 1);
    assert.match(d['script-src'][0], /^'nonce-[A-Za-z0-9+/=]{24}'$/);
    for (const k of ['connect-src', 'frame-src', 'form-action', 'base-uri']) assert.deepEqual(d[k], ["'none'"], k);
    assert.ok(!/unsafe-(inline|eval)|\*/.test(csp), csp);
    const scripts = await h.page.evaluate(() => Array.from(document.scripts).map((s) => ({ nonce: s.nonce, src: s.src })));
    assert.equal(scripts.length, 1);
    assert.equal(`'nonce-${scripts[0].nonce}'`, d['script-src'][0]);
    assert.ok(h.html.includes('http-equiv="Content-Security-Policy"'), 'the CSP is in the served HTML');
  });

  it('renders every payload as inert text in cells, headers, menus and the toolbar', async () => {
    const names = payloads.slice(0, 30).map((p, i) => `${p.text}#${i}`);
    const columns = [
      ...names.map((name) => ({ name, rawType: 'String', type: kqlTypeOf('String') })),
      { name: 'Dynamic', rawType: 'Object', type: kqlTypeOf('Object') },
      { name: 'Count', rawType: 'Int64', type: kqlTypeOf('Int64') },
    ];
    const rows: CellValue[][] = payloads.map((p, r) => [
      ...names.map((_, c) => payloads[(r + c) % payloads.length].text),
      { [p.text]: p.text, nested: [p.text, { x: p.text }] },
      r,
    ]);
    const evil = (i: number) => payloads[i % payloads.length].text;
    const source = { uri: 'file:///w/q.kql', startLine: 0, endLine: 1 };
    h.showRun(huntRun({ columns, rows }, { query: `${evil(0)}\n| where x == "${evil(12)}"`, connectionName: evil(18), timeRange: { label: evil(35) } }));
    h.showRun(huntRun({ columns, rows: rows.slice(0, 50), truncated: 'row-limit' }, { query: evil(44), connectionName: evil(60), api: 'legacy', timeRange: { label: evil(70) }, source }));
    const page = h.page;
    await page.locator('.row .cell:not(.loading)').first().waitFor();

    // The cell shows the payload's exact text (its start and "…" when cut, the whole of it as the accessible name).
    const [shown, name] = await page.locator('.row').first().locator('.cell').first().evaluate((e) => [e.textContent ?? '', e.getAttribute('aria-label')]);
    assert.equal(name ?? shown, payloads[0].text);
    if (name !== null) assert.ok(shown.endsWith('…') && payloads[0].text.startsWith(shown.slice(0, -1)), shown);

    // Switch between the two runs through the history list (labels are hostile too).
    const history = page.locator('select.history');
    const ids = await history.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.equal(ids.length, 2);
    await history.selectOption(ids[1]);
    await page.waitForFunction(() => document.querySelector('.rows')?.textContent?.includes('261'));

    // Scroll through every row and across every column, so every payload is rendered.
    const vp = page.locator('.grid-viewport');
    for (let top = 0; ; top += 400) {
      const more = await vp.evaluate((e, t) => { e.scrollTop = t; return e.scrollTop + e.clientHeight < e.scrollHeight; }, top);
      for (let left = 0; left < 10_000; left += 900) await vp.evaluate((e, l) => { e.scrollLeft = l; }, left);
      await vp.evaluate((e) => { e.scrollLeft = 0; });
      await page.waitForFunction(() => document.querySelectorAll('.cell.loading').length === 0);
      if (!more) break;
    }
    // Hover (tooltips), menus on cells and headers, the column chooser, inspect, add filter.
    const cells = page.locator('.row .cell');
    for (let i = 0; i < 6; i++) await cells.nth(i * 7).hover();
    await cells.nth(3).click({ button: 'right' });
    await page.locator('.menu').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.hcell').nth(2).click({ button: 'right' });
    await page.locator('.menu').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.columns-btn').click();
    await page.locator('.menu').waitFor();
    await page.keyboard.press('Escape');
    await cells.nth(1).dblclick();
    await vp.evaluate((e) => { e.scrollTop = 0; e.scrollLeft = 0; });
    await history.selectOption(ids[0]);
    await page.waitForFunction(() => document.querySelector('.truncated') !== null);
    await page.locator('.row').first().locator('.cell').first().click({ button: 'right' });
    await page.locator('.menu-choice', { hasText: '==' }).click();
    await page.waitForFunction(() => document.querySelector('.status-message')?.textContent?.includes('Added to the query'));
    // Payloads typed into the search and a filter box; sort; keyboard copy.
    await page.locator('.search-input').fill(payloads[13].text);
    await page.locator('.filter-input').first().fill(payloads[21].text);
    await page.locator('.hcell').first().click();
    await h.settle();
    await page.locator('.grid-viewport').press('Control+c');
    await h.settle();

    assert.ok(h.opened.length >= 1, 'inspect reached the host');
    assert.ok(h.filters.length >= 1, 'add filter reached the host');
    assert.deepEqual(await hits(), [], 'no payload executed');
    assert.deepEqual(await violations(), [], 'no CSP violation: nothing executable was ever put into the DOM');
    const dom = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll('*'));
      return {
        tags: [...new Set(all.map((e) => e.tagName))],
        handlers: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
        urls: all.flatMap((e) => ['href', 'src', 'action', 'formaction', 'srcdoc', 'style', 'background', 'poster', 'data'].filter((n) => e.hasAttribute(n)).map((n) => `${e.tagName}[${n}]`)),
      };
    });
    assert.deepEqual(dom.tags.filter((t) => !OUR_TAGS.has(t)), [], 'only elements the webview creates itself');
    assert.deepEqual(dom.handlers, [], 'no event handler attributes');
    assert.deepEqual(dom.urls.filter((u) => !/^(LINK\[href\]|SCRIPT\[src\])$/.test(u) && !/\[style\]$/.test(u)), [], 'no URL-bearing attributes besides our own');
  });

  it('control: the same payloads injected unsafely into a page without CSP do run', async () => {
    const page = await h.page.context().newPage();
    const fired = new Set<string>();
    try {
      // Hits go straight to Node: a payload that navigates the page must not lose them.
      await page.exposeFunction('__dhXss', (id: string) => { fired.add(id); });
      await page.addInitScript(SENTINEL);
      await page.goto(`${h.origin}/control-without-csp`);
      await page.evaluate((list) => {
        for (const p of list) { const d = document.createElement('div'); d.innerHTML = p; document.body.append(d); }
        for (const e of Array.from(document.querySelectorAll('[onclick],[onmouseover]'))) (e as HTMLElement).click();
      }, payloads.map((p) => p.text).filter((t) => !/http-equiv|<base|<iframe|<object|<embed/i.test(t))).catch(() => undefined); // those navigate or nest frames
      const deadline = Date.now() + 15_000;
      while (fired.size < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      console.log(`      control: ${fired.size} of ${payloads.length} payloads executed when injected with innerHTML and no CSP`);
      assert.ok(fired.size >= 40, `only ${fired.size} fired`);
    } finally {
      await page.close();
    }
  });

  it('control: an unsafe injection into the webview page is blocked by its CSP and reported', async () => {
    await h.page.evaluate(() => {
      const d = document.createElement('div');
      d.innerHTML = '<img src="x" onerror="top.__xss(-1)">';
      document.body.append(d);
    });
    await h.page.waitForFunction(() => (window as unknown as { __cspViolations: unknown[] }).__cspViolations.length > 0);
    assert.deepEqual(await hits(), [], 'the CSP stopped the handler');
  });
});
