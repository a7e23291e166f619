/**
 * The results webview (browser code). It never builds HTML from strings: every value that
 * reaches the page goes through textContent or DOM APIs, because result data is hostile.
 */
import { type HostToWebview, type WebviewToHost, isHostToWebview } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app');

function render(message: HostToWebview): void {
  if (!root) return;
  switch (message.type) {
    case 'showEmpty': {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = message.text;
      root.replaceChildren(p);
      break;
    }
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebview(event.data)) render(event.data);
});
vscode.postMessage({ type: 'ready' });
