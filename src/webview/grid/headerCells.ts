/**
 * The sticky header of the grid: per visible column a title cell (name, type, sort state,
 * resize handle) and a filter cell (a text input). Only the columns the horizontal virtualizer
 * asks for exist in the DOM; a filter input that has focus is kept while it scrolls out.
 */
import type { ColumnInfo, ViewSpec } from '../../shared/protocol';
import { el, icon } from '../dom';

export const TITLE_ROW_H = 26;
export const FILTER_ROW_H = 26;
export const HEADER_H = TITLE_ROW_H + FILTER_ROW_H;

export interface HeaderActions {
  toggleSort(column: number, additive: boolean): void;
  filterChanged(column: number, text: string): void;
  openColumnMenu(column: number, x: number, y: number): void;
  resizeStart(column: number, e: PointerEvent): void;
  resizeFit(column: number): void;
}

interface HeadCell {
  readonly title: HTMLDivElement;
  readonly sort: HTMLSpanElement;
  readonly filter: HTMLDivElement;
  readonly input: HTMLInputElement;
  left: number;
  width: number;
}

export class HeaderCells {
  private readonly cells = new Map<number, HeadCell>();
  private filterTexts = new Map<number, string>();

  constructor(private readonly head: HTMLElement, private columns: readonly ColumnInfo[], private readonly actions: HeaderActions) {}

  reset(columns: readonly ColumnInfo[], spec: ViewSpec): void {
    for (const c of this.cells.values()) { c.title.remove(); c.filter.remove(); }
    this.cells.clear();
    this.columns = columns;
    this.filterTexts = new Map(spec.filters.map((f) => [f.column, f.text]));
  }

  /** Places the cells of `visible` (column, left, width) and updates the sort state. */
  render(visible: readonly { column: number; left: number; width: number }[], spec: ViewSpec): void {
    const wanted = new Set(visible.map((v) => v.column));
    for (const [column, cell] of this.cells) {
      if (wanted.has(column) || cell.filter.contains(document.activeElement)) continue;
      cell.title.remove();
      cell.filter.remove();
      this.cells.delete(column);
    }
    for (const v of visible) {
      let cell = this.cells.get(v.column);
      if (!cell) {
        cell = this.create(v.column);
        this.cells.set(v.column, cell);
        this.head.append(cell.title, cell.filter);
      }
      if (cell.left !== v.left) { cell.left = v.left; cell.title.style.left = cell.filter.style.left = `${v.left}px`; }
      if (cell.width !== v.width) { cell.width = v.width; cell.title.style.width = cell.filter.style.width = `${v.width}px`; }
      const sortAt = spec.sort.findIndex((s) => s.column === v.column);
      const sort = sortAt >= 0 ? spec.sort[sortAt] : undefined;
      const iconName = sort ? (sort.direction === 'asc' ? 'arrow-up' : 'arrow-down') : '';
      const label = sort && spec.sort.length > 1 ? String(sortAt + 1) : '';
      if (cell.sort.dataset.state !== `${iconName}${label}`) {
        cell.sort.dataset.state = `${iconName}${label}`;
        cell.sort.replaceChildren(...(sort ? [icon(iconName), el('span', 'sort-rank', label)] : []));
        cell.title.setAttribute('aria-sort', sort ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none');
      }
    }
  }

  filterText(column: number): string {
    return this.filterTexts.get(column) ?? '';
  }

  private create(column: number): HeadCell {
    const info = this.columns[column];
    const title = el('div', 'hcell', undefined, { role: 'columnheader', 'data-col': column, title: `${info.name}: ${info.type} (${info.rawType}). Click to sort, Shift+click to add to the sort, right-click for more.` });
    const name = el('span', 'hname', info.name);
    const type = el('span', 'htype', info.type);
    const sort = el('span', 'hsort');
    const handle = el('div', 'resize-handle', undefined, { 'aria-hidden': 'true' });
    title.append(name, type, sort, handle);
    title.addEventListener('click', (e) => {
      if (e.target === handle) return;
      this.actions.toggleSort(column, e.shiftKey);
    });
    title.addEventListener('contextmenu', (e) => { e.preventDefault(); this.actions.openColumnMenu(column, e.clientX, e.clientY); });
    handle.addEventListener('pointerdown', (e) => { e.preventDefault(); e.stopPropagation(); this.actions.resizeStart(column, e); });
    handle.addEventListener('click', (e) => e.stopPropagation());
    handle.addEventListener('dblclick', (e) => { e.stopPropagation(); this.actions.resizeFit(column); });

    const filter = el('div', 'fcell', undefined, { 'data-col': column });
    const input = el('input', 'filter-input', undefined, {
      type: 'text', spellcheck: 'false', placeholder: 'Filter', 'aria-label': `Filter ${info.name}`,
      title: 'text: contains · !text: does not contain · =x, !=x: equals / not · >x, <x, >=x, <=x: compare (numbers, dates) · "=x": literal',
    });
    input.value = this.filterText(column);
    input.addEventListener('input', () => {
      this.filterTexts.set(column, input.value);
      this.actions.filterChanged(column, input.value);
    });
    // Keys typed into a filter belong to it, not to the grid's keyboard navigation.
    input.addEventListener('keydown', (e) => e.stopPropagation());
    filter.append(input);
    return { title, sort, filter, input, left: -1, width: -1 };
  }
}
