/**
 * Zoom for time and numeric x axes: drag across the plot to zoom into that range, the wheel
 * zooms around the pointer, double-click (or Reset zoom) shows everything again. The selection
 * band is a DOM overlay positioned through the CSSOM (allowed by our CSP, unlike style
 * attributes).
 */
import type { Chart } from 'chart.js';
import { el } from '../dom';

export interface ZoomRange { readonly min: number; readonly max: number }

export class XZoom {
  private band = el('div', 'chart-zoom-band');
  private dragFrom: number | undefined;
  private readonly listeners: [string, EventListener][] = [];
  range: ZoomRange | undefined;

  constructor(private readonly chart: Chart, private readonly host: HTMLElement, private readonly changed: (range: ZoomRange | undefined) => void) {
    this.band.hidden = true;
    host.append(this.band);
    const canvas = chart.canvas;
    this.on(canvas, 'mousedown', (e) => this.down(e as MouseEvent));
    this.on(window, 'mousemove', (e) => this.move(e as MouseEvent));
    this.on(window, 'mouseup', (e) => this.up(e as MouseEvent));
    this.on(canvas, 'dblclick', () => this.reset());
    this.on(canvas, 'wheel', (e) => this.wheel(e as WheelEvent));
  }

  private on(target: EventTarget, type: string, fn: EventListener): void {
    target.addEventListener(type, fn, type === 'wheel' ? { passive: false } : undefined);
    this.listeners.push([type, fn]);
  }

  /** Pixel x inside the canvas, or undefined outside the plot area. */
  private plotX(e: MouseEvent): number | undefined {
    const rect = this.chart.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const area = this.chart.chartArea;
    return area && x >= area.left && x <= area.right ? x : undefined;
  }

  private down(e: MouseEvent): void {
    if (e.button !== 0) return;
    const x = this.plotX(e);
    if (x === undefined) return;
    this.dragFrom = x;
  }

  private move(e: MouseEvent): void {
    if (this.dragFrom === undefined) return;
    const area = this.chart.chartArea;
    const rect = this.chart.canvas.getBoundingClientRect();
    const x = Math.max(area.left, Math.min(area.right, e.clientX - rect.left));
    const left = Math.min(x, this.dragFrom), width = Math.abs(x - this.dragFrom);
    if (width < 3) { this.band.hidden = true; return; }
    const offset = rect.left - this.host.getBoundingClientRect().left;
    const s = this.band.style;
    s.left = `${offset + left}px`;
    s.width = `${width}px`;
    s.top = `${area.top}px`;
    s.height = `${area.bottom - area.top}px`;
    this.band.hidden = false;
  }

  private up(e: MouseEvent): void {
    if (this.dragFrom === undefined) return;
    const from = this.dragFrom;
    this.dragFrom = undefined;
    this.band.hidden = true;
    const area = this.chart.chartArea;
    const rect = this.chart.canvas.getBoundingClientRect();
    const to = Math.max(area.left, Math.min(area.right, e.clientX - rect.left));
    if (Math.abs(to - from) < 5) return;
    const scale = this.chart.scales.x;
    this.set({ min: scale.getValueForPixel(Math.min(from, to)) ?? 0, max: scale.getValueForPixel(Math.max(from, to)) ?? 0 });
  }

  private wheel(e: WheelEvent): void {
    const x = this.plotX(e);
    if (x === undefined || e.deltaY === 0) return;
    e.preventDefault();
    const scale = this.chart.scales.x;
    const at = scale.getValueForPixel(x) ?? 0;
    const factor = e.deltaY < 0 ? 0.8 : 1.25;
    const min = at - (at - scale.min) * factor, max = at + (scale.max - at) * factor;
    const full = this.fullRange();
    if (full && min <= full.min && max >= full.max) { this.reset(); return; }
    this.set({ min: full ? Math.max(full.min, min) : min, max: full ? Math.min(full.max, max) : max });
  }

  /** The data's extent on x, over every dataset. */
  private fullRange(): ZoomRange | undefined {
    let min = Infinity, max = -Infinity;
    for (const d of this.chart.data.datasets) {
      for (const p of d.data as { x: number }[]) { if (p.x < min) min = p.x; if (p.x > max) max = p.x; }
    }
    return Number.isFinite(min) ? { min, max } : undefined;
  }

  set(range: ZoomRange | undefined): void {
    if (range && !(range.max > range.min)) return;
    this.range = range;
    const x = this.chart.options.scales?.x as { min?: number; max?: number } | undefined;
    if (x) {
      if (range) { x.min = range.min; x.max = range.max; } else { delete x.min; delete x.max; }
    }
    this.chart.update('none');
    this.changed(range);
  }

  reset(): void {
    if (this.range) this.set(undefined);
  }

  dispose(): void {
    for (const [type, fn] of this.listeners) {
      this.chart.canvas?.removeEventListener(type, fn);
      window.removeEventListener(type, fn);
    }
    this.band.remove();
  }
}
