import * as vscode from 'vscode';
import { queryToRun, wholeFileQuery, type QueryToRun } from '../../core/query/querySelection';
import type { HuntRun } from '../../core/results/huntRun';
import { Commands } from '../../shared/commands';
import type { HuntTargetProvider } from '../connections/huntTarget';
import type { ResultsView } from '../results/resultsView';
import { HuntCodeLensProvider } from './huntCodeLens';
import { HuntDiagnostics } from './huntDiagnostics';
import { HuntRunner, type QueryPreparer } from './huntRunner';
import { TimeRangePicker } from './timeRangePicker';

/** Arguments the CodeLens (or a test) passes to Run Hunt: which document and line. */
export interface RunHuntArgs { readonly uri?: string; readonly line?: number }

/**
 * The Run Hunt feature: commands (palette, CodeLens, Shift+Enter / Ctrl+Enter, editor title
 * button), the time range item and the runner. Each command returns the HuntRun (or undefined),
 * which is also what integration tests observe.
 */
export class HuntFeature implements vscode.Disposable {
  readonly runner: HuntRunner;
  readonly timeRange: TimeRangePicker;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(deps: { targets: HuntTargetProvider & { activeApiIsLegacy?(): boolean }; results: ResultsView; state: vscode.Memento; log: vscode.LogOutputChannel; prepare?: QueryPreparer }) {
    const diagnostics = new HuntDiagnostics();
    this.timeRange = new TimeRangePicker(deps.state, () => deps.targets.activeApiIsLegacy?.() ?? false);
    this.runner = new HuntRunner({ targets: deps.targets, results: deps.results, timeRange: () => this.timeRange.current, diagnostics, log: deps.log, prepare: deps.prepare });
    const lenses = new HuntCodeLensProvider();
    this.disposables.push(
      diagnostics, this.timeRange, this.runner, lenses,
      vscode.languages.registerCodeLensProvider({ language: 'kql' }, lenses),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('defenderHunt.codeLens')) lenses.refresh(); }),
      this.runner.onDidChangeBusy((busy) => void vscode.commands.executeCommand('setContext', 'defenderHunt.hunting', busy)),
      vscode.commands.registerCommand(Commands.runHunt, (args?: RunHuntArgs) => this.runAt(args)),
      vscode.commands.registerCommand(Commands.runFile, (uri?: vscode.Uri) => this.runFile(uri)),
      vscode.commands.registerCommand(Commands.cancelHunt, () => this.runner.cancel()),
      vscode.commands.registerCommand(Commands.pickTimeRange, () => this.timeRange.pick()),
    );
  }

  private async editorFor(uri: string | undefined): Promise<vscode.TextEditor | undefined> {
    if (!uri) return vscode.window.activeTextEditor;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    if (visible) return visible;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    return vscode.window.showTextDocument(doc, { preserveFocus: true });
  }

  /** Runs the selection, or the block at the cursor (or at `args.line`). */
  async runAt(args?: RunHuntArgs): Promise<HuntRun | undefined> {
    const editor = await this.editorFor(args?.uri);
    if (!editor) { void vscode.window.showInformationMessage('Open a .kql file and put the cursor in a query to run a hunt.'); return undefined; }
    const doc = editor.document;
    const text = doc.getText();
    let query: QueryToRun | undefined;
    if (args?.line !== undefined) {
      query = queryToRun(text, doc.offsetAt(new vscode.Position(args.line, 0)));
    } else {
      const sel = editor.selection;
      query = queryToRun(text, doc.offsetAt(sel.active), sel.isEmpty ? undefined : { start: doc.offsetAt(sel.start), end: doc.offsetAt(sel.end) });
    }
    if (!query) { void vscode.window.showInformationMessage('There is no query here to run.'); return undefined; }
    return this.runner.run({ uri: doc.uri, query });
  }

  async runFile(uri?: vscode.Uri): Promise<HuntRun | undefined> {
    const editor = await this.editorFor(uri?.toString());
    const query = editor ? wholeFileQuery(editor.document.getText()) : undefined;
    if (!editor || !query) { void vscode.window.showInformationMessage('Open a .kql file with a query to run it.'); return undefined; }
    return this.runner.run({ uri: editor.document.uri, query });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
