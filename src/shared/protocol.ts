/**
 * The typed protocol between the extension host (results panel) and the results webview.
 * Both sides import these types; a message that is not in this file does not exist.
 * Every message is validated on arrival with {@link isWebviewToHost} / {@link isHostToWebview}
 * because the other side is a separate process that could be confused or compromised.
 *
 * Shape of the conversation:
 *  - the webview says `ready` (with what it remembers, after hiding or a reload);
 *  - the host answers `showRun` (header, columns, the view and its first page of rows);
 *  - the webview asks `getRows` for the pages it scrolls to and gets `rows`;
 *  - the webview sends `setView` (sort, filters, search, hidden columns); the host computes the
 *    new row order off the hot path and answers `viewChanged` with a new view `version`;
 *  - `copy`, `inspect`, `addFilter` and `switchRun` are commands; the host reports the outcome
 *    with `notice`. `export` hands the shown run to the export command (options, save dialog).
 * Rows are always addressed by their position in the current view (0-based) together with the
 * view `version` the webview saw, so a command that raced a view change is refused, not misapplied.
 */

import { type ChartChoice, type ChartData, type ChartOffer, isChartChoice, isChartData, isChartOffer } from './charts';

/** KQL type names as the grid uses them (same spelling as core/schema's KqlType). */
export type ColumnType = 'string' | 'long' | 'int' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'guid' | 'dynamic';
const COLUMN_TYPES: readonly string[] = ['string', 'long', 'int', 'real', 'decimal', 'bool', 'datetime', 'timespan', 'guid', 'dynamic'];

export type SortDirection = 'asc' | 'desc';
export type CopyFormat = 'tsv' | 'csv' | 'markdown' | 'json';
export const COPY_FORMATS: readonly CopyFormat[] = ['tsv', 'csv', 'markdown', 'json'];
export type FilterOperator = '==' | '!=' | 'has';
/** The results panel's export buttons: CSV, or JSON (array or JSON Lines is asked in the host). */
export type ExportKind = 'csv' | 'json';
export const EXPORT_KINDS: readonly ExportKind[] = ['csv', 'json'];
export const FILTER_OPERATORS: readonly FilterOperator[] = ['==', '!=', 'has'];

/** Limits that keep one message small and a hostile peer from asking for absurd work. */
export const MAX_PAGE_ROWS = 1000;
export const MAX_TEXT = 10_000;
export const MAX_COLUMNS = 10_000;
/** Rows per page: the webview asks for pages of this size, the host sends the first one unasked. */
export const PAGE_SIZE = 100;

// ─── shared shapes ──────────────────────────────────────────────────────────────────────

/** How the user wants to see one result: everything that changes the row order or the columns. */
export interface ViewSpec {
  /** Sort keys, most significant first. */
  readonly sort: readonly { readonly column: number; readonly direction: SortDirection }[];
  /** Per-column filter expressions (syntax in docs/results.md); empty text means no filter. */
  readonly filters: readonly { readonly column: number; readonly text: string }[];
  /** Case-insensitive text searched in every visible column. */
  readonly search: string;
  /** Column indices (into the result's columns) the user hid. */
  readonly hidden: readonly number[];
}

export const EMPTY_VIEW: ViewSpec = { sort: [], filters: [], search: '', hidden: [] };

export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  /** The API's own type name, shown in the header tooltip. */
  readonly rawType: string;
}

/** What the header shows about a run. All strings are hostile (rendered as text only). */
export interface RunHeader {
  readonly id: string;
  readonly query: string;
  readonly connectionName: string;
  readonly api: 'graph' | 'legacy';
  readonly timeRangeLabel: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  /** Milliseconds from request start to parsed result. */
  readonly elapsedMs: number;
  readonly totalRows: number;
  readonly truncated?: 'row-limit' | 'size-limit';
  /** True when the run knows its source block, so "Add filter to query" can work. */
  readonly canAddFilter: boolean;
}

/** One entry of the window's list of past results. */
export interface HistoryEntry {
  readonly id: string;
  /** e.g. "14:03:12 · 1,204 rows · DeviceProcessEvents | where …" */
  readonly label: string;
}

/** A cell as the grid shows it: display text (possibly shortened) or null for a KQL null. */
export type CellText = string | null;

/** A window of rows of the current view. */
export interface RowsPage {
  /** View position of the first row. */
  readonly start: number;
  /** `rows[i][c]` is result column `c` of view position `start + i` (all columns, hidden too). */
  readonly rows: readonly (readonly CellText[])[];
}

export interface ViewState {
  /** Increases with every change of the row order; pages and commands carry it. */
  readonly version: number;
  readonly spec: ViewSpec;
  /** Rows in the view after filters and search. */
  readonly rowCount: number;
}

/** A rectangle of the view: rows `rowStart..rowEnd` (inclusive view positions) × result columns. */
export interface CellRange {
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly columns: readonly number[];
}

// ─── webview → host ─────────────────────────────────────────────────────────────────────

