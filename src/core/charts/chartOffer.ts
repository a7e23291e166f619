/**
 * Which results can be charted, and what to chart first: a query's `render` resolved against the
 * result's columns, or the portal's defaults for the Chart button (x = the first datetime or
 * string column, y = the numeric columns, series = the remaining string columns).
 */
import type { KqlType } from '../schema/schema';
import type { RenderSpec, ResultColumn } from '../results/resultSet';
import { CHART_TYPES, type ChartChoice, type ChartOffer, type ChartType, MAX_CHOICE_COLUMNS, STACK_MODES, type StackMode } from '../../shared/charts';

/** Types drawn as y values. */
export function isMeasureType(type: KqlType): boolean {
  return type === 'long' || type === 'int' || type === 'real' || type === 'decimal';
}

/** Types that name series (and categories): text-like values. */
export function isLabelType(type: KqlType): boolean {
  return type === 'string' || type === 'guid' || type === 'bool';
}

/**
 * `render` names we cannot draw as such, and what we show instead (or nothing for a grid-only
 * visualization). Kusto's `anomalychart` is a timechart with anomaly markers; `ladderchart` a
 * bar chart of intervals.
 */
const RENDER_FALLBACK: Readonly<Record<string, ChartType | null>> = {
  anomalychart: 'timechart', ladderchart: 'barchart', timeladderchart: 'barchart', table: null, card: null,
  pivotchart: null, timepivot: null, treemap: null, '3dchart': null, list: null, graph: null, plotly: null,
};

/** True when the Chart button applies: a datetime or string column and a numeric one. */
export function canChart(columns: readonly ResultColumn[]): boolean {
  return columns.some((c) => isMeasureType(c.type)) && columns.some((c) => c.type === 'datetime' || isLabelType(c.type));
}

/**
 * What the Chart tab offers for a result, or undefined when there is nothing to chart (no
 * numeric column, or `render table`/`card` on a result the Chart button would not chart either).
 */
export function chartOffer(columns: readonly ResultColumn[], render?: RenderSpec): ChartOffer | undefined {
  const xColumns = columns.filter((c) => c.type === 'datetime' || isLabelType(c.type) || isMeasureType(c.type)).map((c) => c.name);
  const yColumns = columns.filter((c) => isMeasureType(c.type)).map((c) => c.name);
  const seriesColumns = columns.filter((c) => isLabelType(c.type)).map((c) => c.name);
  if (yColumns.length === 0) return undefined;
  let renderNote: string | undefined;
  if (render) {
    const asked = render.visualization.toLowerCase();
    const type = (CHART_TYPES as readonly string[]).includes(asked) ? asked as ChartType : RENDER_FALLBACK[asked];
    if (type) {
      if (type !== asked) renderNote = `render ${asked} is shown as a ${type}.`;
      const initial = resolveChoice(columns, type, render);
      if (initial) return { xColumns, yColumns, seriesColumns, initial, fromRender: true, ...(renderNote ? { renderNote } : {}) };
      renderNote = `This result has no columns that render ${asked} can use.`;
    } else if (asked in RENDER_FALLBACK) {
      renderNote = `render ${asked || '(none)'} has no chart here; the grid shows the result.`;
    } else {
      renderNote = `render ${asked} is not a chart type this panel knows; showing the default chart.`;
    }
  }
  if (!canChart(columns)) return undefined;
  const initial = resolveChoice(columns, defaultType(columns));
  if (!initial) return undefined;
  return { xColumns, yColumns, seriesColumns, initial, fromRender: false, ...(renderNote ? { renderNote } : {}) };
}

/** A time chart when there is a datetime column, else a column chart, as the portal picks. */
function defaultType(columns: readonly ResultColumn[]): ChartType {
  return columns.some((c) => c.type === 'datetime') ? 'timechart' : 'columnchart';
}

const prop = (render: RenderSpec | undefined, name: string): string | undefined => {
  const v = render?.properties[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : undefined;
};
const propList = (render: RenderSpec | undefined, name: string): string[] => {
  const v = render?.properties[name];
  return typeof v === 'string' ? [v] : Array.isArray(v) ? [...v] : [];
};

/**
 * A complete choice for `type` on these columns: the render's xcolumn/ycolumns/series where they
 * name real columns (Kusto's names are case-sensitive), and the defaults for what it leaves out.
 * Undefined when the columns cannot make this chart (no numeric column; a timechart without a
 * datetime column).
 */
export function resolveChoice(columns: readonly ResultColumn[], type: ChartType, render?: RenderSpec, picked?: Partial<ChartChoice>): ChartChoice | undefined {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const has = (name: string | undefined, ok: (t: KqlType) => boolean) => name !== undefined && byName.has(name) && ok(byName.get(name)!.type);
  const xOk = (t: KqlType) => type === 'timechart' ? t === 'datetime' : type === 'scatterchart' ? t === 'datetime' || isMeasureType(t) : t === 'datetime' || isLabelType(t) || isMeasureType(t);

  let x = picked?.x ?? prop(render, 'xcolumn');
  if (!has(x, xOk)) x = defaultX(columns, type);
  if (x === undefined) return undefined;

  let y = (picked?.y ?? propList(render, 'ycolumns')).filter((n) => n !== x && has(n, isMeasureType));
  if (y.length === 0) y = columns.filter((c) => c.name !== x && isMeasureType(c.type)).map((c) => c.name);
  if (y.length === 0) return undefined;

  const requestedSeries = picked?.series ?? (render?.properties.series !== undefined ? propList(render, 'series') : undefined);
  let series = requestedSeries?.filter((n) => n !== x && !y.includes(n) && byName.has(n))
    ?? columns.filter((c) => c.name !== x && isLabelType(c.type)).map((c) => c.name);
  if (type === 'piechart' && requestedSeries === undefined) series = [];
  series = series.slice(0, MAX_CHOICE_COLUMNS);
  y = y.slice(0, MAX_CHOICE_COLUMNS);

  const kindText = (picked?.kind ?? prop(render, 'kind') ?? '').toLowerCase();
  let kind: StackMode = (STACK_MODES as readonly string[]).includes(kindText) ? kindText as StackMode : 'unstacked';
  if (type === 'stackedareachart' && kind === 'unstacked' && !picked?.kind) kind = 'stacked';
  return { type, x, y, series, kind, title: picked?.title ?? prop(render, 'title') ?? '' };
}

/** The portal's x: for a time chart the first datetime column; otherwise the first datetime or string column. */
function defaultX(columns: readonly ResultColumn[], type: ChartType): string | undefined {
  const first = (ok: (t: KqlType) => boolean) => columns.find((c) => ok(c.type))?.name;
  if (type === 'timechart') return first((t) => t === 'datetime');
  if (type === 'scatterchart') return first((t) => t === 'datetime') ?? first(isMeasureType);
  if (type === 'piechart' || type === 'columnchart' || type === 'barchart') return first(isLabelType) ?? first((t) => t === 'datetime') ?? first(isMeasureType);
  return first((t) => t === 'datetime') ?? first(isLabelType) ?? first(isMeasureType);
}
