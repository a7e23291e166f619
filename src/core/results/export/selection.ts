/**
 * Which rows and columns an export writes, and in what order. Mirrors what the results grid
 * exposes (`ActiveResultView` in src/vscode/results/resultsView.ts) without importing it, so the
 * writers stay free of VS Code.
 */
import type { ResultSet } from '../resultSet';

export interface ExportSelection {
  /** Row indices into `rows`, in output order; default all rows in result order. */
  readonly rowOrder?: readonly number[];
  /** Column indices into `columns`, in output order; default all columns in result order. */
  readonly columns?: readonly number[];
}

/** The parts of the grid's current view an export needs (structurally `ActiveResultView`). */
export interface ResultViewLike {
  rowOrder(): readonly number[];
  readonly visibleColumns: readonly number[];
  readonly hiddenColumns: readonly number[];
}

export interface ViewExportChoice {
  /** `view`: the grid's rows after filters and sort; `all`: every row in result order. */
  readonly rows: 'view' | 'all';
  /** Also write hidden columns (after the visible ones, each group in grid order). */
  readonly includeHidden: boolean;
}

export function selectionFromView(view: ResultViewLike, choice: ViewExportChoice): ExportSelection {
  return {
    ...(choice.rows === 'view' && { rowOrder: view.rowOrder() }),
    columns: choice.includeHidden ? [...view.visibleColumns, ...view.hiddenColumns] : [...view.visibleColumns],
  };
}

export interface ResolvedSelection {
  readonly rowCount: number;
  /** Row index for output position i. */
  readonly rowAt: (i: number) => number;
  readonly columns: readonly number[];
}

/** Validates indices up front so a bad selection fails before any byte is written. */
export function resolveSelection(result: ResultSet, selection: ExportSelection = {}): ResolvedSelection {
  const columns = selection.columns ?? result.columns.map((_, i) => i);
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= result.columns.length) throw new RangeError(`column index ${c} is out of range`);
  }
  const order = selection.rowOrder;
  if (order) {
    for (const r of order) {
      if (!Number.isInteger(r) || r < 0 || r >= result.rows.length) throw new RangeError(`row index ${r} is out of range`);
    }
    return { rowCount: order.length, rowAt: (i) => order[i], columns };
  }
  return { rowCount: result.rows.length, rowAt: (i) => i, columns };
}
