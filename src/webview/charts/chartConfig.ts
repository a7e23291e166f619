/**
 * ChartData (shaped by the host) + theme → a Chart.js configuration. Pure: no DOM, so the
 * mapping of every chart type and stacking mode is unit-tested in Node. Everything Chart.js
 * draws (titles, ticks, legend, tooltips) goes onto the canvas as text, never into markup.
 */
import type { ChartConfiguration, ChartDataset, ScaleOptions, TooltipItem } from 'chart.js';
import type { ChartData } from '../../shared/charts';
import { formatUtc } from './utcDateAdapter';
import { type ChartTheme, withAlpha } from './theme';

/** Points from which lines are drawn without markers and decimated (LTTB) to the pixels available. */
const MARKER_LIMIT = 300;

type AnyConfig = ChartConfiguration<'line' | 'bar' | 'pie' | 'scatter', unknown, unknown>;

/** The Chart.js chart type, index axis and fill/stack behaviour of a Kusto chart type. */
export function chartKind(data: ChartData): { type: 'line' | 'bar' | 'pie' | 'scatter'; horizontal: boolean; area: boolean; stacked: boolean } {
  const t = data.choice.type;
  const stackable = t === 'areachart' || t === 'stackedareachart' || t === 'columnchart' || t === 'barchart';
  const stacked = stackable && data.choice.kind !== 'unstacked';
  switch (t) {
    case 'columnchart': return { type: 'bar', horizontal: false, area: false, stacked };
    case 'barchart': return { type: 'bar', horizontal: true, area: false, stacked };
    case 'piechart': return { type: 'pie', horizontal: false, area: false, stacked: false };
    case 'scatterchart': return { type: 'scatter', horizontal: false, area: false, stacked: false };
    case 'areachart': case 'stackedareachart': return { type: 'line', horizontal: false, area: true, stacked };
    default: return { type: 'line', horizontal: false, area: false, stacked: false };
  }
}

