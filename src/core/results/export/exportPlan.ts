/**
 * The decisions of an export before any byte is written, without VS Code: which questions are
 * worth asking about the current view (rows, hidden columns, JSON flavour), what the answers mean,
 * and the default file name. The command in src/vscode/export turns these into a quick pick and a
 * save dialog; unit tests cover the rules here.
 */
import { EXPORT_EXTENSION, type ExportFormat } from './resultExport';
import type { ExportSelection, ResultViewLike } from './selection';
import { selectionFromView } from './selection';

import type { ExportKind } from '../../../shared/protocol';

/** What the user asked for: the two commands. JSON covers both JSON flavours. */
export type { ExportKind };

export interface ExportChoices {
  /** `view`: the grid's rows after filters, search and sort, in that order; `all`: every row in result order. */
  readonly rows: 'view' | 'all';
  /** Also write hidden columns (after the visible ones). */
  readonly includeHidden: boolean;
  /** JSON only: JSON Lines (one object per line) instead of one array. */
  readonly jsonLines: boolean;
}

/** First-time answers: what the user sees, as an array (the commonest JSON shape). */
export const DEFAULT_CHOICES: ExportChoices = { rows: 'view', includeHidden: false, jsonLines: false };

/** What the current view looks like, as far as the questions are concerned. */
export interface ViewFacts {
  readonly totalRows: number;
  readonly viewRows: number;
  /** The view differs from the result as returned (filtered, searched or sorted). */
  readonly reordered: boolean;
  readonly visibleColumns: number;
  /** Names of the hidden columns, in grid order. */
  readonly hiddenColumnNames: readonly string[];
}

export function viewFacts(view: ResultViewLike, columnNames: readonly string[], totalRows: number): ViewFacts {
  const order = view.rowOrder();
  let reordered = order.length !== totalRows;
  for (let i = 0; !reordered && i < order.length; i++) reordered = order[i] !== i;
  return {
    totalRows,
    viewRows: order.length,
    reordered,
    visibleColumns: view.visibleColumns.length,
    hiddenColumnNames: view.hiddenColumns.map((c) => columnNames[c] ?? `#${c}`),
  };
}

export type ExportOptionId = 'viewOnly' | 'includeHidden' | 'jsonLines';

/** One checkbox of the options quick pick. Texts are plain (column names are hostile but only shown as text). */
export interface ExportOptionItem {
  readonly id: ExportOptionId;
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  readonly picked: boolean;
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/**
 * The questions worth asking for this view, pre-checked with the remembered answers. Empty when
 * there is nothing to choose (CSV of an unfiltered, unsorted view without hidden columns): the
 * command then goes straight to the save dialog.
 */
export function exportOptionItems(kind: ExportKind, facts: ViewFacts, remembered: ExportChoices): ExportOptionItem[] {
  const items: ExportOptionItem[] = [];
  if (facts.reordered) {
    const what = facts.viewRows === facts.totalRows ? `${plural(facts.viewRows, 'row')}, sorted as in the grid` : `${count(facts.viewRows)} of ${plural(facts.totalRows, 'row')}, filtered and sorted as in the grid`;
    items.push({
      id: 'viewOnly', label: 'Current view only', description: what,
      detail: `Unchecked: all ${plural(facts.totalRows, 'row')} in the order the service returned them.`,
      picked: remembered.rows === 'view',
    });
  }
  if (facts.hiddenColumnNames.length) {
    const names = facts.hiddenColumnNames.slice(0, 5).join(', ') + (facts.hiddenColumnNames.length > 5 ? ', …' : '');
    items.push({
      id: 'includeHidden', label: 'Include hidden columns', description: `${plural(facts.hiddenColumnNames.length, 'hidden column')}: ${names}`,
      detail: `Written after the ${plural(facts.visibleColumns, 'visible column')}. Unchecked: only the columns the grid shows, in grid order.`,
      picked: remembered.includeHidden,
    });
  }
  if (kind === 'json') {
    items.push({
      id: 'jsonLines', label: 'JSON Lines', description: 'one object per line (.jsonl)',
      detail: 'Unchecked: one JSON array of objects (.json). Both keep numbers, booleans, nulls and dynamic values as JSON.',
      picked: remembered.jsonLines,
    });
  }
  return items;
}

/**
 * The answers after the quick pick: offered options take their checkbox, the others keep the
 * remembered answer (so a choice made on a filtered view comes back the next time one is).
 */
export function choicesFromPicked(items: readonly ExportOptionItem[], picked: ReadonlySet<ExportOptionId>, remembered: ExportChoices): ExportChoices {
  const offered = new Set(items.map((i) => i.id));
  return {
    rows: offered.has('viewOnly') ? (picked.has('viewOnly') ? 'view' : 'all') : remembered.rows,
    includeHidden: offered.has('includeHidden') ? picked.has('includeHidden') : remembered.includeHidden,
    jsonLines: offered.has('jsonLines') ? picked.has('jsonLines') : remembered.jsonLines,
  };
}

/** Reads remembered answers defensively (they come from storage that may hold anything). */
export function parseChoices(stored: unknown): ExportChoices {
  const o = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  return {
    rows: o.rows === 'all' ? 'all' : o.rows === 'view' ? 'view' : DEFAULT_CHOICES.rows,
    includeHidden: typeof o.includeHidden === 'boolean' ? o.includeHidden : DEFAULT_CHOICES.includeHidden,
    jsonLines: typeof o.jsonLines === 'boolean' ? o.jsonLines : DEFAULT_CHOICES.jsonLines,
  };
}

export function exportFormatOf(kind: ExportKind, choices: ExportChoices): ExportFormat {
  return kind === 'csv' ? 'csv' : choices.jsonLines ? 'jsonl' : 'json';
}

export function selectionFor(view: ResultViewLike, choices: ExportChoices): ExportSelection {
  return selectionFromView(view, { rows: choices.rows, includeHidden: choices.includeHidden });
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `hunt-YYYYMMDD-HHMMSS.<ext>`: the time the hunt started, in local time (what the user's clock
 * showed when they ran it), so exports of different runs sort by run and never collide by default.
 */
export function exportFileName(startedAt: number, format: ExportFormat): string {
  const d = new Date(startedAt);
  const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  return `hunt-${stamp}.${EXPORT_EXTENSION[format]}`;
}

/** From this many cells on, an export shows a progress notification with Cancel (smaller ones finish in well under a second). */
export const PROGRESS_CELLS = 200_000;

export function showsProgress(rows: number, columns: number): boolean {
  return rows * Math.max(1, columns) >= PROGRESS_CELLS;
}

/** "1,204 rows × 18 columns" */
export function sizeText(rows: number, columns: number): string {
  return `${plural(rows, 'row')} × ${plural(columns, 'column')}`;
}
