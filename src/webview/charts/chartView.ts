/**
 * The Chart tab: a picker like the portal's (type, x, y, series, stacking), the chart drawn with
 * Chart.js on a canvas (legend, tooltips and axis labels are canvas text), zoom on time and
 * numeric axes, notes from the host (capped series, skipped rows), and Save as PNG / SVG.
 * The host shapes the data from the whole result; this view only draws it.
 */
import type { Chart as ChartInstance } from 'chart.js';
import { CHART_TYPE_LABELS, CHART_TYPES, type ChartChoice, type ChartData, type ChartOffer, type ChartType, type StackMode } from '../../shared/charts';
import type { ChartImageFormat } from '../../shared/protocol';
import { button, el } from '../dom';
import type { ContextMenu } from '../menu';
import { buildConfig, chartKind } from './chartConfig';
import { BasicPlatform, Chart } from './chartjs';
import { SvgContext } from './svgContext';
import { readTheme } from './theme';
import { XZoom } from './zoom';

export interface ChartViewActions {
  /** Ask the host to shape the result for this choice (answered by {@link ChartView.put}). */
  requestChart(choice: ChartChoice): void;
  /** The user clicked Save: send the image to the host, which asks where to write it. */
  saveImage(format: ChartImageFormat, data: string): void;
}

const STACK_LABELS: Readonly<Record<StackMode, string>> = { unstacked: 'Unstacked', stacked: 'Stacked', stacked100: 'Stacked 100 %' };

export class ChartView {
  readonly root = el('div', 'chart-view', undefined, { role: 'region', 'aria-label': 'Chart' });
  private readonly picker = el('div', 'chart-picker', undefined, { role: 'toolbar', 'aria-label': 'Chart options' });
  private readonly typeSelect = el('select', 'chart-select chart-type', undefined, { 'aria-label': 'Chart type' });
  private readonly xSelect = el('select', 'chart-select chart-x', undefined, { 'aria-label': 'X axis column' });
  private readonly kindSelect = el('select', 'chart-select chart-kind', undefined, { 'aria-label': 'Stacking' });
  private readonly yButton: HTMLButtonElement;
  private readonly seriesButton: HTMLButtonElement;
  private readonly resetZoom: HTMLButtonElement;
  private readonly notes = el('div', 'chart-notes', undefined, { role: 'note' });
  private readonly canvasBox = el('div', 'chart-canvas-box');
  private readonly message = el('p', 'chart-message');
  private offer: ChartOffer | undefined;
  private choice: ChartChoice | undefined;
  private data: ChartData | undefined;
  private chart: ChartInstance | undefined;
  private zoom: XZoom | undefined;
  /** The choice whose data is on screen or on its way: a tab switch does not ask again. */
  private requested: string | undefined;
  private readonly themeObserver: MutationObserver;

  constructor(private readonly actions: ChartViewActions, private readonly menu: ContextMenu) {
    for (const t of CHART_TYPES) this.typeSelect.append(option(t, CHART_TYPE_LABELS[t]));
    for (const k of Object.keys(STACK_LABELS) as StackMode[]) this.kindSelect.append(option(k, STACK_LABELS[k]));
    this.typeSelect.addEventListener('change', () => this.pick({ type: this.typeSelect.value as ChartType }));
    this.xSelect.addEventListener('change', () => this.pick({ x: this.xSelect.value }));
    this.kindSelect.addEventListener('change', () => this.pick({ kind: this.kindSelect.value as StackMode }));
    this.yButton = button('Y', { icon: 'graph-line', title: 'Columns on the y axis', className: 'btn chart-y', onClick: (e) => this.openColumnMenu(e, 'y') });
    this.seriesButton = button('Series', { icon: 'symbol-enum', title: 'Columns that split the data into series', className: 'btn chart-series', onClick: (e) => this.openColumnMenu(e, 'series') });
    this.resetZoom = button('Reset zoom', { icon: 'zoom-out', title: 'Show the whole x range (or double-click the chart)', className: 'btn chart-reset-zoom', onClick: () => this.zoom?.reset() });
    this.resetZoom.hidden = true;
    const save = el('span', 'chart-save');
    save.append(
      button('PNG', { icon: 'save', title: 'Save chart as PNG', className: 'btn chart-save-png', onClick: () => this.save('png') }),
      button('SVG', { icon: 'save-as', title: 'Save chart as SVG', className: 'btn chart-save-svg', onClick: () => this.save('svg') }),
    );
    const labelled = (text: string, control: HTMLElement) => { const l = el('label', 'chart-field'); l.append(el('span', 'chart-field-label', text), control); return l; };
    this.picker.append(labelled('Type', this.typeSelect), labelled('X', this.xSelect), this.yButton, this.seriesButton, labelled('Stack', this.kindSelect), this.resetZoom, save);
    this.root.append(this.picker, this.notes, this.canvasBox, this.message);
    this.message.hidden = true;
    // VS Code changes the body's class (vscode-dark, vscode-light, vscode-high-contrast) on a theme switch.
    this.themeObserver = new MutationObserver(() => { if (this.data) this.draw(this.data); });
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  }

