import type * as vscode from 'vscode';
import type { HuntRun } from '../../core/results/huntRun';

/**
 * What the rest of the extension may ask of the results panel. The Run command calls
 * {@link ResultsView.showRun}; export reads {@link ResultsView.activeView}.
 */
export interface ResultsView extends vscode.Disposable {
  /** Reveal the panel (empty state when nothing ran yet). */
  show(): void;
  /** Show a finished hunt: it becomes current and joins the window's history. */
  showRun(run: HuntRun): void;
  /** The current result as the user sees it, or undefined when no result is shown. */
  activeView(): ActiveResultView | undefined;
  readonly onDidChangeActiveView: vscode.Event<void>;
}

export interface ActiveResultView {
  readonly run: HuntRun;
  /** Row indices into `run.result.rows` after the grid's filters and sort, in display order. */
  rowOrder(): readonly number[];
  /** Visible column indices into `run.result.columns`, in grid order. */
  readonly visibleColumns: readonly number[];
  /** Hidden column indices (grid order is kept for them too). */
  readonly hiddenColumns: readonly number[];
}
