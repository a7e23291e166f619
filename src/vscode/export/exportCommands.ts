import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  choicesFromPicked, exportFileName, exportFormatOf, exportOptionItems, parseChoices, selectionFor, showsProgress, sizeText, viewFacts,
  type ExportChoices, type ExportKind, type ExportOptionId,
} from '../../core/results/export/exportPlan';
import { exportResultToFile, type ExportFormat } from '../../core/results/export/resultExport';
import { isExportCancelled } from '../../core/results/export/streamWriter';
import { Commands } from '../../shared/commands';
import type { ActiveResultView, ResultsView } from '../results/resultsView';
import { exportSettings } from './exportSettings';

/**
 * Optional arguments of the export commands, for tests and automation (the palette, the results
 * panel's buttons and the panel title bar pass none). Any of `rows`, `includeHidden`, `jsonLines`
 * answers the options quick pick (the others keep the remembered answers); `target` answers the
 * save dialog.
 */
export interface ExportArgs {
  /** A `file:` URI or an absolute path to write; skips the save dialog. */
  readonly target?: vscode.Uri | string;
  readonly rows?: 'view' | 'all';
  readonly includeHidden?: boolean;
  readonly jsonLines?: boolean;
  /** Cancels the export like the progress notification's Cancel button. */
  readonly cancellation?: vscode.CancellationToken;
}

export type ExportOutcome =
  | { readonly status: 'exported'; readonly file: string; readonly format: ExportFormat; readonly rows: number; readonly columns: number }
  | { readonly status: 'cancelled' | 'failed'; readonly file: string; readonly format: ExportFormat; readonly message: string }
  /** Nothing to export, or the user dismissed the options or the save dialog. */
  | { readonly status: 'dismissed' | 'no-result' };

export interface ExportProgressEvent { readonly file: string; readonly rowsDone: number; readonly rowsTotal: number }

/** Context key: a result is shown in the results panel (the export commands appear in the palette). */
export const HAS_RESULT_CONTEXT = 'defenderHunt.hasResult';
const CHOICES_KEY = 'defenderHunt.export.choices';
const LAST_FOLDER_KEY = 'defenderHunt.export.lastFolder';

const FORMAT_LABEL: Readonly<Record<ExportFormat, string>> = { csv: 'CSV', json: 'JSON', jsonl: 'JSON Lines' };
const PROGRESS_REPORT_MS = 100;

/**
 * "Export Results to CSV / JSON": asks what to export (only when there is a choice), where (the
 * save dialog), and streams the host's ResultSet to the file with backpressure, progress and
 * cancel; a cancelled or failed export leaves nothing under the chosen name.
 */
