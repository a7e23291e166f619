/**
 * The grid's selection: an active cell and an anchor; the range is the rectangle between them.
 * Positions are view rows and visible-column slots. No DOM, unit-tested in Node.
 */
export interface CellPos { readonly row: number; readonly slot: number }

export interface SelectionRect { readonly rowStart: number; readonly rowEnd: number; readonly slotStart: number; readonly slotEnd: number }

export class Selection {
  active: CellPos | undefined;
  anchor: CellPos | undefined;

  constructor(private rows: number, private slots: number) {}

  resize(rows: number, slots: number): void {
    this.rows = rows;
    this.slots = slots;
    if (rows === 0 || slots === 0) { this.clear(); return; }
    if (this.active) this.active = this.clamp(this.active);
    if (this.anchor) this.anchor = this.clamp(this.anchor);
  }

  clear(): void { this.active = undefined; this.anchor = undefined; }

  /** Selects one cell (or extends the range to it from the anchor). */
  set(pos: CellPos, extend = false): void {
    if (this.rows === 0 || this.slots === 0) return;
    const p = this.clamp(pos);
    this.active = p;
    if (!extend || !this.anchor) this.anchor = p;
  }

  /** Whole rows `from..to` across every visible column. */
  selectRows(from: number, to: number): void {
    if (this.rows === 0 || this.slots === 0) return;
    this.anchor = this.clamp({ row: from, slot: 0 });
    this.active = this.clamp({ row: to, slot: this.slots - 1 });
  }

  /** One whole column. */
  selectColumn(slot: number): void {
    if (this.rows === 0 || this.slots === 0) return;
    this.anchor = this.clamp({ row: 0, slot });
    this.active = this.clamp({ row: this.rows - 1, slot });
  }

  selectAll(): void {
    if (this.rows === 0 || this.slots === 0) return;
    this.anchor = { row: 0, slot: 0 };
    this.active = { row: this.rows - 1, slot: this.slots - 1 };
  }

  /** Moves the active cell by a delta (keyboard); `extend` keeps the anchor (Shift). */
  move(dRow: number, dSlot: number, extend = false): void {
    const from = this.active ?? { row: 0, slot: 0 };
    this.set({ row: from.row + dRow, slot: from.slot + dSlot }, extend);
  }

  /** Moves to an absolute row and/or slot (Home, End, Ctrl+Home…). */
  moveTo(row: number | undefined, slot: number | undefined, extend = false): void {
    const from = this.active ?? { row: 0, slot: 0 };
    this.set({ row: row ?? from.row, slot: slot ?? from.slot }, extend);
  }

  rect(): SelectionRect | undefined {
    if (!this.active || !this.anchor) return undefined;
    return {
      rowStart: Math.min(this.active.row, this.anchor.row), rowEnd: Math.max(this.active.row, this.anchor.row),
      slotStart: Math.min(this.active.slot, this.anchor.slot), slotEnd: Math.max(this.active.slot, this.anchor.slot),
    };
  }

  contains(row: number, slot: number): boolean {
    const r = this.rect();
    return !!r && row >= r.rowStart && row <= r.rowEnd && slot >= r.slotStart && slot <= r.slotEnd;
  }

  private clamp(p: CellPos): CellPos {
    return { row: Math.max(0, Math.min(this.rows - 1, p.row)), slot: Math.max(0, Math.min(this.slots - 1, p.slot)) };
  }
}
