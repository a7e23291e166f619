import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** A fresh, unguessable nonce per page load: the only scripts that run carry it. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The strict Content-Security-Policy of our webviews: nothing loads unless named here, scripts
 * only with the page's nonce, no inline handlers, no eval, no network (connect-src none).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export interface WebviewPage {
  /** The webview's resource origin (`webview.cspSource`). */
  readonly cspSource: string;
  readonly nonce: string;
  /** URLs as the webview loads them (`asWebviewUri(...).toString()`). */
  readonly scriptUrl: string;
  readonly styleUrls: readonly string[];
  readonly title: string;
}

/**
 * The HTML shell: static markup only; all data arrives later by postMessage. Pure (no VS Code
 * API), so the security tests serve exactly this page to a real Chromium.
 */
export function renderWebviewHtml(p: WebviewPage): string {
  const csp = contentSecurityPolicy(p.cspSource, p.nonce);
  const links = p.styleUrls.map((s) => `<link rel="stylesheet" href="${escapeHtml(s)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>${escapeHtml(p.title)}</title>
  </head>
  <body>
    <main id="app" aria-live="polite"></main>
    <script nonce="${escapeHtml(p.nonce)}" src="${escapeHtml(p.scriptUrl)}"></script>
  </body>
</html>`;
}

/** The page for a VS Code webview: asset URIs through `asWebviewUri`, a new nonce each time. */
export function webviewHtml(webview: vscode.Webview, assets: { script: vscode.Uri; styles: vscode.Uri[] }, title: string): string {
  return renderWebviewHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUrl: webview.asWebviewUri(assets.script).toString(),
    styleUrls: assets.styles.map((s) => webview.asWebviewUri(s).toString()),
    title,
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
