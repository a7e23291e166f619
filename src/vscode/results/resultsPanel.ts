import * as vscode from 'vscode';
import type { HuntRun } from '../../core/results/huntRun';
import { type FilterTarget, planFilterInsertion } from '../../core/results/queryFilter';
import { type ChartImage, ResultsController } from '../../core/results/resultsController';
import { Commands } from '../../shared/commands';
import { CHART_IMAGE_FORMATS, type ChartImageFormat, type HostToWebview } from '../../shared/protocol';
import { exportSettings } from '../export/exportSettings';
import type { ActiveResultView, ResultsView } from './resultsView';
import { ValueDocuments } from './valueDocuments';
import { webviewHtml } from './webviewHtml';

/** What integration tests may observe and do, without reaching into private state. */
export interface ResultsProbe {
  readonly view: ResultsView;
  /** The panel exists (it may be hidden behind another tab). */
  isOpen(): boolean;
  isVisible(): boolean;
  /** Messages the real webview sent (validated or not), oldest first; the last 500. */
  readonly received: readonly unknown[];
  /** Messages the host posted to the webview; the last 500. */
  readonly posted: readonly HostToWebview[];
  /** Handles a message exactly as if the webview had sent it. */
  receive(message: unknown): Promise<void>;
}

const KEEP_MESSAGES = 500;
/** How long Save Chart waits for the webview to draw the image. */
const EXPORT_TIMEOUT_MS = 20_000;

/** Arguments of the Save Chart command (tests and keybindings may pass them). */
export interface SaveChartArgs {
  readonly format?: ChartImageFormat;
  /** Where to write (a URI string or vscode.Uri); without it, the save dialog asks. */
  readonly target?: string | vscode.Uri;
}

/**
 * The results panel: one webview beside the editor, reused across runs. The protocol logic lives
 * in the VS Code-free {@link ResultsController}; this class owns the panel, the serializer that
 * brings it back after a reload, the read-only value documents and the editor edits.
 */
