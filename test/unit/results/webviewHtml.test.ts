import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, makeNonce, renderWebviewHtml } from '../../../src/vscode/results/webviewHtml';

describe('webview HTML shell', () => {
  const page = { cspSource: 'https://x.vscode-cdn.net', nonce: 'N0nce+/=', scriptUrl: 'https://x.vscode-cdn.net/dist/webview/results.js', styleUrls: ['https://x.vscode-cdn.net/media/results.css'], title: '<Hunt "Results">' };

  it('has a strict CSP: nothing by default, scripts by nonce only, no network', () => {
    const csp = contentSecurityPolicy(page.cspSource, page.nonce);
    const d = Object.fromEntries(csp.split(';').map((p) => p.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(d['default-src'], ["'none'"]);
    assert.deepEqual(d['script-src'], [`'nonce-${page.nonce}'`]);
    assert.deepEqual(d['style-src'], [page.cspSource]);
    assert.deepEqual(d['connect-src'], ["'none'"]);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  });

  it('loads only the nonce script and the style sheets, escaping what it interpolates', () => {
    const html = renderWebviewHtml(page);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes(`nonce="N0nce+/="`));
    assert.ok(html.includes('<title>&#60;Hunt &#34;Results&#34;&#62;</title>'));
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline handlers');
  });

  it('makes a fresh nonce each time', () => {
    const a = makeNonce(), b = makeNonce();
    assert.notEqual(a, b);
    assert.ok(a.length >= 24);
  });
});
