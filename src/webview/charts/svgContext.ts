/**
 * "Save chart as SVG": Chart.js draws only on a canvas, so the chart is drawn a second time onto
 * this recording 2D context, which turns the drawing calls Chart.js makes (paths, arcs, rects,
 * text, clipping, transforms) into SVG elements. The document is built with DOM APIs
 * (createElementNS, setAttribute, textContent) and serialised with XMLSerializer, so labels
 * from the result are escaped text in the file, never markup.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

interface DrawState {
  matrix: Matrix;
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  lineCap: CanvasLineCap;
  lineJoin: CanvasLineJoin;
  lineDash: number[];
  lineDashOffset: number;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  /** The group elements are appended to (changes with clip()). */
  group: SVGElement;
}

const multiply = (a: Matrix, b: Matrix): Matrix => [
  a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1],
  a[0] * b[2] + a[2] * b[3], a[1] * b[2] + a[3] * b[3],
  a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5],
];
const r = (n: number) => Math.round(n * 100) / 100;

/** A stand-in for CanvasRenderingContext2D covering what Chart.js draws. Read the result with {@link toSvg}. */
export class SvgContext {
  readonly canvas: { width: number; height: number; style: Record<string, string>; getContext: () => SvgContext };
  private readonly svg: SVGSVGElement;
  private state: DrawState;
  private readonly stack: DrawState[] = [];
  private path: string[] = [];
  private clipCount = 0;
  private readonly defs: SVGDefsElement;
  /** A real 2D context, only for measuring text the way the canvas chart does. */
  private readonly measure: CanvasRenderingContext2D | null;

  constructor(readonly width: number, readonly height: number, background?: string) {
    this.canvas = { width, height, style: {}, getContext: () => this };
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('xmlns', SVG_NS);
    this.svg.setAttribute('width', String(width));
    this.svg.setAttribute('height', String(height));
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.defs = document.createElementNS(SVG_NS, 'defs');
    this.svg.append(this.defs);
    if (background) {
      const bg = document.createElementNS(SVG_NS, 'rect');
      for (const [k, v] of [['width', '100%'], ['height', '100%'], ['fill', background]]) bg.setAttribute(k, v);
      this.svg.append(bg);
    }
    const root = document.createElementNS(SVG_NS, 'g');
    this.svg.append(root);
    this.state = {
      matrix: IDENTITY, fillStyle: '#000', strokeStyle: '#000', lineWidth: 1, lineCap: 'butt', lineJoin: 'miter', lineDash: [], lineDashOffset: 0,
      globalAlpha: 1, font: '10px sans-serif', textAlign: 'start', textBaseline: 'alphabetic', group: root,
    };
    this.measure = document.createElement('canvas').getContext('2d');
  }

  /** The drawing as an SVG document. */
  toSvg(): string {
    return new XMLSerializer().serializeToString(this.svg);
  }

  // ── state ───────────────────────────────────────────────────────────────────────────
  get fillStyle(): string { return this.state.fillStyle; }
  set fillStyle(v: string) { if (typeof v === 'string') this.state.fillStyle = v; }
  get strokeStyle(): string { return this.state.strokeStyle; }
  set strokeStyle(v: string) { if (typeof v === 'string') this.state.strokeStyle = v; }
  get lineWidth(): number { return this.state.lineWidth; }
  set lineWidth(v: number) { if (Number.isFinite(v)) this.state.lineWidth = v; }
  get lineCap(): CanvasLineCap { return this.state.lineCap; }
  set lineCap(v: CanvasLineCap) { this.state.lineCap = v; }
  get lineJoin(): CanvasLineJoin { return this.state.lineJoin; }
  set lineJoin(v: CanvasLineJoin) { this.state.lineJoin = v; }
  get lineDashOffset(): number { return this.state.lineDashOffset; }
  set lineDashOffset(v: number) { this.state.lineDashOffset = v; }
  get globalAlpha(): number { return this.state.globalAlpha; }
  set globalAlpha(v: number) { this.state.globalAlpha = v; }
  get font(): string { return this.state.font; }
  set font(v: string) { this.state.font = v; }
  get textAlign(): CanvasTextAlign { return this.state.textAlign; }
  set textAlign(v: CanvasTextAlign) { this.state.textAlign = v; }
  get textBaseline(): CanvasTextBaseline { return this.state.textBaseline; }
  set textBaseline(v: CanvasTextBaseline) { this.state.textBaseline = v; }
  miterLimit = 10;
  direction: CanvasDirection = 'inherit';
  imageSmoothingEnabled = true;
  shadowBlur = 0;
  shadowColor = 'transparent';
  shadowOffsetX = 0;
  shadowOffsetY = 0;
  globalCompositeOperation = 'source-over';

  setLineDash(segments: number[]): void { this.state.lineDash = [...segments]; }
  getLineDash(): number[] { return [...this.state.lineDash]; }

