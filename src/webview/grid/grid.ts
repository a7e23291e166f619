/**
 * The results grid: rows and columns virtualised with @tanstack/virtual-core (only what is on
 * screen, plus a margin, exists in the DOM), a sticky header with filters, a sticky row-number
 * gutter, range selection and keyboard navigation. Rows come from a {@link PageCache} filled by
 * the host on request. DOM nodes are recycled between frames, a cell's text is written only when
 * it changed, and cells do not clip (see media/results.css), which keeps the p95 of a scroll
 * frame at about 13 ms at 100,000 × 20 in headless Chromium (bench/results-grid.bench.ts).
 */
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualizerOptions } from '@tanstack/virtual-core';
import type { CellRange, CellText, ColumnInfo, CopyFormat, FilterOperator, RowsPage, ViewSpec } from '../../shared/protocol';
import { PAGE_SIZE } from '../../shared/protocol';
import { el } from '../dom';
import { HEADER_H, HeaderCells } from './headerCells';
import { attachInteractions } from './interactions';
import { ColumnLayout, fitWidths } from './layout';
import { PageCache } from './pageCache';
import { Selection } from './selection';
import { TextFit } from './textFit';

export const ROW_H = 22;
/** A cell's width not available to its text: the 1px left border and 5 + 6 px of padding (media/results.css). */
const CELL_CHROME_PX = 12;

export interface GridActions {
  requestRows(start: number, count: number): void;
  toggleSort(column: number, additive: boolean): void;
  filterChanged(column: number, text: string): void;
  copy(range: CellRange, format: CopyFormat, headers: boolean): void;
  inspect(row: number, column: number): void;
  addFilter(row: number, column: number, op: FilterOperator): void;
  openCellMenu(row: number, column: number, x: number, y: number): void;
  openColumnMenu(column: number, x: number, y: number): void;
  layoutChanged(): void;
  selectionChanged(): void;
  scrolled(top: number, left: number): void;
}

interface CellNode { readonly node: HTMLDivElement; readonly label: Text; column: number; left: number; width: number; text: CellText | undefined; cut: boolean; cls: string }
interface RowNode { readonly node: HTMLDivElement; readonly num: HTMLDivElement; readonly cells: CellNode[]; position: number; top: number; cls: string }

const NUMERIC = new Set(['long', 'int', 'real', 'decimal', 'timespan']);

