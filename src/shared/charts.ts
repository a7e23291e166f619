/**
 * The chart shapes both sides of the results webview share: what the user picked (type, x, y,
 * series, stacking) and the series the host shaped from the whole result for the webview to
 * draw. Validators here, because the other side is another process (see protocol.ts).
 * Every name and label in these shapes comes from result data and is hostile: the webview
 * draws it on a canvas or sets it as text, never as markup.
 */

/** The `render` chart types we draw (Kusto's names). */
export type ChartType = 'timechart' | 'linechart' | 'areachart' | 'stackedareachart' | 'columnchart' | 'barchart' | 'piechart' | 'scatterchart';
export const CHART_TYPES: readonly ChartType[] = ['timechart', 'linechart', 'areachart', 'stackedareachart', 'columnchart', 'barchart', 'piechart', 'scatterchart'];
export const CHART_TYPE_LABELS: Readonly<Record<ChartType, string>> = {
  timechart: 'Time chart', linechart: 'Line chart', areachart: 'Area chart', stackedareachart: 'Stacked area chart',
  columnchart: 'Column chart', barchart: 'Bar chart', piechart: 'Pie chart', scatterchart: 'Scatter chart',
};

/** Kusto's `kind`: how series of area, column and bar charts combine. */
export type StackMode = 'unstacked' | 'stacked' | 'stacked100';
export const STACK_MODES: readonly StackMode[] = ['unstacked', 'stacked', 'stacked100'];

/** What to chart: a `render` (resolved against the columns) or the user's pick. Column names. */
export interface ChartChoice {
  readonly type: ChartType;
  readonly x: string;
  readonly y: readonly string[];
  readonly series: readonly string[];
  readonly kind: StackMode;
  /** From `render … with (title=…)`; empty for none. */
  readonly title: string;
}

/** How the x axis is scaled: epoch milliseconds, plain numbers, or category indices into `categories`. */
export type AxisKind = 'time' | 'linear' | 'category';

export interface ChartSeries {
  readonly name: string;
  /** x values (epoch ms, numbers, or indices into `categories`), ascending for time and linear axes. */
  readonly x: readonly number[];
  /** y per x; null is a gap (a null cell). */
  readonly y: readonly (number | null)[];
}

/** What the webview draws: the host computed it from every row of the result. */
export interface ChartData {
  readonly choice: ChartChoice;
  readonly xAxis: { readonly kind: AxisKind; readonly title: string };
  readonly yAxis: { readonly title: string; readonly log: boolean; readonly min?: number; readonly max?: number; readonly percent: boolean };
  /** Labels of a category axis (column/bar charts) or of the slices (pie chart). */
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Legend shown or hidden (`legend=hidden`). */
  readonly legend: boolean;
  /** Plain-text remarks for the user: capped series, skipped rows. */
  readonly notes: readonly string[];
}

/** Which columns the picker offers for each role, and the choice to start with. */
export interface ChartOffer {
  /** Candidate x columns (datetime, string, numeric) in result order. */
  readonly xColumns: readonly string[];
  /** Numeric columns. */
  readonly yColumns: readonly string[];
  /** String-like columns that can split series. */
  readonly seriesColumns: readonly string[];
  /** The render's chart (resolved), or the default for the Chart button. */
  readonly initial: ChartChoice;
  /** True when the query asked for this chart with `render` (the panel opens on the Chart tab). */
  readonly fromRender: boolean;
  /** Why a `render` could not be drawn as asked (e.g. `render card`), shown as a note. */
  readonly renderNote?: string;
}

// ─── validators ─────────────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const stringList = (v: unknown, max: number): v is string[] => Array.isArray(v) && v.length <= max && v.every(isString);

/** Columns in one choice: the picker offers at most this many y and series columns. */
export const MAX_CHOICE_COLUMNS = 64;
/** A hostile host could send anything; these bound what the webview accepts. */
export const MAX_SERIES = 1000;
export const MAX_POINTS = 2_000_000;

export function isChartChoice(v: unknown): v is ChartChoice {
  return isObject(v) && oneOf(CHART_TYPES, v.type) && isString(v.x) && v.x.length <= 10_000
    && stringList(v.y, MAX_CHOICE_COLUMNS) && stringList(v.series, MAX_CHOICE_COLUMNS) && oneOf(STACK_MODES, v.kind)
    && isString(v.title) && v.title.length <= 10_000;
}

export function isChartOffer(v: unknown): v is ChartOffer {
  return isObject(v) && stringList(v.xColumns, 10_000) && stringList(v.yColumns, 10_000) && stringList(v.seriesColumns, 10_000)
    && isChartChoice(v.initial) && typeof v.fromRender === 'boolean' && (v.renderNote === undefined || isString(v.renderNote));
}

const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
const isFinite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

export function isChartData(v: unknown): v is ChartData {
  if (!isObject(v) || !isChartChoice(v.choice) || !isObject(v.xAxis) || !isObject(v.yAxis)) return false;
  if (!oneOf(['time', 'linear', 'category'], v.xAxis.kind) || !isString(v.xAxis.title)) return false;
  const y = v.yAxis;
  if (!isString(y.title) || typeof y.log !== 'boolean' || typeof y.percent !== 'boolean' || (y.min !== undefined && !isFinite(y.min)) || (y.max !== undefined && !isFinite(y.max))) return false;
  if (!stringList(v.categories, MAX_POINTS) || typeof v.legend !== 'boolean' || !stringList(v.notes, 100)) return false;
  if (!Array.isArray(v.series) || v.series.length > MAX_SERIES) return false;
  let points = 0;
  for (const s of v.series as unknown[]) {
    if (!isObject(s) || !isString(s.name) || !Array.isArray(s.x) || !Array.isArray(s.y) || s.x.length !== s.y.length) return false;
    points += s.x.length;
    if (points > MAX_POINTS || !s.x.every(isFinite) || !s.y.every(isNumberOrNull)) return false;
  }
  return true;
}