  /** A new result: its offer (or none). Nothing is requested until the tab is shown. */
  load(offer: ChartOffer | undefined): void {
    this.offer = offer;
    this.choice = offer?.initial;
    this.requested = undefined;
    this.data = undefined;
    this.destroyChart();
    this.notes.replaceChildren();
    if (!offer) return;
    this.xSelect.replaceChildren(...offer.xColumns.map((c) => option(c, c)));
    this.syncPicker();
  }

  get hasChart(): boolean { return this.offer !== undefined; }

  /** The tab became visible: fetch the data for the current choice once. */
  shown(): void {
    if (!this.offer || !this.choice) return;
    const key = JSON.stringify(this.choice);
    if (this.requested === key) { this.chart?.resize(); return; }
    this.requested = key;
    this.setMessage('Drawing…');
    this.actions.requestChart(this.choice);
  }

  /** The host's answer: draw it (if it is still what the picker says). */
  put(data: ChartData): void {
    if (this.requested !== undefined && this.requested !== JSON.stringify(this.choice)) return;
    this.choice = data.choice;
    this.requested = JSON.stringify(data.choice);
    this.syncPicker();
    this.draw(data);
  }

  /** The host refused (e.g. columns cannot make that chart). */
  failed(text: string): void {
    this.requested = undefined;
    this.destroyChart();
    this.setMessage(text);
  }

  /** The chart as an image: a PNG data URL or an SVG document. Throws when nothing is drawn. */
  image(format: ChartImageFormat): string {
    const chart = this.chart, data = this.data;
    if (!chart || !data) throw new Error('No chart is drawn yet.');
    const theme = readTheme();
    if (format === 'png') {
      const src = chart.canvas;
      const out = document.createElement('canvas');
      out.width = src.width;
      out.height = src.height;
      const ctx = out.getContext('2d');
      if (!ctx) throw new Error('This webview cannot draw images.');
      ctx.fillStyle = theme.background;
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(src, 0, 0);
      return out.toDataURL('image/png');
    }
    const svg = new SvgContext(Math.round(chart.width), Math.round(chart.height), theme.background);
    const config = buildConfig(data, theme);
    // Chart.js strokes cached Path2D objects, which a recording context cannot read; a `segment`
    // option makes it draw every line with moveTo/lineTo instead.
    for (const d of config.data.datasets) (d as { segment?: object }).segment = {};
    const x = config.options?.scales?.x as { min?: number; max?: number } | undefined;
    if (x && this.zoom?.range) { x.min = this.zoom.range.min; x.max = this.zoom.range.max; }
    const copy = new Chart(svg.canvas as unknown as HTMLCanvasElement, { ...config, platform: BasicPlatform, options: { ...config.options, devicePixelRatio: 1, responsive: false } } as never);
    try {
      return svg.toSvg();
    } finally {
      copy.destroy();
    }
  }

  private save(format: ChartImageFormat): void {
    try {
      this.actions.saveImage(format, this.image(format));
    } catch (e) {
      this.setMessage(e instanceof Error ? e.message : String(e));
    }
  }

