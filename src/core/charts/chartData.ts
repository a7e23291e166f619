/**
 * Shapes a whole result into the series a chart draws, in the extension host (the webview only
 * ever holds pages of rows): x values by axis kind, one series per (series columns' values ×
 * y column), duplicates summed, time and numeric axes in ascending order, stacking and 100 %
 * stacking computed here (so every series is aligned on the same x values), too many series or
 * categories folded into "Other" with a note, and nulls kept as gaps.
 */
import { cellText } from '../results/cellText';
import type { CellValue, RenderSpec, ResultColumn, ResultSet } from '../results/resultSet';
import { numericValue } from '../results/scalars';
import type { AxisKind, ChartChoice, ChartData, ChartSeries } from '../../shared/charts';

export interface ShapeOptions {
  /** Series drawn at most; the rest are summed into one "Other" series. */
  readonly maxSeries?: number;
  /** Categories (column/bar x labels) at most; the ones with the largest totals are kept. */
  readonly maxCategories?: number;
  /** Pie slices at most; the smallest are summed into "Other". */
  readonly maxSlices?: number;
}

export const DEFAULT_MAX_SERIES = 20;
export const DEFAULT_MAX_CATEGORIES = 500;
export const DEFAULT_MAX_SLICES = 20;

/** Label of a null or empty text value on a category axis, in a legend or a pie. */
export const NULL_LABEL = '(null)';

interface Accumulated {
  readonly name: string;
  /** x key → summed y (null while every value seen there was null). */
  readonly points: Map<number, number | null>;
  /** Scatter keeps every point, duplicates included. */
  readonly raw: [number, number | null][];
  total: number;
}

/** How a chart type lays out x: pie, column and bar charts always use categories. */
export function axisKind(choice: ChartChoice, xColumn: ResultColumn): AxisKind {
  if (choice.type === 'piechart' || choice.type === 'columnchart' || choice.type === 'barchart') return 'category';
  if (xColumn.type === 'datetime') return 'time';
  if (xColumn.type === 'long' || xColumn.type === 'int' || xColumn.type === 'real' || xColumn.type === 'decimal') return 'linear';
  return 'category';
}

/**
 * The chart of `result` for `choice`. `render` supplies the axis titles, legend, log axis,
 * y range and accumulation when the choice came from the query's `render`.
 */