export class ExportFeature implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly progressEmitter = new vscode.EventEmitter<ExportProgressEvent>();
  /** Fires after each chunk written (tests cancel mid-export with it). */
  readonly onDidProgress = this.progressEmitter.event;
  lastOutcome: ExportOutcome | undefined;

  constructor(private readonly deps: {
    readonly results: ResultsView;
    /** Remembered answers (global: a habit, not a property of one workspace). */
    readonly globalState: vscode.Memento;
    /** The last folder exported to (per workspace). */
    readonly workspaceState: vscode.Memento;
    readonly log: vscode.LogOutputChannel;
  }) {
    const updateContext = () => void vscode.commands.executeCommand('setContext', HAS_RESULT_CONTEXT, deps.results.activeView() !== undefined);
    updateContext();
    this.disposables.push(
      this.progressEmitter,
      deps.results.onDidChangeActiveView(updateContext),
      vscode.commands.registerCommand(Commands.exportCsv, (args?: unknown) => this.export('csv', parseArgs(args))),
      vscode.commands.registerCommand(Commands.exportJson, (args?: unknown) => this.export('json', parseArgs(args))),
    );
  }

  async export(kind: ExportKind, args: ExportArgs = {}): Promise<ExportOutcome> {
    const outcome = await this.run(kind, args);
    this.lastOutcome = outcome;
    return outcome;
  }

  private async run(kind: ExportKind, args: ExportArgs): Promise<ExportOutcome> {
    const view = this.deps.results.activeView();
    if (!view) {
      void vscode.window.showInformationMessage('There is no result to export. Run a hunt first (Shift+Enter in a .kql file).');
      return { status: 'no-result' };
    }
    const choices = await this.askChoices(kind, view, args);
    if (!choices) return { status: 'dismissed' };
    const format = exportFormatOf(kind, choices);
    const selection = selectionFor(view, choices);
    const rows = selection.rowOrder?.length ?? view.run.result.rows.length;
    const columns = selection.columns?.length ?? view.run.result.columns.length;
    const target = args.target !== undefined ? toUri(args.target) : await this.askTarget(view, format, rows, columns);
    if (!target) return { status: 'dismissed' };
    if (target.scheme !== 'file') {
      const message = `Export writes local files only; ${target.scheme}: locations are not supported. Choose a folder on this machine.`;
      void vscode.window.showErrorMessage(message);
      return { status: 'failed', file: target.toString(), format, message };
    }
    const file = target.fsPath;
    await this.deps.workspaceState.update(LAST_FOLDER_KEY, path.dirname(file));
    const existed = fs.existsSync(file);
    const name = path.basename(file);
    const csv = exportSettings.csvFile();
    const size = sizeText(rows, columns);
    this.deps.log.info(`export: ${size} as ${FORMAT_LABEL[format]} to ${name}${format === 'csv' ? ` (separator ${JSON.stringify(csv.separator)}, BOM ${csv.bom ? 'on' : 'off'}, formula guard ${csv.formulaGuard ? 'on' : 'off'})` : ''}`);

    const controller = new AbortController();
    const subscription = args.cancellation?.onCancellationRequested(() => controller.abort());
    if (args.cancellation?.isCancellationRequested) controller.abort();
    const write = (report?: (done: number, total: number) => void) => exportResultToFile(view.run.result, file, {
      format, csv, selection, signal: controller.signal,
      onProgress: (rowsDone, rowsTotal) => {
        report?.(rowsDone, rowsTotal);
        this.progressEmitter.fire({ file, rowsDone, rowsTotal });
      },
    });
    try {
      const summary = showsProgress(rows, columns)
        ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${size} to ${name}`, cancellable: true }, (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return write(throttledReporter(progress));
        })
        : await write();
      this.deps.log.info(`export: wrote ${sizeText(summary.rows, summary.columns)} to ${name}`);
      void this.announce(target, `Exported ${sizeText(summary.rows, summary.columns)} to ${name}.`);
      return { status: 'exported', file, format, rows: summary.rows, columns: summary.columns };
    } catch (e) {
      const unchanged = existed ? ' The existing file is unchanged.' : '';
      if (isExportCancelled(e)) {
        this.deps.log.info(`export: cancelled; nothing written to ${name}`);
        vscode.window.setStatusBarMessage(`$(circle-slash) Export cancelled: nothing was written to ${name}.${unchanged}`, 8000);
        return { status: 'cancelled', file, format, message: 'cancelled' };
      }
      const message = e instanceof Error ? e.message : String(e);
      this.deps.log.error(`export to ${name} failed: ${message}`);
      void vscode.window.showErrorMessage(`Export to ${name} failed: ${message}. Nothing was written under that name.${unchanged}`);
      return { status: 'failed', file, format, message };
    } finally {
      subscription?.dispose();
    }
  }

  /** The options quick pick, skipped when there is nothing to choose or the arguments answer it. */
  private async askChoices(kind: ExportKind, view: ActiveResultView, args: ExportArgs): Promise<ExportChoices | undefined> {
    const remembered = parseChoices(this.deps.globalState.get(CHOICES_KEY));
    if (args.rows !== undefined || args.includeHidden !== undefined || args.jsonLines !== undefined) {
      return { rows: args.rows ?? remembered.rows, includeHidden: args.includeHidden ?? remembered.includeHidden, jsonLines: args.jsonLines ?? remembered.jsonLines };
    }
    const result = view.run.result;
    const facts = viewFacts(view, result.columns.map((c) => c.name), result.rows.length);
    const items = exportOptionItems(kind, facts, remembered);
    if (items.length === 0) return remembered;
    const icons: Readonly<Record<ExportOptionId, string>> = { viewOnly: '$(filter)', includeHidden: '$(eye-closed)', jsonLines: '$(list-flat)' };
    const picks = items.map((i) => ({ label: `${icons[i.id]} ${i.label}`, description: i.description, detail: i.detail, picked: i.picked, id: i.id }));
    const picked = await vscode.window.showQuickPick(picks, {
      canPickMany: true,
      title: `Export to ${kind === 'csv' ? 'CSV' : 'JSON'}: options`,
      placeHolder: 'Check what to include, then press Enter (your choice is remembered)',
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    const choices = choicesFromPicked(items, new Set(picked.map((p) => p.id)), remembered);
    await this.deps.globalState.update(CHOICES_KEY, choices);
    return choices;
  }

  private async askTarget(view: ActiveResultView, format: ExportFormat, rows: number, columns: number): Promise<vscode.Uri | undefined> {
    const filters: Record<string, string[]> = format === 'csv' ? { CSV: ['csv'] } : format === 'jsonl' ? { 'JSON Lines': ['jsonl'] } : { JSON: ['json'] };
    return vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.defaultFolder(), exportFileName(view.run.startedAt, format)),
      filters,
      saveLabel: 'Export',
      title: `Export ${sizeText(rows, columns)} to ${FORMAT_LABEL[format]}`,
    });
  }

  /** The last folder exported to in this workspace, else the (first local) workspace folder, else home. */
  private defaultFolder(): vscode.Uri {
    const last = this.deps.workspaceState.get<string>(LAST_FOLDER_KEY);
    if (typeof last === 'string' && path.isAbsolute(last) && fs.existsSync(last)) return vscode.Uri.file(last);
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    return folder?.uri ?? vscode.Uri.file(os.homedir());
  }

  private async announce(target: vscode.Uri, text: string): Promise<void> {
    const open = 'Open File';
    const reveal = 'Reveal';
    const action = await vscode.window.showInformationMessage(text, open, reveal);
    if (action === open) await vscode.commands.executeCommand('vscode.open', target);
    if (action === reveal) await revealFile(target);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

/** In the explorer when the file is in the workspace; else the OS file manager on a local desktop; else its path. */
async function revealFile(target: vscode.Uri): Promise<void> {
  if (vscode.workspace.getWorkspaceFolder(target)) {
    await vscode.commands.executeCommand('revealInExplorer', target);
  } else if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    await vscode.commands.executeCommand('revealFileInOS', target);
  } else {
    void vscode.window.showInformationMessage(`The export is at ${target.fsPath}`);
  }
}

/** Reports at most every 100 ms: each report is a message to the workbench. */
function throttledReporter(progress: vscode.Progress<{ message?: string; increment?: number }>): (done: number, total: number) => void {
  let last = 0;
  let reportedPercent = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < PROGRESS_REPORT_MS && done < total) return;
    last = now;
    const percent = total > 0 ? (done / total) * 100 : 100;
    progress.report({ increment: percent - reportedPercent, message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows` });
    reportedPercent = percent;
  };
}