/** The webview's script has loaded. `runId`: the result it showed before it was hidden or reloaded. */
export interface ReadyMessage { readonly type: 'ready'; readonly runId?: string }
/** Asks for `count` rows of view `version` from view position `start`; answered by `rows`. */
export interface GetRowsMessage { readonly type: 'getRows'; readonly requestId: number; readonly runId: string; readonly version: number; readonly start: number; readonly count: number }
/** The user changed sort, filters, search or hidden columns; answered by `viewChanged`. */
export interface SetViewMessage { readonly type: 'setView'; readonly runId: string; readonly spec: ViewSpec }
/** Show another result of this window's history. */
export interface SwitchRunMessage { readonly type: 'switchRun'; readonly runId: string }
/** Copy a range to the clipboard, formatted by the host from the full values. */
export interface CopyMessage { readonly type: 'copy'; readonly runId: string; readonly version: number; readonly range: CellRange; readonly format: CopyFormat; readonly headers: boolean }
/** Open one cell's full value in a read-only editor (JSON pretty-printed). */
export interface InspectMessage { readonly type: 'inspect'; readonly runId: string; readonly version: number; readonly row: number; readonly column: number }
/** Add `| where <column> <op> <value>` to the query block the run came from. */
export interface AddFilterMessage { readonly type: 'addFilter'; readonly runId: string; readonly version: number; readonly row: number; readonly column: number; readonly op: FilterOperator }

/** Export the shown run (its current view, as the host knows it) through the export command's options and save dialog. */
export interface ExportMessage { readonly type: 'export'; readonly runId: string; readonly kind: ExportKind }

/** Shape the whole result for this chart choice; answered by `chart` (or a `notice`). */
export interface GetChartMessage { readonly type: 'getChart'; readonly requestId: number; readonly runId: string; readonly choice: ChartChoice }
export type ChartImageFormat = 'png' | 'svg';
export const CHART_IMAGE_FORMATS: readonly ChartImageFormat[] = ['png', 'svg'];
/** Largest chart image the host accepts (characters of `data`). */
export const MAX_CHART_IMAGE = 64 * 1024 * 1024;
/**
 * Save the drawn chart: PNG as base64, SVG as text. `requestId` answers the host's `exportChart`
 * (the Save Chart command); without it the user clicked Save in the panel. The host checks the
 * bytes (a PNG signature; an SVG without scripts) before it writes anything.
 */
export interface SaveChartMessage { readonly type: 'saveChart'; readonly runId: string; readonly format: ChartImageFormat; readonly data: string; readonly requestId?: number }

export type WebviewToHost = ReadyMessage | GetRowsMessage | SetViewMessage | SwitchRunMessage | CopyMessage | InspectMessage | AddFilterMessage | ExportMessage | GetChartMessage | SaveChartMessage;

// ─── host → webview ─────────────────────────────────────────────────────────────────────

/** What the panel shows when there is no result to show. */
export interface ShowEmptyMessage {
  readonly type: 'showEmpty';
  /** Plain text shown to the user (rendered with textContent). */
  readonly text: string;
}
/** Show a run: replaces whatever the grid showed. */
export interface ShowRunMessage {
  readonly type: 'showRun';
  readonly run: RunHeader;
  readonly columns: readonly ColumnInfo[];
  readonly history: readonly HistoryEntry[];
  readonly view: ViewState;
  /** The first rows, so the grid paints without a round trip. */
  readonly firstPage: RowsPage;
  /** What the Chart tab offers for this result (absent: no Chart tab). */
  readonly chart?: ChartOffer;
}
/** The view of the shown run changed (answer to `setView`). */
export interface ViewChangedMessage { readonly type: 'viewChanged'; readonly runId: string; readonly view: ViewState; readonly firstPage: RowsPage }
/** Answer to `getRows`. */
export interface RowsMessage { readonly type: 'rows'; readonly requestId: number; readonly runId: string; readonly version: number; readonly page: RowsPage }
/** The window's history changed (a run was added while another is shown). */
export interface HistoryMessage { readonly type: 'history'; readonly history: readonly HistoryEntry[]; readonly currentId: string }
/** A short message for the status line: outcome of copy, inspect, add filter, or a refusal. */
export interface NoticeMessage { readonly type: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly text: string }
/** The host is computing a new view (sorting or filtering a large result). */
export interface BusyMessage { readonly type: 'busy'; readonly runId: string; readonly text: string }

/** Answer to `getChart`: the series to draw. */
export interface ChartMessage { readonly type: 'chart'; readonly requestId: number; readonly runId: string; readonly data: ChartData }
/** The Save Chart command: draw the shown chart as an image and answer with `saveChart` carrying this `requestId`. */
export interface ExportChartMessage { readonly type: 'exportChart'; readonly requestId: number; readonly format: ChartImageFormat }

export type HostToWebview = ShowEmptyMessage | ShowRunMessage | ViewChangedMessage | RowsMessage | HistoryMessage | NoticeMessage | BusyMessage | ChartMessage | ExportChartMessage;