export function shapeChart(result: ResultSet, choice: ChartChoice, render?: RenderSpec, options: ShapeOptions = {}): ChartData {
  const steps = shapeSteps(result, choice, render, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Rows read between checks of the clock (a step of {@link shapeSteps}). */
const ROWS_PER_STEP = 2048;

/**
 * {@link shapeChart} without holding up the extension host: the rows are read in steps, and the
 * event loop gets a turn every `sliceMs` (8 ms). Rejects with an AbortError when `signal` aborts.
 */
export async function shapeChartAsync(result: ResultSet, choice: ChartChoice, render?: RenderSpec, options: ShapeOptions = {}, run: { signal?: AbortSignal; sliceMs?: number; onSlice?: (ms: number) => void } = {}): Promise<ChartData> {
  const steps = shapeSteps(result, choice, render, options);
  const sliceMs = run.sliceMs ?? 8;
  for (;;) {
    const t0 = performance.now();
    let step = steps.next();
    while (!step.done && performance.now() - t0 < sliceMs) step = steps.next();
    run.onSlice?.(performance.now() - t0);
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (run.signal?.aborted) throw Object.assign(new Error('Charting was cancelled.'), { name: 'AbortError' });
  }
}

function* shapeSteps(result: ResultSet, choice: ChartChoice, render: RenderSpec | undefined, options: ShapeOptions): Generator<void, ChartData> {
  const index = new Map(result.columns.map((c, i) => [c.name, i]));
  const xi = index.get(choice.x);
  if (xi === undefined) throw new Error(`The result has no column ${choice.x}.`);
  const yis = choice.y.map((n) => index.get(n)).filter((i): i is number => i !== undefined);
  if (yis.length === 0) throw new Error('Choose at least one numeric column for y.');
  const sis = choice.series.map((n) => index.get(n)).filter((i): i is number => i !== undefined);
  const xColumn = result.columns[xi];
  const kind = axisKind(choice, xColumn);
  const pie = choice.type === 'piechart';
  const scatter = choice.type === 'scatterchart';
  const notes: string[] = [];

  const categories: string[] = [];
  const categoryIndex = new Map<string, number>();
  const series = new Map<string, Accumulated>();
  let skippedX = 0, summed = 0;
  const multipleY = yis.length > 1 && !pie;

  let read = 0;
  for (const row of result.rows) {
    if (++read % ROWS_PER_STEP === 0) yield;
    const xValue = row[xi];
    let x: number;
    if (kind === 'category') {
      const label = pie && sis.length ? [labelOf(xValue), ...sis.map((s) => labelOf(row[s]))].join(' · ') : labelOf(xValue);
      let at = categoryIndex.get(label);
      if (at === undefined) { at = categories.length; categories.push(label); categoryIndex.set(label, at); }
      x = at;
    } else {
      x = numericValue(xValue, xColumn.type);
      if (!Number.isFinite(x)) { skippedX++; continue; }
    }
    const key = pie ? '' : sis.map((s) => labelOf(row[s])).join(' · ');
    for (const yi of pie ? yis.slice(0, 1) : yis) {
      const name = pie ? result.columns[yi].name : seriesName(key, sis.length > 0, result.columns[yi].name, multipleY);
      let acc = series.get(name);
      if (!acc) { acc = { name, points: new Map(), raw: [], total: 0 }; series.set(name, acc); }
      const v = numericValue(row[yi], result.columns[yi].type);
      const y = Number.isFinite(v) ? v : null;
      if (y !== null) acc.total += Math.abs(y);
      if (scatter) { acc.raw.push([x, y]); continue; }
      if (acc.points.has(x)) {
        summed++;
        const prev = acc.points.get(x) ?? null;
        acc.points.set(x, prev === null ? y : y === null ? prev : prev + y);
      } else acc.points.set(x, y);
    }
  }

  if (skippedX) notes.push(`${count(skippedX)} row${skippedX === 1 ? '' : 's'} with no ${choice.x} value ${skippedX === 1 ? 'is' : 'are'} not drawn.`);
  if (summed && !pie) notes.push(`${count(summed)} value${summed === 1 ? '' : 's'} shared an x value with another row of the same series; they are summed.`);
  if (pie && yis.length > 1) notes.push(`A pie chart shows one value column: ${result.columns[yis[0]].name}.`);

  yield;
  let list = [...series.values()];
  let cats = categories;
  if (pie) {
    ({ list, categories: cats } = capSlices(list, categories, options.maxSlices ?? DEFAULT_MAX_SLICES, notes));
  } else {
    if (kind === 'category') ({ list, categories: cats } = capCategories(list, categories, options.maxCategories ?? DEFAULT_MAX_CATEGORIES, notes));
    list = capSeries(list, options.maxSeries ?? DEFAULT_MAX_SERIES, notes, scatter);
  }

  yield;
  let out: ChartSeries[] = list.map((s) => toSeries(s, scatter));
  yield;
  const stackable = choice.type === 'areachart' || choice.type === 'stackedareachart' || choice.type === 'columnchart' || choice.type === 'barchart';
  const percent = stackable && choice.kind === 'stacked100';
  if (stackable && choice.kind !== 'unstacked') out = align(out, percent);
  if (flag(render, 'accumulate') === 'true' && !pie && !scatter) out = out.map(accumulate);

  const number = (name: string) => { const v = Number(prop(render, name)); return prop(render, name) !== undefined && Number.isFinite(v) ? v : undefined; };
  const ymin = number('ymin'), ymax = number('ymax');
  return {
    choice,
    xAxis: { kind, title: prop(render, 'xtitle') ?? choice.x },
    yAxis: {
      title: prop(render, 'ytitle') ?? (percent ? '%' : choice.y.length === 1 ? choice.y[0] : ''),
      log: flag(render, 'yaxis') === 'log', percent,
      ...(ymin !== undefined ? { min: ymin } : {}), ...(ymax !== undefined ? { max: ymax } : {}),
    },
    categories: cats,
    series: out,
    legend: flag(render, 'legend') !== 'hidden',
    notes,
  };
}

function prop(render: RenderSpec | undefined, name: string): string | undefined {
  const v = render?.properties[name];
  return typeof v === 'string' ? v : undefined;
}

/** A keyword-valued property (`legend=hidden`, `yaxis=log`, `accumulate=true`), compared case-insensitively. */
const flag = (render: RenderSpec | undefined, name: string): string | undefined => prop(render, name)?.toLowerCase();

function labelOf(v: CellValue | undefined): string {
  if (v === null || v === undefined) return NULL_LABEL;
  const text = cellText(v);
  return text === '' ? NULL_LABEL : text;
}

/** Kusto's naming: the series value; with several y columns, `value:column`; without series columns, the column. */
function seriesName(key: string, hasSeries: boolean, column: string, multipleY: boolean): string {
  if (!hasSeries) return column;
  return multipleY ? `${key}:${column}` : key;
}

const count = (n: number) => n.toLocaleString('en-US');

function toSeries(s: Accumulated, scatter: boolean): ChartSeries {
  const pairs: [number, number | null][] = scatter ? s.raw : [...s.points.entries()];
  // Time and numeric axes draw left to right (the bins in time order, whatever the rows' order);
  // category indices follow the order in which the result first listed each category.
  pairs.sort((a, b) => a[0] - b[0]);
  return { name: s.name, x: pairs.map((p) => p[0]), y: pairs.map((p) => p[1]) };
}

/** Keeps the `max - 1` series with the largest totals and sums the rest into "Other". */
function capSeries(list: Accumulated[], max: number, notes: string[], scatter: boolean): Accumulated[] {
  if (list.length <= max) return list;
  const ranked = [...list].sort((a, b) => b.total - a.total);
  const keep = new Set(ranked.slice(0, max - 1));
  const rest = ranked.slice(max - 1);
  const other: Accumulated = { name: `Other (${count(rest.length)} series)`, points: new Map(), raw: [], total: 0 };
  for (const s of rest) {
    other.total += s.total;
    if (scatter) { for (const p of s.raw) other.raw.push(p); continue; }
    for (const [x, y] of s.points) {
      const prev = other.points.get(x);
      other.points.set(x, prev === undefined || prev === null ? y : y === null ? prev : prev + y);
    }
  }
  notes.push(`${count(list.length)} series: the ${max - 1} largest are drawn, the other ${count(rest.length)} are ${scatter ? 'merged' : 'summed'} into "${other.name}".`);
  return [...list.filter((s) => keep.has(s)), other];
}

/** Keeps the categories with the largest totals over every series, in their original order. */
function capCategories(list: Accumulated[], categories: string[], max: number, notes: string[]): { list: Accumulated[]; categories: string[] } {
  if (categories.length <= max) return { list, categories };
  const totals = new Float64Array(categories.length);
  for (const s of list) for (const [x, y] of s.points) totals[x] += Math.abs(y ?? 0);
  const kept = [...categories.keys()].sort((a, b) => totals[b] - totals[a]).slice(0, max).sort((a, b) => a - b);
  const remap = new Map(kept.map((old, i) => [old, i]));
  notes.push(`${count(categories.length)} distinct ${categories.length === 1 ? 'value' : 'values'} on x: the ${count(max)} with the largest totals are drawn.`);
  return {
    categories: kept.map((i) => categories[i]),
    list: list.map((s) => {
      const points = new Map<number, number | null>();
      for (const [x, y] of s.points) { const at = remap.get(x); if (at !== undefined) points.set(at, y); }
      return { ...s, points };
    }),
  };
}

/** A pie: slices by size, the smallest summed into "Other" past `max`. */
function capSlices(list: Accumulated[], categories: string[], max: number, notes: string[]): { list: Accumulated[]; categories: string[] } {
  const s = list[0];
  if (!s) return { list, categories };
  const slices = [...s.points.entries()].filter((p): p is [number, number] => p[1] !== null && p[1] > 0).sort((a, b) => b[1] - a[1]);
  const dropped = s.points.size - slices.length;
  if (dropped) notes.push(`${count(dropped)} slice${dropped === 1 ? '' : 's'} with no positive value ${dropped === 1 ? 'is' : 'are'} left out.`);
  let kept = slices;
  const names = kept.map(([x]) => categories[x]);
  if (slices.length > max) {
    kept = slices.slice(0, max - 1);
    const rest = slices.slice(max - 1);
    const otherName = `Other (${count(rest.length)})`;
    names.length = 0;
    names.push(...kept.map(([x]) => categories[x]), otherName);
    kept = [...kept, [-1, rest.reduce((a, [, y]) => a + y, 0)]];
    notes.push(`${count(slices.length)} slices: the ${max - 1} largest are drawn, the other ${count(rest.length)} are summed into "${otherName}".`);
  }
  const points = new Map<number, number | null>(kept.map(([, y], i) => [i, y]));
  return { list: [{ ...s, points }], categories: names };
}

/** Every series on the union of x values (missing and null count as 0), optionally as % of each x's total. */
function align(list: ChartSeries[], percent: boolean): ChartSeries[] {
  const xs = [...new Set(list.flatMap((s) => s.x))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const values = list.map((s) => {
    const v = new Array<number>(xs.length).fill(0);
    s.x.forEach((x, i) => { v[at.get(x)!] = s.y[i] ?? 0; });
    return v;
  });
  if (percent) {
    for (let i = 0; i < xs.length; i++) {
      const total = values.reduce((a, v) => a + v[i], 0);
      for (const v of values) v[i] = total === 0 ? 0 : (v[i] / total) * 100;
    }
  }
  return list.map((s, k) => ({ name: s.name, x: xs, y: values[k] }));
}

/** `accumulate=true`: each point is the running total of its series. */
function accumulate(s: ChartSeries): ChartSeries {
  let sum = 0;
  return { ...s, y: s.y.map((v) => (v === null ? null : (sum += v))) };
}
