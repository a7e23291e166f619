/**
 * The results webview (browser code, bundled to dist/webview/results.js). It never builds HTML
 * from strings: every value that reaches the page goes through textContent or DOM APIs, because
 * result data is hostile. The grid is in ./grid, the protocol in ../shared/protocol.ts.
 */
import { App } from './app';

const root = document.getElementById('app');
if (root) new App(root).start();
