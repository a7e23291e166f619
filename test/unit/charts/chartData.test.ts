import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shapeChart, shapeChartAsync } from '../../../src/core/charts/chartData';
import { resolveChoice } from '../../../src/core/charts/chartOffer';
import { kqlTypeOf, type CellValue, type RenderSpec, type ResultSet } from '../../../src/core/results/resultSet';
import { type ChartChoice, type ChartType, isChartData } from '../../../src/shared/charts';

const result = (columns: [string, string][], rows: CellValue[][]): ResultSet => ({
  columns: columns.map(([name, rawType]) => ({ name, rawType, type: kqlTypeOf(rawType) })), rows,
});
const h = (hour: number) => `2026-11-01T${String(hour).padStart(2, '0')}:00:00Z`;
const ms = (hour: number) => Date.UTC(2026, 10, 1, hour);

/** `summarize count() by bin(Timestamp, 1h), DeviceName`, rows deliberately out of time order. */
const hourly = result([['Timestamp', 'DateTime'], ['DeviceName', 'String'], ['count_', 'Int64']], [
  [h(2), 'pc1', 5], [h(0), 'pc1', 1], [h(1), 'pc2', 7], [h(0), 'pc2', 3], [h(1), 'pc1', 2],
]);

const choose = (r: ResultSet, type: ChartType, picked?: Partial<ChartChoice>, render?: RenderSpec) => {
  const c = resolveChoice(r.columns, type, render, picked);
  assert.ok(c, `choice for ${type}`);
  return c;
};
const shape = (r: ResultSet, type: ChartType, picked?: Partial<ChartChoice>, render?: RenderSpec, opts = {}) => {
  const data = shapeChart(r, choose(r, type, picked, render), render, opts);
  assert.ok(isChartData(data), 'valid for the protocol');
  return data;
};

describe('chart data: time charts', () => {
  it('one series per DeviceName, bins in time order whatever the row order', () => {
    const d = shape(hourly, 'timechart');
    assert.equal(d.xAxis.kind, 'time');
    assert.deepEqual(d.series, [
      { name: 'pc1', x: [ms(0), ms(1), ms(2)], y: [1, 2, 5] },
      { name: 'pc2', x: [ms(0), ms(1)], y: [3, 7] },
    ]);
    assert.deepEqual([d.xAxis.title, d.yAxis.title, d.legend, d.notes], ['Timestamp', 'count_', true, []]);
  });

  it('without series columns the series is the y column; several y columns make several series', () => {
    const r = result([['Timestamp', 'DateTime'], ['a', 'Int64'], ['b', 'Double']], [[h(1), 1, 0.5], [h(0), 2, null]]);
    assert.deepEqual(shape(r, 'linechart').series, [
      { name: 'a', x: [ms(0), ms(1)], y: [2, 1] },
      { name: 'b', x: [ms(0), ms(1)], y: [null, 0.5] },
    ]);
  });

  it('names series value:column when there are series columns and several y columns (Kusto\'s naming)', () => {
    const r = result([['Timestamp', 'DateTime'], ['Dev', 'String'], ['a', 'Int64'], ['b', 'Int64']], [[h(0), 'x', 1, 2]]);
    assert.deepEqual(shape(r, 'timechart').series.map((s) => s.name), ['x:a', 'x:b']);
  });

  it('keeps null y as a gap, skips rows without x with a note, labels null series values', () => {
    const r = result([['Timestamp', 'DateTime'], ['Dev', 'String'], ['n', 'Int64']], [[h(0), null, null], [null, 'a', 4], ['not a date', 'a', 1], [h(1), '', 3]]);
    const d = shape(r, 'timechart');
    assert.deepEqual(d.series, [{ name: '(null)', x: [ms(0), ms(1)], y: [null, 3] }]);
    assert.deepEqual(d.notes, ['2 rows with no Timestamp value are not drawn.']);
  });

  it('sums duplicate x values of one series, with a note', () => {
    const r = result([['Timestamp', 'DateTime'], ['n', 'Int64']], [[h(0), 1], [h(0), 2], [h(1), 4]]);
    const d = shape(r, 'timechart');
    assert.deepEqual(d.series, [{ name: 'n', x: [ms(0), ms(1)], y: [3, 4] }]);
    assert.match(d.notes.join(' '), /1 value shared an x value/);
  });

  it('reads 64-bit integers sent as strings and fractional datetimes', () => {
    const r = result([['Timestamp', 'DateTime'], ['n', 'Int64']], [['2026-11-01T00:00:00.1234567Z', '9007199254740993']]);
    const d = shape(r, 'timechart');
    assert.equal(d.series[0].y[0], 9007199254740992);
    assert.ok(Math.abs(d.series[0].x[0] - (ms(0) + 123.4567)) < 1e-3);
  });

  it('applies render titles, legend, log axis, y range and accumulate', () => {
    const props: RenderSpec = { visualization: 'timechart', properties: { xtitle: 'When', ytitle: 'How many', legend: 'Hidden', yaxis: 'log', ymin: '1', ymax: '1e3', accumulate: 'true', title: 'x' } };
    const d = shape(hourly, 'timechart', undefined, props);
    assert.deepEqual(d.xAxis, { kind: 'time', title: 'When' });
    assert.deepEqual(d.yAxis, { title: 'How many', log: true, percent: false, min: 1, max: 1000 });
    assert.equal(d.legend, false);
    assert.deepEqual(d.series[0].y, [1, 3, 8]);
  });
});

