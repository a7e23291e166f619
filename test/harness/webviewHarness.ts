/**
 * The real results webview in a real (Debian) Chromium, without VS Code: a 127.0.0.1 server
 * serves the exact HTML of `renderWebviewHtml` (same CSP, a fresh nonce) and only the files a
 * webview may load (dist/webview, media). A stub `acquireVsCodeApi`, installed before any page
 * script, carries messages to a real {@link ResultsController} in this Node process, whose
 * effects (clipboard, inspect, add filter) are recorded. Used by the XSS test, the webview e2e
 * test and the grid benchmark.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { HuntRun } from '../../src/core/results/huntRun';
import { type ChartImage, type ResultsControllerOptions, ResultsController, type ValueDocument } from '../../src/core/results/resultsController';
import type { HostToWebview } from '../../src/shared/protocol';
import { renderWebviewHtml } from '../../src/vscode/results/webviewHtml';
import { launchChromium, tempRoot } from './codeServer.mjs';
import { ensureChromium, repoRoot } from '../../scripts/vscode-env.mjs';

export interface HarnessOptions {
  /** Folder with results.js, codicon.css/ttf (default dist/webview; built if missing). */
  readonly distDir?: string;
  readonly viewport?: { width: number; height: number };
  readonly controller?: ResultsControllerOptions;
  /** Extra script run in the page before ours (e.g. an XSS sentinel). */
  readonly initScript?: string;
}

const MIME: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

/** Theme variables VS Code would inject, so screenshots look like a dark theme. */
const THEME: Record<string, string> = {
  '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-editor-font-family': 'monospace', '--vscode-editor-font-size': '13px',
  '--vscode-panel-border': '#2b2b2b', '--vscode-editorGroup-border': '#2b2b2b', '--vscode-editorWidget-border': '#262626',
  '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-list-activeSelectionBackground': '#04395e', '--vscode-list-activeSelectionForeground': '#ffffff',
  '--vscode-list-inactiveSelectionBackground': '#37373d', '--vscode-focusBorder': '#0078d4', '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc', '--vscode-menu-background': '#1f1f1f', '--vscode-menu-foreground': '#cccccc',
  '--vscode-menu-selectionBackground': '#0078d4', '--vscode-menu-selectionForeground': '#ffffff', '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-editorLineNumber-foreground': '#6e7681', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-editorGroupHeader-tabsBackground': '#181818', '--vscode-textLink-foreground': '#4daafc', '--vscode-widget-shadow': 'rgba(0,0,0,0.36)',
};

export interface Harness {
  readonly page: Page;
  readonly origin: string;
  readonly controller: ResultsController;
  /** The CSP header value as served in the page's meta tag (raw HTML). */
  readonly html: string;
  readonly clipboard: string[];
  readonly opened: ValueDocument[];
  readonly filters: { run: HuntRun; clause: string }[];
  /** Chart images the webview asked to save (checked by the controller first). */
  readonly charts: ChartImage[];
  readonly received: unknown[];
  readonly posted: HostToWebview[];
  /** Resolves when the webview said `ready` (it then gets the current run). */
  ready(): Promise<void>;
  showRun(run: HuntRun): void;
  /** Waits until the controller has handled every message the webview sent so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function openResultsWebview(opts: HarnessOptions = {}): Promise<Harness> {
  ensureChromium();
  const dist = opts.distDir ?? path.join(repoRoot, 'dist', 'webview');
  if (!fs.existsSync(path.join(dist, 'results.js'))) throw new Error(`${dist}/results.js is missing: run npm run build first`);
  const media = path.join(repoRoot, 'media');
  const nonce = randomBytes(18).toString('base64');
  let origin = '';
  let html = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    if (url.pathname === '/control-without-csp') {
      // For the XSS test's control: a page with no CSP, to show that its payloads do run there.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>control</title></head><body></body></html>');
      return;
    }
    // Only what localResourceRoots allows in VS Code: dist/webview and media.
    const m = /^\/(webview|media)\/([A-Za-z0-9._-]+)$/.exec(url.pathname);
    const file = m ? path.join(m[1] === 'webview' ? dist : media, m[2]) : undefined;
    if (!file || !fs.existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  html = renderWebviewHtml({
    cspSource: origin, nonce, title: 'Hunt Results',
    scriptUrl: `${origin}/webview/results.js`,
    styleUrls: [`${origin}/webview/codicon.css`, `${origin}/media/results.css`, `${origin}/media/charts.css`],
  });

  const root = tempRoot('dh-webview-');
  const browser = await launchChromium({ root, viewport: opts.viewport ?? { width: 1280, height: 800 } });
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  const clipboard: string[] = [], opened: ValueDocument[] = [], filters: { run: HuntRun; clause: string }[] = [];
  const received: unknown[] = [], posted: HostToWebview[] = [];
  const charts: ChartImage[] = [];
  let handling: Promise<void> = Promise.resolve();
  let readyResolve: () => void = () => {};
  const readyPromise = new Promise<void>((r) => { readyResolve = r; });
  let live = false;
  const queue: HostToWebview[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const deliver = (m: HostToWebview) => {
    posted.push(m);
    if (!live) return;
    queue.push(m);
    // In order, one evaluate per message, as VS Code delivers postMessage.
    flushing = flushing.then(async () => {
      const next = queue.shift();
      if (next) await page.evaluate((msg) => window.postMessage(msg, '*'), next as unknown as Record<string, unknown>).catch(() => {});
    });
  };
  const controller = new ResultsController(deliver, {
    writeClipboard: async (t) => { clipboard.push(t); },
    openValue: async (d) => { opened.push(d); },
    addFilterToQuery: async (run, clause) => { filters.push({ run, clause }); },
    log: () => {},
    saveChartImage: async (image) => { charts.push(image); return `memory/${image.suggestedName}`; },
  }, opts.controller);
  await page.exposeFunction('__dhToHost', (m: unknown) => {
    received.push(m);
    if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ready') { live = true; readyResolve(); }
    handling = handling.then(() => controller.handle(m));
  });
  const theme = JSON.stringify(THEME);
  await page.addInitScript(`(() => {
    let state;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__dhToHost(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => { state = JSON.parse(JSON.stringify(s)); sessionStorage.setItem('dh-state', JSON.stringify(state)); },
    });
    try { state = JSON.parse(sessionStorage.getItem('dh-state') || 'null') || undefined; } catch {}
    const theme = ${theme};
    const apply = () => { for (const k of Object.keys(theme)) document.documentElement.style.setProperty(k, theme[k]); };
    if (document.documentElement) apply(); else document.addEventListener('DOMContentLoaded', apply);
  })();`);
  if (opts.initScript) await page.addInitScript(opts.initScript);
  await page.goto(origin + '/');
  return {
    page, origin, controller, html, clipboard, opened, filters, charts, received, posted,
    ready: () => readyPromise,
    showRun: (run) => controller.showRun(run),
    settle: async () => { await handling; await flushing; },
    close: async () => {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