function toUri(target: vscode.Uri | string): vscode.Uri {
  if (typeof target !== 'string') return target;
  if (!path.isAbsolute(target)) throw new Error(`the export target must be an absolute path: ${target}`);
  return vscode.Uri.file(target);
}

/**
 * Commands run from menus receive whatever the menu passes (a URI, a webview context); only a
 * plain object with the documented fields counts as arguments.
 */
function parseArgs(args: unknown): ExportArgs {
  if (typeof args !== 'object' || args === null || args instanceof vscode.Uri || Array.isArray(args)) return {};
  const a = args as Record<string, unknown>;
  const target = typeof a.target === 'string' || a.target instanceof vscode.Uri ? a.target : undefined;
  const cancellation = typeof a.cancellation === 'object' && a.cancellation !== null && typeof (a.cancellation as vscode.CancellationToken).onCancellationRequested === 'function'
    ? a.cancellation as vscode.CancellationToken : undefined;
  return {
    ...(target !== undefined && { target }),
    ...((a.rows === 'view' || a.rows === 'all') && { rows: a.rows }),
    ...(typeof a.includeHidden === 'boolean' && { includeHidden: a.includeHidden }),
    ...(typeof a.jsonLines === 'boolean' && { jsonLines: a.jsonLines }),
    ...(cancellation && { cancellation }),
  };
}