// ─── validators ─────────────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;
function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
/** Hostile query text and values may be long; they are still only text. */
const isLongText = (v: unknown): v is string => typeof v === 'string';
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff;
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const arrayOf = (v: unknown, each: (x: unknown) => boolean, max = MAX_COLUMNS): v is unknown[] => Array.isArray(v) && v.length <= max && v.every(each);

export function isViewSpec(v: unknown): v is ViewSpec {
  return isObject(v)
    && arrayOf(v.sort, (s) => isObject(s) && isIndex(s.column) && oneOf(['asc', 'desc'], s.direction), 32)
    && arrayOf(v.filters, (f) => isObject(f) && isIndex(f.column) && isText(f.text, 1000))
    && isText(v.search, 1000)
    && arrayOf(v.hidden, isIndex);
}

function isCellRange(v: unknown): v is CellRange {
  return isObject(v) && isIndex(v.rowStart) && isIndex(v.rowEnd) && v.rowEnd >= v.rowStart
    && arrayOf(v.columns, isIndex) && (v.columns as unknown[]).length > 0;
}

function isColumnInfo(v: unknown): v is ColumnInfo {
  return isObject(v) && isLongText(v.name) && oneOf(COLUMN_TYPES, v.type) && isLongText(v.rawType);
}

function isRunHeader(v: unknown): v is RunHeader {
  return isObject(v) && isId(v.id) && isLongText(v.query) && isLongText(v.connectionName) && oneOf(['graph', 'legacy'], v.api)
    && isLongText(v.timeRangeLabel) && isFiniteNumber(v.startedAt) && isFiniteNumber(v.elapsedMs) && isIndex(v.totalRows)
    && (v.truncated === undefined || oneOf(['row-limit', 'size-limit'], v.truncated)) && typeof v.canAddFilter === 'boolean';
}

const isHistory = (v: unknown): v is HistoryEntry[] => arrayOf(v, (e) => isObject(e) && isId(e.id) && isLongText(e.label), 1000);

function isRowsPage(v: unknown): v is RowsPage {
  return isObject(v) && isIndex(v.start)
    && arrayOf(v.rows, (r) => Array.isArray(r) && r.every((c) => c === null || typeof c === 'string'), MAX_PAGE_ROWS);
}

function isViewState(v: unknown): v is ViewState {
  return isObject(v) && isIndex(v.version) && isViewSpec(v.spec) && isIndex(v.rowCount);
}

export function isWebviewToHost(v: unknown): v is WebviewToHost {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'ready': return v.runId === undefined || isId(v.runId);
    case 'getRows': return isIndex(v.requestId) && isId(v.runId) && isIndex(v.version) && isIndex(v.start) && isIndex(v.count) && v.count >= 1 && v.count <= MAX_PAGE_ROWS;
    case 'setView': return isId(v.runId) && isViewSpec(v.spec);
    case 'switchRun': return isId(v.runId);
    case 'copy': return isId(v.runId) && isIndex(v.version) && isCellRange(v.range) && oneOf(COPY_FORMATS, v.format) && typeof v.headers === 'boolean';
    case 'inspect': return isId(v.runId) && isIndex(v.version) && isIndex(v.row) && isIndex(v.column);
    case 'addFilter': return isId(v.runId) && isIndex(v.version) && isIndex(v.row) && isIndex(v.column) && oneOf(FILTER_OPERATORS, v.op);
    case 'export': return isId(v.runId) && oneOf(EXPORT_KINDS, v.kind);
    case 'getChart': return isIndex(v.requestId) && isId(v.runId) && isChartChoice(v.choice);
    case 'saveChart': return isId(v.runId) && oneOf(CHART_IMAGE_FORMATS, v.format) && typeof v.data === 'string' && v.data.length > 0 && v.data.length <= MAX_CHART_IMAGE
      && (v.requestId === undefined || isIndex(v.requestId));
    default: return false;
  }
}

export function isHostToWebview(v: unknown): v is HostToWebview {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'showEmpty': return isLongText(v.text);
    case 'showRun': return isRunHeader(v.run) && arrayOf(v.columns, isColumnInfo) && isHistory(v.history) && isViewState(v.view) && isRowsPage(v.firstPage)
      && (v.chart === undefined || isChartOffer(v.chart));
    case 'viewChanged': return isId(v.runId) && isViewState(v.view) && isRowsPage(v.firstPage);
    case 'rows': return isIndex(v.requestId) && isId(v.runId) && isIndex(v.version) && isRowsPage(v.page);
    case 'history': return isHistory(v.history) && isId(v.currentId);
    case 'notice': return oneOf(['info', 'warning', 'error'], v.level) && isText(v.text);
    case 'busy': return isId(v.runId) && isText(v.text);
    case 'chart': return isIndex(v.requestId) && isId(v.runId) && isChartData(v.data);
    case 'exportChart': return isIndex(v.requestId) && oneOf(CHART_IMAGE_FORMATS, v.format);
    default: return false;
  }
}