  save(): void { this.stack.push({ ...this.state, lineDash: [...this.state.lineDash] }); }
  restore(): void { const s = this.stack.pop(); if (s) this.state = s; }

  // ── transforms ──────────────────────────────────────────────────────────────────────
  translate(x: number, y: number): void { this.state.matrix = multiply(this.state.matrix, [1, 0, 0, 1, x, y]); }
  scale(x: number, y: number): void { this.state.matrix = multiply(this.state.matrix, [x, 0, 0, y, 0, 0]); }
  rotate(a: number): void { const c = Math.cos(a), s = Math.sin(a); this.state.matrix = multiply(this.state.matrix, [c, s, -s, c, 0, 0]); }
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void { this.state.matrix = multiply(this.state.matrix, [a, b, c, d, e, f]); }
  setTransform(a: number | DOMMatrix2DInit = 1, b = 0, c = 0, d = 1, e = 0, f = 0): void {
    this.state.matrix = typeof a === 'number' ? [a, b, c, d, e, f] : [a.a ?? 1, a.b ?? 0, a.c ?? 0, a.d ?? 1, a.e ?? 0, a.f ?? 0];
  }
  resetTransform(): void { this.state.matrix = IDENTITY; }
  getTransform(): DOMMatrix { const [a, b, c, d, e, f] = this.state.matrix; return new DOMMatrix([a, b, c, d, e, f]); }