describe('chart data: stacking', () => {
  it('stacked areas: every series on the union of x values, missing as 0', () => {
    const d = shape(hourly, 'areachart', { kind: 'stacked' });
    assert.deepEqual(d.series, [
      { name: 'pc1', x: [ms(0), ms(1), ms(2)], y: [1, 2, 5] },
      { name: 'pc2', x: [ms(0), ms(1), ms(2)], y: [3, 7, 0] },
    ]);
    assert.equal(d.yAxis.percent, false);
  });

  it('stacked100: each x sums to 100 %', () => {
    const d = shape(hourly, 'stackedareachart', { kind: 'stacked100' });
    const rounded = d.series.map((s) => s.y.map((v) => Number((v ?? NaN).toFixed(6))));
    assert.deepEqual(rounded, [[25, 22.222222, 100], [75, 77.777778, 0]]);
    assert.deepEqual([d.yAxis.percent, d.yAxis.title], [true, '%']);
  });

  it('stacked100 with an all-zero x stays 0 (no division by zero)', () => {
    const r = result([['Name', 'String'], ['a', 'Int64'], ['b', 'Int64']], [['x', 0, 0], ['y', 1, 3]]);
    assert.deepEqual(shape(r, 'columnchart', { kind: 'stacked100' }).series.map((s) => s.y), [[0, 25], [0, 75]]);
  });

  it('unstacked line charts are not aligned; kind is ignored for lines', () => {
    assert.deepEqual(shape(hourly, 'linechart', { kind: 'stacked' }).series[1].x, [ms(0), ms(1)]);
  });
});

describe('chart data: categories, pies, scatter', () => {
  const actions = result([['ActionType', 'String'], ['Total', 'Int64']], [['ProcessCreated', 30], ['FileCreated', 10], ['LogonSuccess', 60], ['FileCreated', 5]]);

  it('column chart: categories in the result\'s order, duplicates summed', () => {
    const d = shape(actions, 'columnchart');
    assert.equal(d.xAxis.kind, 'category');
    assert.deepEqual(d.categories, ['ProcessCreated', 'FileCreated', 'LogonSuccess']);
    assert.deepEqual(d.series, [{ name: 'Total', x: [0, 1, 2], y: [30, 15, 60] }]);
  });

  it('bar chart over a datetime x uses its text as categories', () => {
    const d = shape(hourly, 'barchart', { x: 'Timestamp', series: [] });
    assert.deepEqual(d.categories, [h(2), h(0), h(1)]);
  });

  it('pie: slices largest first, non-positive ones left out with a note', () => {
    const r = result([['ActionType', 'String'], ['Total', 'Int64']], [['a', 30], ['b', 0], ['c', 60], ['d', null], ['e', 10]]);
    const d = shape(r, 'piechart');
    assert.deepEqual(d.categories, ['c', 'a', 'e']);
    assert.deepEqual(d.series, [{ name: 'Total', x: [0, 1, 2], y: [60, 30, 10] }]);
    assert.deepEqual(d.notes, ['2 slices with no positive value are left out.']);
  });

  it('pie with series columns labels slices "x · series"; too many slices fold into Other', () => {
    const rows: CellValue[][] = [];
    for (let i = 0; i < 30; i++) rows.push([`act${i}`, i % 2 ? 'pc1' : 'pc2', i + 1]);
    const r = result([['A', 'String'], ['D', 'String'], ['n', 'Int64']], rows);
    const d = shape(r, 'piechart', { series: ['D'] }, undefined, { maxSlices: 5 });
    assert.deepEqual(d.categories, ['act29 · pc1', 'act28 · pc2', 'act27 · pc1', 'act26 · pc2', 'Other (26)']);
    assert.equal(d.series[0].y[4], (26 * 27) / 2);
    assert.match(d.notes.join(' '), /30 slices: the 4 largest are drawn/);
  });

  it('scatter keeps every point, duplicates included, ordered by x', () => {
    const r = result([['Size', 'Int64'], ['Score', 'Double']], [[3, 1.5], [1, 2], [3, 0.5]]);
    assert.deepEqual(shape(r, 'scatterchart').series, [{ name: 'Score', x: [1, 3, 3], y: [2, 1.5, 0.5] }]);
  });
});

