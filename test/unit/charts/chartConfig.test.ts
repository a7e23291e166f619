/** The webview's pure chart parts: ChartData → Chart.js configuration, the UTC date adapter, colours. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shapeChart } from '../../../src/core/charts/chartData';
import { resolveChoice } from '../../../src/core/charts/chartOffer';
import { kqlTypeOf, type CellValue, type ResultSet } from '../../../src/core/results/resultSet';
import type { ChartData, ChartType } from '../../../src/shared/charts';
import { buildConfig, chartKind, formatNumber } from '../../../src/webview/charts/chartConfig';
import { parseFont, xmlSafe } from '../../../src/webview/charts/svgContext';
import { type ChartTheme, extendPalette, withAlpha } from '../../../src/webview/charts/theme';
import { addUtc, diffUtc, formatUtc, startOfUtc } from '../../../src/webview/charts/utcDateAdapter';

const theme: ChartTheme = {
  foreground: '#ccc', muted: '#999', grid: '#333', background: '#1f1f1f', tooltipBackground: '#252526', tooltipForeground: '#ccc', tooltipBorder: '#454545',
  fontFamily: 'system-ui', fontSize: 13, palette: extendPalette(['#3794ff', '#d18616']),
};
const result = (columns: [string, string][], rows: CellValue[][]): ResultSet => ({ columns: columns.map(([name, rawType]) => ({ name, rawType, type: kqlTypeOf(rawType) })), rows });
const hourly = result([['Timestamp', 'DateTime'], ['DeviceName', 'String'], ['count_', 'Int64']], [
  ['2026-11-01T00:00:00Z', 'pc1', 1], ['2026-11-01T01:00:00Z', 'pc1', 2], ['2026-11-01T00:00:00Z', 'pc2', 3],
]);
const data = (type: ChartType, kind: 'unstacked' | 'stacked' | 'stacked100' = 'unstacked', r = hourly): ChartData => {
  const choice = resolveChoice(r.columns, type, undefined, { kind, ...(type === 'piechart' || type === 'columnchart' || type === 'barchart' ? { x: 'DeviceName', series: [] } : {}) });
  assert.ok(choice);
  return shapeChart(r, choice);
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading back a deep Chart.js config
const cfg = (d: ChartData) => buildConfig(d, theme) as any;

describe('Chart.js configuration per chart type', () => {
  it('timechart: a line over a time scale, no parsing, decimated, legend for 2 series', () => {
    const c = cfg(data('timechart'));
    assert.equal(c.type, 'line');
    assert.equal(c.options.scales.x.type, 'time');
    assert.equal(c.options.parsing, false);
    assert.equal(c.options.plugins.decimation.enabled, true);
    assert.equal(c.options.plugins.legend.display, true);
    assert.deepEqual(c.data.datasets.map((d: { label: string }) => d.label), ['pc1', 'pc2']);
    assert.deepEqual(c.data.datasets[0].data, [{ x: Date.UTC(2026, 10, 1, 0), y: 1 }, { x: Date.UTC(2026, 10, 1, 1), y: 2 }]);
    assert.equal(c.data.datasets[0].borderColor, '#3794ff');
    assert.equal(c.options.animation, false);
  });

  it('stacked area: filled to the previous series, y stacked, no decimation', () => {
    const c = cfg(data('areachart', 'stacked'));
    assert.deepEqual(c.data.datasets.map((d: { fill: string }) => d.fill), ['origin', '-1']);
    assert.equal(c.options.scales.y.stacked, true);
    assert.equal(c.options.plugins.decimation.enabled, false);
  });

  it('stacked100 columns: bar chart with % ticks up to 100', () => {
    const c = cfg(data('columnchart', 'stacked100', result([['K', 'String'], ['a', 'Int64'], ['b', 'Int64']], [['x', 1, 3]])));
    assert.equal(c.type, 'bar');
    assert.equal(c.options.scales.y.max, 100);
    assert.equal(c.options.scales.y.ticks.callback(50), '50 %');
    assert.deepEqual(c.data.labels, ['x']);
    assert.deepEqual(c.data.datasets.map((d: { data: number[] }) => d.data), [[25], [75]]);
  });

  it('barchart is horizontal (index axis y); columnchart vertical', () => {
    assert.equal(cfg(data('barchart')).options.indexAxis, 'y');
    assert.equal(cfg(data('columnchart')).options.indexAxis, 'x');
    assert.deepEqual(chartKind(data('barchart')), { type: 'bar', horizontal: true, area: false, stacked: false });
  });

  it('pie: labels and a colour per slice, legend on the right', () => {
    const c = cfg(data('piechart'));
    assert.equal(c.type, 'pie');
    assert.deepEqual(c.data.labels, ['pc1', 'pc2'], 'a tie keeps the result order');
    assert.deepEqual(c.data.datasets[0].data, [3, 3]);
    assert.deepEqual(c.data.datasets[0].backgroundColor, ['#3794ff', '#d18616']);
    assert.equal(c.options.plugins.legend.position, 'right');
  });

  it('scatter: points only', () => {
    const c = cfg(data('scatterchart'));
    assert.equal(c.type, 'scatter');
    assert.equal(c.data.datasets[0].showLine, false);
  });

  it('tooltips show the bin in UTC and the value; labels stay plain text', () => {
    const c = cfg(data('timechart'));
    const title = c.options.plugins.tooltip.callbacks.title([{ raw: { x: Date.UTC(2026, 10, 1, 1) }, parsed: { x: 0 }, dataIndex: 0 }]);
    assert.equal(title, '2026-11-01 01:00 UTC');
    assert.equal(c.options.plugins.tooltip.callbacks.label({ raw: { y: 1234.5 }, dataset: { label: '<b>pc1</b>' } }), '<b>pc1</b>: 1,234.5');
    assert.equal(c.options.plugins.tooltip.callbacks.label({ raw: { y: null }, dataset: { label: 'x' } }), 'x: null');
  });

  it('the title and log axis come from the data', () => {
    const d = data('timechart');
    const c = cfg({ ...d, choice: { ...d.choice, title: 'Hourly' }, yAxis: { ...d.yAxis, log: true } });
    assert.deepEqual([c.options.plugins.title.display, c.options.plugins.title.text, c.options.scales.y.type], [true, 'Hourly', 'logarithmic']);
  });

  it('formats numbers for ticks and tooltips', () => {
    assert.deepEqual([formatNumber(1234567), formatNumber(0.5), formatNumber(1e20), formatNumber(0.00001)], ['1,234,567', '0.5', '1.000e+20', '1.000e-5']);
  });
});

describe('UTC date adapter', () => {
  const t = Date.UTC(2026, 10, 24, 14, 3, 5, 250);
  it('formats ticks and tooltips in UTC', () => {
    assert.equal(formatUtc(t, 'datetime'), '2026-11-24 14:03:05.250 UTC');
    assert.equal(formatUtc(Date.UTC(2026, 10, 24, 14), 'datetime'), '2026-11-24 14:00 UTC');
    assert.equal(formatUtc(t, 'hour'), '14:03');
    assert.equal(formatUtc(Date.UTC(2026, 10, 24), 'hour'), 'Nov 24');
    assert.equal(formatUtc(t, 'day'), 'Nov 24');
    assert.equal(formatUtc(t, 'month'), 'Nov 2026');
    assert.equal(formatUtc(t, 'year'), '2026');
  });

  it('steps and rounds in UTC, across month ends', () => {
    assert.equal(startOfUtc(t, 'hour'), Date.UTC(2026, 10, 24, 14));
    assert.equal(startOfUtc(t, 'day'), Date.UTC(2026, 10, 24));
    assert.equal(startOfUtc(t, 'month'), Date.UTC(2026, 10, 1));
    assert.equal(startOfUtc(t, 'quarter'), Date.UTC(2026, 9, 1));
    assert.equal(startOfUtc(t, 'isoWeek', 1), Date.UTC(2026, 10, 23), 'Monday');
    assert.equal(addUtc(Date.UTC(2026, 0, 31), 1, 'month'), Date.UTC(2026, 2, 3));
    assert.equal(addUtc(t, 2, 'hour'), t + 7_200_000);
    assert.equal(diffUtc(Date.UTC(2027, 1, 1), Date.UTC(2026, 10, 1), 'month'), 3);
    assert.equal(diffUtc(t + 86_400_000, t, 'day'), 1);
  });
});

describe('theme colours and fonts', () => {
  it('adds alpha to hex and rgb colours; leaves other notations', () => {
    assert.equal(withAlpha('#3794ff', 0.5), 'rgba(55, 148, 255, 0.5)');
    assert.equal(withAlpha('#fff', 0.4), 'rgba(255, 255, 255, 0.4)');
    assert.equal(withAlpha('rgb(1, 2, 3)', 0.3), 'rgba(1, 2, 3, 0.3)');
    assert.equal(withAlpha('var(--x)', 0.3), 'var(--x)');
    assert.equal(extendPalette(['#000000']).length, 3);
  });

  it('keeps SVG text well-formed: characters XML cannot hold become U+FFFD', () => {
    assert.equal(xmlSafe('a\u0000b\u001Fc\td\ne'), 'a\uFFFDb\uFFFDc\td\ne');
    assert.equal(xmlSafe('x\uD800y \uD83D\uDE00 \uDC00'), 'x\uFFFDy \uD83D\uDE00 \uFFFD');
    assert.equal(xmlSafe('<script>&'), '<script>&', 'markup characters are escaped by the serializer, not here');
  });

  it('reads canvas font strings', () => {
    assert.deepEqual(parseFont('bold 15px "Segoe UI", sans-serif'), { size: 15, family: '"Segoe UI", sans-serif', weight: 'bold' });
    assert.deepEqual(parseFont('normal 12px system-ui'), { size: 12, family: 'system-ui' });
  });
});