export function buildConfig(data: ChartData, theme: ChartTheme, opts: { animation?: boolean } = {}): AnyConfig {
  const kind = chartKind(data);
  const color = (i: number) => theme.palette[i % theme.palette.length];
  const font = { family: theme.fontFamily, size: theme.fontSize };
  const points = data.series.reduce((n, s) => n + s.x.length, 0);
  const percent = data.yAxis.percent;
  const valueText = (v: number) => (percent ? `${formatNumber(v)} %` : formatNumber(v));
  const xText = (v: number) => data.xAxis.kind === 'time' ? formatUtc(v, 'datetime') : data.xAxis.kind === 'category' ? data.categories[v] ?? '' : formatNumber(v);

  let datasets: ChartDataset<'line' | 'bar' | 'pie' | 'scatter', unknown>[];
  let labels: string[] | undefined;
  if (kind.type === 'pie') {
    labels = [...data.categories];
    const s = data.series[0];
    datasets = s ? [{ label: s.name, data: s.y.map((v) => v ?? 0), backgroundColor: data.categories.map((_, i) => color(i)), borderColor: theme.background, borderWidth: 1 }] : [];
  } else if (kind.type === 'bar') {
    labels = [...data.categories];
    datasets = data.series.map((s, i) => {
      const values = new Array<number | null>(data.categories.length).fill(null);
      s.x.forEach((x, k) => { values[x] = s.y[k]; });
      return { label: s.name, data: values, backgroundColor: color(i), borderColor: color(i), borderWidth: 0, ...(kind.stacked ? { stack: 'stack' } : {}) };
    });
  } else {
    datasets = data.series.map((s, i) => {
      const xy = s.x.map((x, k) => ({ x, y: s.y[k] }));
      const c = color(i);
      return {
        label: s.name, data: xy, borderColor: c, backgroundColor: kind.area ? withAlpha(c, kind.stacked ? 0.55 : 0.3) : c,
        borderWidth: kind.type === 'scatter' ? 0 : 1.5,
        pointRadius: kind.type === 'scatter' ? (points > 20_000 ? 1 : 2.5) : points <= MARKER_LIMIT ? 2.5 : 0,
        pointHoverRadius: 4,
        fill: kind.area ? (kind.stacked && i > 0 ? '-1' : 'origin') : false,
        spanGaps: false, tension: 0,
        ...(kind.type === 'scatter' ? { showLine: false } : {}),
      };
    });
  }

  const grid = { color: theme.grid };
  const ticks = { color: theme.muted, font };
  const axisTitle = (text: string) => ({ display: text !== '', text, color: theme.muted, font });
  const xScale: ScaleOptions = data.xAxis.kind === 'time'
    ? { type: 'time', grid, ticks: { ...ticks, maxRotation: 0, autoSkip: true, autoSkipPadding: 16 }, title: axisTitle(data.xAxis.title) } as ScaleOptions
    : data.xAxis.kind === 'linear'
      ? { type: 'linear', grid, ticks, title: axisTitle(data.xAxis.title) } as ScaleOptions
      : { type: 'category', grid, ticks: { ...ticks, autoSkip: true }, title: axisTitle(data.xAxis.title) } as ScaleOptions;
  const yScale = {
    type: data.yAxis.log ? 'logarithmic' : 'linear',
    grid, ticks: { ...ticks, callback: (v: number | string) => (typeof v === 'number' ? valueText(v) : v) },
    title: axisTitle(data.yAxis.title),
    stacked: kind.stacked,
    ...(data.yAxis.min !== undefined ? { min: data.yAxis.min } : {}),
    ...(data.yAxis.max !== undefined ? { max: data.yAxis.max } : percent && kind.stacked ? { max: 100 } : {}),
    ...(kind.type === 'bar' && !data.yAxis.log ? { beginAtZero: true } : {}),
  } as ScaleOptions;
  const scales = kind.type === 'pie' ? {} : kind.horizontal
    ? { y: { ...xScale, stacked: kind.stacked } as ScaleOptions, x: { ...yScale, ticks: { ...ticks, callback: (v: number | string) => (typeof v === 'number' ? valueText(v) : v) } } as ScaleOptions }
    : { x: { ...xScale, stacked: kind.stacked } as ScaleOptions, y: yScale };

  const decimate = kind.type === 'line' && data.xAxis.kind !== 'category' && !kind.stacked;
  return {
    type: kind.type,
    data: { ...(labels ? { labels } : {}), datasets },
    options: {
      animation: opts.animation ? { duration: 200 } : false,
      responsive: false,
      maintainAspectRatio: false,
      parsing: kind.type === 'line' || kind.type === 'scatter' ? false : undefined,
      normalized: true,
      indexAxis: kind.horizontal ? 'y' : 'x',
      color: theme.foreground,
      font,
      interaction: kind.type === 'pie' ? { mode: 'nearest', intersect: true } : kind.type === 'scatter' ? { mode: 'nearest', intersect: false } : { mode: 'index', intersect: false, axis: kind.horizontal ? 'y' : 'x' },
      scales,
      plugins: {
        legend: { display: data.legend && (data.series.length > 1 || kind.type === 'pie'), position: kind.type === 'pie' ? 'right' : 'bottom', labels: { color: theme.foreground, font, boxWidth: 12, boxHeight: 12 } },
        title: { display: data.choice.title !== '', text: data.choice.title, color: theme.foreground, font: { ...font, size: theme.fontSize + 2, weight: 'bold' } },
        decimation: { enabled: decimate, algorithm: 'lttb', samples: 2000, threshold: 4000 },
        tooltip: {
          backgroundColor: theme.tooltipBackground, titleColor: theme.tooltipForeground, bodyColor: theme.tooltipForeground,
          borderColor: theme.tooltipBorder, borderWidth: 1, titleFont: font, bodyFont: font,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => {
              const first = items[0];
              if (!first) return '';
              if (kind.type === 'pie') return first.label ?? '';
              const raw = first.raw as { x?: number } | number | null;
              const x = kind.type === 'bar' ? first.dataIndex : typeof raw === 'object' && raw !== null && typeof raw.x === 'number' ? raw.x : first.parsed.x;
              return x === null || x === undefined ? '' : xText(x);
            },
            label: (item: TooltipItem<'line'>) => {
              const raw = item.raw as { y?: number | null } | number | null;
              const y = typeof raw === 'number' ? raw : typeof raw === 'object' && raw !== null ? raw.y ?? null : null;
              return `${item.dataset.label ?? ''}: ${y === null ? 'null' : valueText(y)}`;
            },
          },
        },
      },
    },
  } as AnyConfig;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e15 || (v !== 0 && Math.abs(v) < 1e-4)) return v.toExponential(3);
  return v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) < 10 ? 4 : 2 });
}
