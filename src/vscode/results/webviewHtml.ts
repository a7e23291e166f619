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

/** The HTML shell: static markup only; all data arrives later by postMessage. */
export function webviewHtml(webview: vscode.Webview, assets: { script: vscode.Uri; styles: vscode.Uri[] }, title: string): string {
  const nonce = makeNonce();
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  const links = assets.styles.map((s) => `<link rel="stylesheet" href="${webview.asWebviewUri(s).toString()}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
    <main id="app" aria-live="polite"></main>
    <script nonce="${nonce}" src="${webview.asWebviewUri(assets.script).toString()}"></script>
  </body>
</html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