  private point(x: number, y: number): [number, number] {
    const m = this.state.matrix;
    return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  }
  private get scaleFactor(): number { const m = this.state.matrix; return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2])) || 1; }

  // ── paths ───────────────────────────────────────────────────────────────────────────
  beginPath(): void { this.path = []; }
  closePath(): void { this.path.push('Z'); }
  moveTo(x: number, y: number): void { const [px, py] = this.point(x, y); this.path.push(`M${r(px)} ${r(py)}`); }
  lineTo(x: number, y: number): void {
    const [px, py] = this.point(x, y);
    this.path.push(`${this.path.length ? 'L' : 'M'}${r(px)} ${r(py)}`);
  }
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void {
    const a = this.point(c1x, c1y), b = this.point(c2x, c2y), p = this.point(x, y);
    this.path.push(`C${r(a[0])} ${r(a[1])} ${r(b[0])} ${r(b[1])} ${r(p[0])} ${r(p[1])}`);
  }
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void {
    const a = this.point(cx, cy), p = this.point(x, y);
    this.path.push(`Q${r(a[0])} ${r(a[1])} ${r(p[0])} ${r(p[1])}`);
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.moveTo(x, y); this.lineTo(x + w, y); this.lineTo(x + w, y + h); this.lineTo(x, y + h); this.closePath();
  }
  roundRect(x: number, y: number, w: number, h: number): void { this.rect(x, y, w, h); }
  arc(cx: number, cy: number, radius: number, start: number, end: number, ccw = false): void {
    this.ellipse(cx, cy, radius, radius, 0, start, end, ccw);
  }
  ellipse(cx: number, cy: number, rx: number, ry: number, rotation: number, start: number, end: number, ccw = false): void {
    let sweep = end - start;
    if (!ccw && sweep < 0) sweep = (sweep % (2 * Math.PI)) + 2 * Math.PI;
    if (ccw && sweep > 0) sweep = (sweep % (2 * Math.PI)) - 2 * Math.PI;
    if (Math.abs(sweep) >= 2 * Math.PI - 1e-9) sweep = ccw ? -2 * Math.PI + 1e-4 : 2 * Math.PI - 1e-4;
    const at = (a: number): [number, number] => {
      const x = rx * Math.cos(a), y = ry * Math.sin(a);
      return [cx + x * Math.cos(rotation) - y * Math.sin(rotation), cy + x * Math.sin(rotation) + y * Math.cos(rotation)];
    };
    const [sx, sy] = at(start);
    if (this.path.length) this.lineTo(sx, sy); else this.moveTo(sx, sy);
    // Split into pieces of at most a half turn so each SVG arc command is unambiguous.
    const pieces = Math.ceil(Math.abs(sweep) / Math.PI);
    const k = this.scaleFactor;
    for (let i = 1; i <= pieces; i++) {
      const [ex, ey] = at(start + (sweep * i) / pieces);
      const [px, py] = this.point(ex, ey);
      this.path.push(`A${r(rx * k)} ${r(ry * k)} ${r((rotation * 180) / Math.PI)} 0 ${sweep > 0 ? 1 : 0} ${r(px)} ${r(py)}`);
    }
  }

  // ── painting ────────────────────────────────────────────────────────────────────────
  /** A Path2D argument cannot be read back; the caller draws directly instead (see svgConfig). */
  fill(path?: unknown): void { if (typeof path !== 'object' || path === null) this.emitPath(true); }
  stroke(path?: unknown): void { if (path === undefined) this.emitPath(false); }
  fillRect(x: number, y: number, w: number, h: number): void { const keep = this.path; this.path = []; this.rect(x, y, w, h); this.emitPath(true); this.path = keep; }
  strokeRect(x: number, y: number, w: number, h: number): void { const keep = this.path; this.path = []; this.rect(x, y, w, h); this.emitPath(false); this.path = keep; }
  /** Chart.js clears the whole canvas before each draw; the document starts empty anyway. */
  clearRect(): void { /* nothing drawn yet to clear */ }

  clip(): void {
    if (!this.path.length) return;
    const id = `clip${++this.clipCount}`;
    const clipPath = document.createElementNS(SVG_NS, 'clipPath');
    clipPath.setAttribute('id', id);
    const p = document.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', this.path.join(''));
    clipPath.append(p);
    this.defs.append(clipPath);
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('clip-path', `url(#${id})`);
    this.state.group.append(g);
    this.state.group = g;
  }

  fillText(text: string, x: number, y: number): void { this.emitText(text, x, y, true); }
  strokeText(text: string, x: number, y: number): void { this.emitText(text, x, y, false); }

  measureText(text: string): TextMetrics {
    if (this.measure) { this.measure.font = this.state.font; return this.measure.measureText(text); }
    return { width: text.length * 6 } as TextMetrics;
  }

  drawImage(): void { /* Chart.js draws images only for image point styles, which we never use. */ }
  createLinearGradient(): CanvasGradient { return { addColorStop: () => undefined }; }
  createRadialGradient(): CanvasGradient { return { addColorStop: () => undefined }; }
  isPointInPath(): boolean { return false; }

  private emitPath(fill: boolean): void {
    if (!this.path.length) return;
    const p = document.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', this.path.join(''));
    this.paint(p, fill);
    this.state.group.append(p);
  }

  private paint(e: SVGElement, fill: boolean): void {
    const s = this.state;
    if (fill) {
      e.setAttribute('fill', s.fillStyle);
    } else {
      e.setAttribute('fill', 'none');
      e.setAttribute('stroke', s.strokeStyle);
      e.setAttribute('stroke-width', String(r(s.lineWidth * this.scaleFactor)));
      if (s.lineCap !== 'butt') e.setAttribute('stroke-linecap', s.lineCap);
      if (s.lineJoin !== 'miter') e.setAttribute('stroke-linejoin', s.lineJoin);
      if (s.lineDash.length) e.setAttribute('stroke-dasharray', s.lineDash.join(' '));
    }
    if (s.globalAlpha < 1) e.setAttribute('opacity', String(s.globalAlpha));
  }

  private emitText(text: string, x: number, y: number, fill: boolean): void {
    const t = document.createElementNS(SVG_NS, 'text');
    const [a, b, c, d, e, f] = multiply(this.state.matrix, [1, 0, 0, 1, x, y]);
    t.setAttribute('transform', `matrix(${[a, b, c, d, e, f].map(r).join(' ')})`);
    const font = parseFont(this.state.font);
    t.setAttribute('font-family', font.family);
    t.setAttribute('font-size', `${font.size}px`);
    if (font.weight) t.setAttribute('font-weight', font.weight);
    const align = this.state.textAlign;
    t.setAttribute('text-anchor', align === 'center' ? 'middle' : align === 'right' || align === 'end' ? 'end' : 'start');
    const base = this.state.textBaseline;
    const baseline = base === 'middle' ? 'central' : base === 'top' || base === 'hanging' ? 'hanging' : base === 'bottom' || base === 'ideographic' ? 'text-after-edge' : 'alphabetic';
    t.setAttribute('dominant-baseline', baseline);
    this.paint(t, fill);
    // Result data: text node content, escaped by the serializer. XML cannot hold control
    // characters or lone surrogates at all, so those become U+FFFD to keep the file well-formed.
    t.textContent = xmlSafe(String(text));
    this.state.group.append(t);
  }
}

/** Text that XML 1.0 can hold: control characters, U+FFFE/U+FFFF and lone surrogates replaced by U+FFFD. */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** `bold 12px "Segoe UI", sans-serif` → size, family and weight. */
export function parseFont(font: string): { size: number; family: string; weight?: string } {
  const m = /(?:^|\s)(normal|bold|bolder|lighter|[1-9]00)?\s*(?:italic\s+)?(?:normal\s+)?([\d.]+)px\s+(.+)$/i.exec(font);
  if (!m) return { size: 12, family: 'sans-serif' };
  const weight = /\b(bold|bolder|[6-9]00)\b/i.exec(font)?.[1];
  return { size: Number(m[2]), family: m[3].trim(), ...(weight ? { weight } : {}) };
}
