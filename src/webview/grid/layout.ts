/**
 * Column layout of the grid: widths, hidden columns and the visible order. No DOM, so it is
 * unit-tested in Node. Indices named `column` are result column indices; `slot` is a position
 * among the visible columns.
 */
import type { ColumnInfo } from '../../shared/protocol';

export const MIN_WIDTH = 40;
export const MAX_WIDTH = 2000;
const CHAR_PX = 8;

export class ColumnLayout {
  private widths: number[];
  private hiddenSet: Set<number>;
  private visibleList: number[] = [];

  constructor(readonly columns: readonly ColumnInfo[], widths: readonly (number | undefined)[] = [], hidden: readonly number[] = []) {
    this.widths = columns.map((c, i) => clampWidth(widths[i] ?? defaultWidth(c)));
    this.hiddenSet = new Set(hidden.filter((h) => h < columns.length));
    this.rebuild();
  }

  get visible(): readonly number[] { return this.visibleList; }
  get hidden(): number[] { return [...this.hiddenSet].sort((a, b) => a - b); }
  isHidden(column: number): boolean { return this.hiddenSet.has(column); }
  width(column: number): number { return this.widths[column] ?? MIN_WIDTH; }
  allWidths(): readonly number[] { return this.widths; }

  /** Width of the visible column in `slot`. */
  slotWidth(slot: number): number { return this.width(this.visibleList[slot]); }
  slotOf(column: number): number { return this.visibleList.indexOf(column); }

  setWidth(column: number, px: number): void { this.widths[column] = clampWidth(px); }

  setHidden(column: number, hidden: boolean): void {
    if (hidden) {
      // Keep at least one column: a grid with none cannot be navigated back from.
      if (this.visibleList.length <= 1 && !this.hiddenSet.has(column)) return;
      this.hiddenSet.add(column);
    } else this.hiddenSet.delete(column);
    this.rebuild();
  }

  showAll(): void { this.hiddenSet.clear(); this.rebuild(); }

  setAllHidden(hidden: readonly number[]): void {
    this.hiddenSet = new Set(hidden.filter((h) => h < this.columns.length));
    if (this.hiddenSet.size >= this.columns.length) this.hiddenSet.clear();
    this.rebuild();
  }

  totalWidth(): number { return this.visibleList.reduce((s, c) => s + this.width(c), 0); }

  private rebuild(): void {
    this.visibleList = this.columns.map((_, i) => i).filter((i) => !this.hiddenSet.has(i));
  }
}

export function clampWidth(px: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Number.isFinite(px) ? px : MIN_WIDTH)));
}

/** A first guess from the type and the header text; refined from the first page by {@link fitWidths}. */
export function defaultWidth(c: ColumnInfo): number {
  const byType: Record<string, number> = { datetime: 215, timespan: 110, bool: 70, int: 80, long: 100, real: 100, decimal: 100, guid: 290, dynamic: 260, string: 160 };
  return Math.max(byType[c.type] ?? 160, headerWidth(c.name));
}

function headerWidth(name: string): number {
  return Math.min(320, name.length * CHAR_PX + 48);
}

/** Widths that fit the header and the sampled cell texts (capped, so one long value cannot make a column huge). */
export function fitWidths(columns: readonly ColumnInfo[], sample: readonly (readonly (string | null)[])[]): number[] {
  return columns.map((c, i) => {
    let longest = 0;
    for (const row of sample) {
      const t = row[i];
      if (t && t.length > longest) longest = t.length;
    }
    return clampWidth(Math.max(headerWidth(c.name), Math.min(420, longest * CHAR_PX + 16)));
  });
}