describe('chart data: caps', () => {
  const many = (n: number) => {
    const rows: CellValue[][] = [];
    for (let s = 0; s < n; s++) for (let t = 0; t < 3; t++) rows.push([h(t), `dev${s}`, s + 1]);
    return result([['Timestamp', 'DateTime'], ['Dev', 'String'], ['n', 'Int64']], rows);
  };

  it('keeps the largest series and sums the rest into Other, with a note', () => {
    const d = shape(many(25), 'timechart', undefined, undefined, { maxSeries: 5 });
    assert.deepEqual(d.series.map((s) => s.name), ['dev21', 'dev22', 'dev23', 'dev24', 'Other (21 series)']);
    const other = d.series[4];
    assert.deepEqual(other.y, [231, 231, 231]);
    assert.match(d.notes[0], /25 series: the 4 largest are drawn, the other 21 are summed into "Other \(21 series\)"/);
  });

  it('does not cap at the limit', () => {
    const d = shape(many(20), 'timechart');
    assert.equal(d.series.length, 20);
    assert.deepEqual(d.notes, []);
  });

  it('keeps the categories with the largest totals, in their order', () => {
    const rows: CellValue[][] = [['a', 5], ['b', 1], ['c', 9], ['d', 2]];
    const d = shape(result([['K', 'String'], ['n', 'Int64']], rows), 'columnchart', undefined, undefined, { maxCategories: 2 });
    assert.deepEqual(d.categories, ['a', 'c']);
    assert.deepEqual(d.series[0], { name: 'n', x: [0, 1], y: [5, 9] });
    assert.match(d.notes[0], /4 distinct values on x: the 2 with the largest totals/);
  });

  it('shapes 100,000 rows into one aligned series per device', () => {
    const rows: CellValue[][] = [];
    const start = Date.UTC(2026, 10, 1);
    for (let i = 0; i < 100_000; i++) rows.push([new Date(start + Math.floor(i / 4) * 60_000).toISOString(), `pc${i % 4}`, i]);
    const d = shape(result([['Timestamp', 'DateTime'], ['Dev', 'String'], ['n', 'Int64']], rows), 'timechart');
    assert.equal(d.series.length, 4);
    assert.ok(d.series.every((s) => s.x.length === 25_000));
  });

  it('the async shaping gives the same chart in steps, and can be cancelled', async () => {
    const rows: CellValue[][] = [];
    for (let i = 0; i < 10_000; i++) rows.push([new Date(Date.UTC(2026, 10, 1) + (i % 500) * 60_000).toISOString(), `pc${i % 7}`, i]);
    const r = result([['Timestamp', 'DateTime'], ['Dev', 'String'], ['n', 'Int64']], rows);
    const choice = choose(r, 'stackedareachart');
    let slices = 0;
    const async = await shapeChartAsync(r, choice, undefined, {}, { sliceMs: 0, onSlice: () => slices++ });
    assert.deepEqual(async, shapeChart(r, choice));
    assert.ok(slices >= 5, `${slices} slices: one per 2,048 rows at least`);
    const ctrl = new AbortController();
    const pending = shapeChartAsync(r, choice, undefined, {}, { sliceMs: 0, signal: ctrl.signal });
    ctrl.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });

  it('refuses a choice whose columns are gone', () => {
    assert.throws(() => shapeChart(hourly, { type: 'timechart', x: 'Nope', y: ['count_'], series: [], kind: 'unstacked', title: '' }), /no column Nope/);
    assert.throws(() => shapeChart(hourly, { type: 'timechart', x: 'Timestamp', y: ['nope'], series: [], kind: 'unstacked', title: '' }), /at least one numeric/);
  });
});