export class Grid {
  readonly root: HTMLDivElement;
  readonly viewport: HTMLDivElement;
  private readonly canvas: HTMLDivElement;
  private readonly head: HTMLDivElement;
  private readonly corner: HTMLDivElement;
  private readonly body: HTMLDivElement;
  /**
   * Row numbers live outside the scrolled content, moved with one transform per frame: a sticky
   * element per row would make Chromium track dozens of sticky boxes on every scroll.
   */
  readonly gutter: HTMLDivElement;
  private readonly gutterRows: HTMLDivElement;
  private readonly header: HeaderCells;
  columns: readonly ColumnInfo[] = [];
  layout = new ColumnLayout([]);
  readonly cache = new PageCache(PAGE_SIZE);
  readonly selection = new Selection(0, 0);
  spec: ViewSpec = { sort: [], filters: [], search: '', hidden: [] };
  rowCount = 0;
  private gutterWidth = 48;
  private scrollbar = -1;
  private readonly rv: Virtualizer<HTMLDivElement, HTMLDivElement>;
  private readonly cv: Virtualizer<HTMLDivElement, HTMLDivElement>;
  private readonly active = new Map<number, RowNode>();
  private readonly free: RowNode[] = [];
  /** Element → the row or cell it renders, for mouse events. */
  readonly rowOf = new WeakMap<Element, RowNode>();
  readonly cellOf = new WeakMap<Element, CellNode>();
  private frame = 0;
  private size = { w: -1, h: -1 };
  private readonly fit = new TextFit(() => {
    const cs = getComputedStyle(this.viewport);
    return `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  });

  constructor(readonly actions: GridActions) {
    this.root = el('div', 'grid');
    this.viewport = el('div', 'grid-viewport', undefined, { tabindex: 0, role: 'grid', 'aria-multiselectable': 'true', 'aria-label': 'Results' });
    this.canvas = el('div', 'grid-canvas');
    this.head = el('div', 'grid-head', undefined, { role: 'row' });
    this.corner = el('div', 'grid-corner', '#', { title: 'Row number. Click a row number to select the row; Ctrl+A selects all.' });
    this.head.append(this.corner);
    this.body = el('div', 'grid-body', undefined, { role: 'rowgroup' });
    this.canvas.append(this.head, this.body);
    this.viewport.append(this.canvas);
    this.gutter = el('div', 'grid-gutter', undefined, { 'aria-hidden': 'true' });
    this.gutterRows = el('div', 'gutter-rows');
    this.gutter.append(this.gutterRows);
    this.root.append(this.viewport, this.gutter);
    this.header = new HeaderCells(this.head, [], {
      toggleSort: (c, add) => actions.toggleSort(c, add),
      filterChanged: (c, t) => actions.filterChanged(c, t),
      openColumnMenu: (c, x, y) => actions.openColumnMenu(c, x, y),
      resizeStart: (c, e) => this.resizeStart(c, e),
      resizeFit: (c) => this.fitColumn(c),
    });
    const common = {
      getScrollElement: () => this.viewport,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange: () => this.schedule(),
    } satisfies Partial<VirtualizerOptions<HTMLDivElement, HTMLDivElement>>;
    this.rv = new Virtualizer<HTMLDivElement, HTMLDivElement>({ ...common, count: 0, estimateSize: () => ROW_H, overscan: 4, paddingStart: HEADER_H, scrollPaddingStart: HEADER_H });
    this.cv = new Virtualizer<HTMLDivElement, HTMLDivElement>({ ...common, horizontal: true, count: 0, estimateSize: (i) => this.layout.slotWidth(i), overscan: 1, paddingStart: this.gutterWidth, scrollPaddingStart: this.gutterWidth });
    attachInteractions(this);
  }

  /** Starts observing the viewport; call once the root is in the document. */
  mount(): void {
    this.rv._didMount();
    this.cv._didMount();
    this.rv._willUpdate();
    this.cv._willUpdate();
    this.viewport.addEventListener('scroll', () => this.actions.scrolled(this.viewport.scrollTop, this.viewport.scrollLeft), { passive: true });
    // VS Code restyles the page when the theme or the editor font changes: measure cut text again.
    new MutationObserver(() => {
      this.fit.reset();
      for (const r of this.active.values()) for (const c of r.cells) c.text = undefined;
      this.schedule();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  }

  /** A new result: columns, widths (remembered or fitted to the first page), the view and its first page. */
  load(columns: readonly ColumnInfo[], widths: readonly (number | undefined)[], spec: ViewSpec, version: number, rowCount: number, firstPage: RowsPage): void {
    this.columns = columns;
    const fitted = fitWidths(columns, firstPage.rows);
    this.layout = new ColumnLayout(columns, columns.map((_, i) => widths[i] ?? fitted[i]), spec.hidden);
    this.header.reset(columns, spec);
    for (const r of this.active.values()) this.release(r);
    this.active.clear();
    this.selection.clear();
    this.applyView(spec, version, rowCount, firstPage);
    this.cv.measure();
    this.measureViewport();
  }

  /**
   * Tells the virtualizers the viewport size now, instead of after the ResizeObserver's next
   * callback: the grid was hidden (empty state) until this run, and the first paint should
   * already show rows.
   */
  private measureViewport(): void {
    const rect = { width: this.viewport.clientWidth, height: this.viewport.clientHeight };
    if (rect.width === 0 || rect.height === 0) return;
    this.rv.scrollRect = rect;
    this.cv.scrollRect = rect;
  }

  /** The view changed (sort, filter, search, hidden columns). */
  applyView(spec: ViewSpec, version: number, rowCount: number, firstPage: RowsPage): void {
    const reordered = version !== this.cache.version || rowCount !== this.rowCount;
    this.spec = spec;
    this.layout.setAllHidden(spec.hidden);
    if (reordered) {
      this.cache.reset(version);
      this.cache.put(version, firstPage);
      this.rowCount = rowCount;
      this.selection.clear();
    }
    this.gutterWidth = Math.max(40, String(rowCount).length * 8 + 18);
    this.selection.resize(this.rowCount, this.layout.visible.length);
    this.syncVirtualizers();
    this.cv.measure();
    if (reordered) this.viewport.scrollTop = 0;
    this.viewport.setAttribute('aria-rowcount', String(rowCount + 1));
    this.viewport.setAttribute('aria-colcount', String(this.layout.visible.length));
    this.schedule();
  }

  putRows(version: number, page: RowsPage): void {
    if (this.cache.put(version, page)) this.schedule();
  }

  /** Hides or shows a column locally (the app tells the host). */
  setHidden(column: number, hidden: boolean): void {
    this.layout.setHidden(column, hidden);
    this.selection.resize(this.rowCount, this.layout.visible.length);
    this.syncVirtualizers();
    this.cv.measure();
    this.schedule();
  }

  showAllColumns(): void {
    this.layout.showAll();
    this.selection.resize(this.rowCount, this.layout.visible.length);
    this.syncVirtualizers();
    this.cv.measure();
    this.schedule();
  }

  scrollTo(top: number, left: number): void {
    this.viewport.scrollTop = top;
    this.viewport.scrollLeft = left;
  }

  /** Keeps the active cell on screen (keyboard navigation). */
  reveal(row: number, slot: number): void {
    this.rv.scrollToIndex(row, { align: 'auto' });
    this.cv.scrollToIndex(slot, { align: 'auto' });
  }

  /** Rows that fit on screen, for PageUp/PageDown. */
  pageRows(): number {
    return Math.max(1, Math.floor((this.viewport.clientHeight - HEADER_H) / ROW_H) - 1);
  }

  /** The selection as a host range (result column indices), or undefined. */
  selectedRange(): CellRange | undefined {
    const r = this.selection.rect();
    if (!r) return undefined;
    const columns = this.layout.visible.slice(r.slotStart, r.slotEnd + 1);
    return { rowStart: r.rowStart, rowEnd: r.rowEnd, columns };
  }

  /** Column (result index) shown in a visible slot. */
  columnAt(slot: number): number { return this.layout.visible[slot]; }

  /** The screen rectangle of a cell, for opening its menu from the keyboard. */
  cellBox(row: number, slot: number): { x: number; y: number } {
    const vr = this.viewport.getBoundingClientRect();
    const x = vr.left + this.gutterWidth + this.layout.visible.slice(0, slot).reduce((s, c) => s + this.layout.width(c), 0) - this.viewport.scrollLeft;
    const y = vr.top + HEADER_H + row * ROW_H - this.viewport.scrollTop;
    return { x: Math.max(vr.left, Math.min(vr.right - 20, x + 12)), y: Math.max(vr.top + HEADER_H, Math.min(vr.bottom - 10, y + ROW_H)) };
  }

  /** Renders in the next animation frame (many changes in one frame render once). */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** Renders now (the benchmark measures this). */
  render(): void {
    const rowItems = this.rv.getVirtualItems();
    const colItems = this.cv.getVirtualItems();
    const w = this.cv.getTotalSize(), h = this.rv.getTotalSize();
    if (w !== this.size.w || h !== this.size.h) {
      this.size = { w, h };
      this.canvas.style.width = `${w}px`;
      this.canvas.style.height = `${h}px`;
    }
    if (this.corner.style.width !== `${this.gutterWidth}px`) {
      this.corner.style.width = `${this.gutterWidth}px`;
      this.root.style.setProperty('--gutter', `${this.gutterWidth}px`);
    }
    const scrollbar = this.viewport.offsetHeight - this.viewport.clientHeight;
    if (scrollbar !== this.scrollbar) { this.scrollbar = scrollbar; this.gutter.style.bottom = `${scrollbar}px`; }
    this.gutterRows.style.transform = `translateY(${-(this.rv.scrollOffset ?? 0)}px)`;
    const visible = colItems.map((c) => ({ column: this.layout.visible[c.index], left: c.start, width: c.size }));
    this.header.render(visible, this.spec);

    const wanted = new Set<number>();
    for (const item of rowItems) wanted.add(item.index);
    for (const [pos, r] of this.active) if (!wanted.has(pos)) { this.active.delete(pos); this.release(r); }
    const sel = this.selection.rect();
    const act = this.selection.active;
    const slots = colItems.map((c) => c.index);
    for (const item of rowItems) {
      let r = this.active.get(item.index);
      if (!r) { r = this.acquire(); this.active.set(item.index, r); }
      if (r.position !== item.index) {
        r.position = item.index;
        r.num.textContent = String(item.index + 1);
        r.node.setAttribute('aria-rowindex', String(item.index + 2));
      }
      if (r.top !== item.start) {
        r.top = item.start;
        r.node.style.transform = `translateY(${item.start}px)`;
        r.num.style.transform = `translateY(${item.start - HEADER_H}px)`;
      }
      const rowSelected = !!sel && item.index >= sel.rowStart && item.index <= sel.rowEnd;
      const rowCls = rowSelected ? 'row sel-row' : 'row';
      if (r.cls !== rowCls) { r.cls = rowCls; r.node.className = rowCls; r.num.className = rowSelected ? 'rownum sel-row' : 'rownum'; }
      this.fillRow(r, this.cache.row(item.index), visible, slots, sel, act);
    }
    if (rowItems.length > 0) {
      for (const req of this.cache.missing(rowItems[0].index, rowItems[rowItems.length - 1].index, this.rowCount)) this.actions.requestRows(req.start, req.count);
    }
  }

  private fillRow(r: RowNode, data: readonly CellText[] | undefined, visible: readonly { column: number; left: number; width: number }[], slots: readonly number[], sel: ReturnType<Selection['rect']>, act: Selection['active']): void {
    const n = visible.length;
    while (r.cells.length < n) {
      const node = el('div', 'cell', undefined, { role: 'gridcell' });
      const label = document.createTextNode('');
      node.append(label);
      const cell: CellNode = { node, label, column: -1, left: -1, width: -1, text: undefined, cut: false, cls: '' };
      this.cellOf.set(node, cell);
      r.cells.push(cell);
      r.node.append(node);
    }
    while (r.cells.length > n) r.cells.pop()?.node.remove();
    for (let j = 0; j < n; j++) {
      const v = visible[j], c = r.cells[j];
      if (c.left !== v.left) { c.left = v.left; c.node.style.left = `${v.left}px`; }
      const resized = c.width !== v.width;
      if (resized) { c.width = v.width; c.node.style.width = `${v.width}px`; }
      if (c.column !== v.column) { c.column = v.column; c.node.dataset.col = String(v.column); }
      const text = data ? data[v.column] : undefined;
      if (text !== c.text || c.text === undefined || resized) {
        c.text = text;
        const shown = typeof text === 'string' ? this.fit.fit(text, v.width - CELL_CHROME_PX) : '';
        // A Text node's data only: result data never becomes markup. Updating the same node (not
        // textContent, which replaces it) lets Chromium keep the cell's layout object.
        if (c.label.data !== shown) c.label.data = shown;
        const cut = shown !== (text ?? '');
        // Cut text keeps its full value as the cell's accessible name.
        if (cut) c.node.setAttribute('aria-label', text ?? '');
        else if (c.cut) c.node.removeAttribute('aria-label');
        c.cut = cut;
      }
      const slot = slots[j];
      const selected = !!sel && r.position >= sel.rowStart && r.position <= sel.rowEnd && slot >= sel.slotStart && slot <= sel.slotEnd;
      const isActive = !!act && act.row === r.position && act.slot === slot;
      const type = this.columns[v.column]?.type ?? 'string';
      const cls = `cell${NUMERIC.has(type) ? ' num' : ''}${text === null ? ' null' : text === undefined ? ' loading' : ''}${selected ? ' sel' : ''}${isActive ? ' active' : ''}`;
      if (c.cls !== cls) { c.cls = cls; c.node.className = cls; c.node.setAttribute('aria-selected', String(selected)); }
    }
  }

  private acquire(): RowNode {
    const reused = this.free.pop();
    if (reused) { this.body.append(reused.node); this.gutterRows.append(reused.num); return reused; }
    const node = el('div', 'row', undefined, { role: 'row' });
    const num = el('div', 'rownum');
    this.gutterRows.append(num);
    const r: RowNode = { node, num, cells: [], position: -1, top: -1, cls: 'row' };
    this.rowOf.set(node, r);
    this.rowOf.set(num, r);
    this.body.append(node);
    return r;
  }

  private release(r: RowNode): void {
    r.node.remove();
    r.num.remove();
    r.position = -1;
    r.top = -1;
    for (const c of r.cells) c.text = undefined;
    this.free.push(r);
  }

  private syncVirtualizers(): void {
    this.rv.setOptions({ ...this.rv.options, count: this.rowCount });
    this.cv.setOptions({ ...this.cv.options, count: this.layout.visible.length, paddingStart: this.gutterWidth, scrollPaddingStart: this.gutterWidth });
    this.rv._willUpdate();
    this.cv._willUpdate();
  }

  private resizeStart(column: number, e: PointerEvent): void {
    const handle = e.target as HTMLElement;
    const startX = e.clientX, startW = this.layout.width(column);
    handle.setPointerCapture(e.pointerId);
    this.root.classList.add('resizing');
    const move = (ev: PointerEvent) => {
      this.layout.setWidth(column, startW + ev.clientX - startX);
      this.cv.measure();
      this.schedule();
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      this.root.classList.remove('resizing');
      this.actions.layoutChanged();
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  }

  /** Double-click on a resize handle: fit the column to its loaded values. */
  private fitColumn(column: number): void {
    const sample: (readonly CellText[])[] = [];
    for (const r of this.active.values()) { const d = this.cache.row(r.position); if (d) sample.push(d); }
    this.layout.setWidth(column, fitWidths(this.columns, sample)[column]);
    this.cv.measure();
    this.schedule();
    this.actions.layoutChanged();
  }
}

export type { CellNode, RowNode };
