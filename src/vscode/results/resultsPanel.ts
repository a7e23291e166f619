import * as vscode from 'vscode';
import type { HuntRun } from '../../core/results/huntRun';
import { type HostToWebview, isWebviewToHost } from '../../shared/protocol';
import type { ActiveResultView, ResultsView } from './resultsView';
import { webviewHtml } from './webviewHtml';

/**
 * The results panel: one webview beside the editor, reused across runs. It owns its
 * disposables and buffers messages until the webview says it is ready.
 */
export class ResultsPanel implements ResultsView {
  static readonly viewType = 'defenderHunt.results';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pending: HostToWebview[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private current: HuntRun | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeActiveView = this.changed.event;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {}

  show(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(ResultsPanel.viewType, 'Hunt Results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [media, dist],
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'icon.svg');
    panel.webview.html = webviewHtml(panel.webview, {
      script: vscode.Uri.joinPath(dist, 'results.js'),
      styles: [vscode.Uri.joinPath(media, 'results.css')],
    }, 'Hunt Results');
    this.ready = false;
    this.panel = panel;
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidDispose(() => { this.panel = undefined; this.ready = false; }),
    );
    if (!this.current) this.post({ type: 'showEmpty', text: 'No results yet. Put the cursor in a query and run a hunt (Shift+Enter).' });
  }

  showRun(run: HuntRun): void {
    this.current = run;
    this.show();
    this.post({ type: 'showEmpty', text: `${run.result.rows.length} rows from ${run.connectionName}` });
    this.changed.fire();
  }

  activeView(): ActiveResultView | undefined {
    const run = this.current;
    if (!run) return undefined;
    const all = run.result.columns.map((_, i) => i);
    return { run, rowOrder: () => run.result.rows.map((_, i) => i), visibleColumns: all, hiddenColumns: [] };
  }

  private onMessage(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.log.warn('results webview sent an unknown message; ignored');
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      for (const m of this.pending.splice(0)) void this.panel?.webview.postMessage(m);
    }
  }

  private post(message: HostToWebview): void {
    if (this.ready && this.panel) void this.panel.webview.postMessage(message);
    else this.pending.push(message);
  }

  dispose(): void {
    this.panel?.dispose();
    this.changed.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