  private pick(change: Partial<ChartChoice>): void {
    if (!this.offer || !this.choice) return;
    let next: ChartChoice = { ...this.choice, ...change };
    // The host checks every column against the new type (a timechart needs a datetime x) and
    // answers with the choice it drew; a stacked area chart starts stacked.
    if (change.type === 'stackedareachart' && next.kind === 'unstacked') next = { ...next, kind: 'stacked' };
    this.choice = next;
    this.requested = undefined;
    this.syncPicker();
    this.shown();
  }

  private openColumnMenu(e: MouseEvent, role: 'y' | 'series'): void {
    if (!this.offer || !this.choice) return;
    const choice = this.choice;
    const columns = role === 'y' ? this.offer.yColumns : this.offer.seriesColumns;
    const chosen = new Set(role === 'y' ? choice.y : choice.series);
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    this.menu.open(r.left, r.bottom + 2, [
      ...(role === 'series' ? [{ label: 'No series', checked: chosen.size === 0, run: () => this.pick({ series: [] }) }, { kind: 'separator' as const }] : []),
      ...columns.filter((c) => c !== choice.x).map((c) => ({
        label: c, checked: chosen.has(c),
        disabled: role === 'y' && chosen.has(c) && chosen.size === 1,
        run: () => {
          const next = chosen.has(c) ? [...chosen].filter((n) => n !== c) : [...columns.filter((n) => chosen.has(n) || n === c)];
          this.pick(role === 'y' ? { y: next } : { series: next });
        },
      })),
    ], role === 'y' ? 'Y columns' : 'Series columns');
  }

  private syncPicker(): void {
    const c = this.choice;
    if (!c) return;
    this.typeSelect.value = c.type;
    this.xSelect.value = c.x;
    this.kindSelect.value = c.kind;
    this.kindSelect.disabled = !['areachart', 'stackedareachart', 'columnchart', 'barchart'].includes(c.type);
    this.setButtonText(this.yButton, `Y: ${c.y.join(', ') || '—'}`);
    this.setButtonText(this.seriesButton, `Series: ${c.series.join(', ') || 'none'}`);
    this.seriesButton.disabled = this.offer?.seriesColumns.length === 0;
  }

  private setButtonText(b: HTMLButtonElement, text: string): void {
    const label = b.querySelector('.label');
    const short = text.length > 60 ? text.slice(0, 59) + '…' : text;
    if (label) label.textContent = short;
    b.title = text;
  }

  private draw(data: ChartData): void {
    this.data = data;
    this.destroyChart();
    this.notes.replaceChildren(...data.notes.map((n) => el('span', 'chart-note', n)));
    if (data.series.length === 0 || data.series.every((s) => s.x.length === 0)) {
      this.setMessage('Nothing to draw: no row has both an x value and a y value.');
      return;
    }
    this.setMessage(undefined);
    const canvas = el('canvas', 'chart-canvas', undefined, { role: 'img', 'aria-label': data.choice.title || CHART_TYPE_LABELS[data.choice.type] });
    this.canvasBox.replaceChildren(canvas);
    const config = buildConfig(data, readTheme());
    config.options = { ...config.options, responsive: true, maintainAspectRatio: false };
    this.chart = new Chart(canvas, config as never);
    const zoomable = data.xAxis.kind !== 'category' && chartKind(data).type !== 'pie';
    if (zoomable) this.zoom = new XZoom(this.chart, this.canvasBox, (range) => { this.resetZoom.hidden = range === undefined; });
    this.resetZoom.hidden = true;
    this.root.dataset.chartType = data.choice.type;
  }

  private setMessage(text: string | undefined): void {
    this.message.textContent = text ?? '';
    this.message.hidden = text === undefined;
  }

  private destroyChart(): void {
    this.zoom?.dispose();
    this.zoom = undefined;
    this.chart?.destroy();
    this.chart = undefined;
    this.canvasBox.replaceChildren();
    this.resetZoom.hidden = true;
  }

  dispose(): void {
    this.themeObserver.disconnect();
    this.destroyChart();
  }
}

function option(value: string, label: string): HTMLOptionElement {
  const o = el('option', undefined, label);
  o.value = value;
  return o;
}