export class ResultsPanel implements ResultsView {
  static readonly viewType = 'defenderHunt.results';
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  /** True between the webview's `ready` and its disposal or hiding (a hidden webview is destroyed). */
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: ResultsController;
  private readonly values = new ValueDocuments();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeActiveView = this.changed.event;
  private readonly received: unknown[] = [];
  private readonly posted: HostToWebview[] = [];
  /** Where each run's query block is now, after filters were added to it (the run itself is immutable). */
  private readonly sources = new Map<string, FilterTarget>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    this.controller = new ResultsController((m) => this.post(m), {
      writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
      openValue: async (doc) => { await this.values.open(doc); },
      addFilterToQuery: (run, clause) => this.addFilterToQuery(run, clause),
      // The panel's export buttons run the same command as the palette (on the shown run).
      exportResults: async (_run, kind) => { void vscode.commands.executeCommand(kind === 'csv' ? Commands.exportCsv : Commands.exportJson); },
      csvOptions: () => exportSettings.csvCopy(),
      log: (level, message) => this.log[level](message),
      saveChartImage: (image) => this.saveChartImage(image),
    });
    const unsubscribe = this.controller.onDidChange(() => this.changed.fire());
    this.disposables.push(
      this.values,
      this.changed,
      { dispose: unsubscribe },
      // After a window reload VS Code restores the panel; the webview then says `ready` and the
      // controller tells it the old results are gone (they are never written to disk).
      vscode.window.registerWebviewPanelSerializer(ResultsPanel.viewType, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => { this.adopt(panel); },
      }),
      vscode.commands.registerCommand(Commands.saveChart, (args?: SaveChartArgs) => this.saveChart(args)),
    );
  }

  /**
   * Save Chart as Image: the webview draws the shown chart (PNG or SVG) and the host writes it
   * to `args.target` or where the save dialog says. Resolves with where it went.
   */
  async saveChart(args: SaveChartArgs = {}): Promise<string | undefined> {
    let format = args.format;
    if (format !== undefined && !CHART_IMAGE_FORMATS.includes(format)) throw new Error(`Unknown chart image format ${String(format)}`);
    if (!this.panel || !this.ready) {
      void vscode.window.showInformationMessage('Show a chart in the Hunt Results panel first (run a query with render, or click Chart).');
      return undefined;
    }
    if (!format) {
      const pick = await vscode.window.showQuickPick([{ label: 'PNG', format: 'png' as const }, { label: 'SVG', format: 'svg' as const }], { title: 'Save Chart as' });
      if (!pick) return undefined;
      format = pick.format;
    }
    const target = typeof args.target === 'string' ? vscode.Uri.parse(args.target) : args.target;
    const timer = setTimeout(() => this.controller.abandonExports('The results panel did not draw the chart in time.'), EXPORT_TIMEOUT_MS);
    try {
      return await this.controller.exportChart(format, target);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn(`results: save chart failed: ${message}`);
      void vscode.window.showErrorMessage(`Could not save the chart: ${message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private async saveChartImage(image: ChartImage): Promise<string | undefined> {
    let uri = image.target instanceof vscode.Uri ? image.target : undefined;
    if (!uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      uri = await vscode.window.showSaveDialog({
        title: 'Save Chart', saveLabel: 'Save Chart',
        defaultUri: folder ? vscode.Uri.joinPath(folder, image.suggestedName) : undefined,
        filters: image.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
      });
      if (!uri) return undefined;
    }
    await vscode.workspace.fs.writeFile(uri, image.bytes);
    const where = uri.scheme === 'file' ? uri.fsPath : uri.toString();
    this.log.info(`results: saved the chart (${image.format.toUpperCase()}, ${image.bytes.length} bytes) to ${where}`);
    return where;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(ResultsPanel.viewType, 'Hunt Results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.adopt(panel);
  }

  showRun(run: HuntRun): void {
    this.controller.showRun(run);
    this.show();
  }

  activeView(): ActiveResultView | undefined {
    const cur = this.controller.current();
    if (!cur) return undefined;
    const hidden = new Set(cur.spec.hidden);
    const all = cur.run.result.columns.map((_, i) => i);
    return { run: cur.run, rowOrder: () => cur.rowOrder(), visibleColumns: all.filter((i) => !hidden.has(i)), hiddenColumns: all.filter((i) => hidden.has(i)) };
  }

  get probe(): ResultsProbe {
    return {
      view: this,
      isOpen: () => this.panel !== undefined,
      isVisible: () => this.panel?.visible ?? false,
      received: this.received,
      posted: this.posted,
      receive: (m) => this.controller.handle(m),
    };
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: false,
      // The webview keeps its own small state (scroll, widths) with setState; the data is paged
      // from the host again, so a hidden panel costs no renderer memory.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    const previous = this.panel;
    this.disposePanel();
    this.panel = undefined;
    previous?.dispose();
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(media, 'icon.svg');
    panel.webview.html = webviewHtml(panel.webview, {
      script: vscode.Uri.joinPath(dist, 'results.js'),
      styles: [vscode.Uri.joinPath(dist, 'codicon.css'), vscode.Uri.joinPath(media, 'results.css'), vscode.Uri.joinPath(media, 'charts.css')],
    }, 'Hunt Results');
    this.panel = panel;
    this.ready = false;
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) return;
        this.ready = false;
        this.controller.abandonExports('The results panel was hidden before it drew the chart.');
      }),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.ready = false;
        this.disposePanel();
      }),
    );
  }

  private onMessage(message: unknown): void {
    remember(this.received, message);
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready') this.ready = true;
    void this.controller.handle(message);
  }

  /** Posts when the webview is live; otherwise drops: on its next `ready` the controller re-sends the current state. */
  private post(message: HostToWebview): void {
    remember(this.posted, message);
    if (this.ready && this.panel) void this.panel.webview.postMessage(message);
  }

  private async addFilterToQuery(run: HuntRun, clause: string): Promise<void> {
    const source = run.source;
    if (!source) throw new Error('This result has no query block to add a filter to.');
    const uri = vscode.Uri.parse(source.uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const target = this.sources.get(run.id) ?? { query: run.query, startLine: source.startLine, endLine: source.endLine };
    const at = planFilterInsertion(doc.getText(), target, clause);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(at.line, at.character), at.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('The editor did not accept the edit (is the file read-only?).');
    const line = at.text.startsWith('\n') ? at.line + 1 : at.line;
    const blockText = doc.getText(new vscode.Range(at.block.startLine, 0, at.block.endLine, doc.lineAt(Math.min(at.block.endLine, doc.lineCount - 1)).text.length));
    this.sources.set(run.id, { query: blockText, ...at.block });
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
    const range = doc.lineAt(line).range;
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range);
    this.log.info(`results: added a filter to ${uri.path.split('/').pop() ?? 'the query'} at line ${line + 1}`);
  }

  private disposePanel(): void {
    for (const d of this.panelDisposables.splice(0)) d.dispose();
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposePanel();
    this.controller.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

function remember<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEEP_MESSAGES) list.splice(0, list.length - KEEP_MESSAGES);
}
