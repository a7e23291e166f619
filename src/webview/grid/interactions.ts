/**
 * Mouse and keyboard on the grid: click, Shift+click and drag select ranges; row numbers select
 * rows; double-click or Enter inspects; the context menu key or Shift+F10 opens the cell menu;
 * arrows, Page Up/Down, Home/End (with Ctrl for the whole grid) move, with Shift to extend;
 * Ctrl+A selects all; Ctrl+C copies as TSV (Ctrl+Shift+C with headers).
 */
import type { Grid } from './grid';

export function attachInteractions(grid: Grid): void {
  const vp = grid.viewport;
  let dragging = false;

  const cellAt = (target: EventTarget | null) => {
    const node = (target as Element | null)?.closest?.('.cell');
    const cell = node ? grid.cellOf.get(node) : undefined;
    const row = node?.parentElement ? grid.rowOf.get(node.parentElement) : undefined;
    if (!cell || !row || row.position < 0) return undefined;
    const slot = grid.layout.slotOf(cell.column);
    return slot < 0 ? undefined : { row: row.position, slot, column: cell.column };
  };
  const rowNumAt = (target: EventTarget | null) => {
    const node = (target as Element | null)?.closest?.('.rownum');
    const row = node ? grid.rowOf.get(node) : undefined;
    return row && row.position >= 0 ? row.position : undefined;
  };
  const changed = () => { grid.schedule(); grid.actions.selectionChanged(); };

  const onMouseDown = (e: MouseEvent) => {
    if (e.button !== 0) return;
    const cell = cellAt(e.target);
    if (cell) {
      grid.selection.set({ row: cell.row, slot: cell.slot }, e.shiftKey);
      dragging = true;
      vp.focus({ preventScroll: true });
      e.preventDefault();
      changed();
      return;
    }
    const rowNum = rowNumAt(e.target);
    if (rowNum !== undefined) {
      const from = e.shiftKey && grid.selection.anchor ? grid.selection.anchor.row : rowNum;
      grid.selection.selectRows(from, rowNum);
      vp.focus({ preventScroll: true });
      e.preventDefault();
      changed();
    }
  };
  vp.addEventListener('mousedown', onMouseDown);
  grid.gutter.addEventListener('mousedown', onMouseDown);
  // The gutter sits over the viewport's edge: let the wheel scroll the grid there too.
  grid.gutter.addEventListener('wheel', (e) => { vp.scrollTop += e.deltaY; }, { passive: true });
  vp.addEventListener('mousemove', (e) => {
    if (!dragging || (e.buttons & 1) === 0) { dragging = false; return; }
    const cell = cellAt(e.target);
    if (!cell) return;
    const a = grid.selection.active;
    if (a && a.row === cell.row && a.slot === cell.slot) return;
    grid.selection.set({ row: cell.row, slot: cell.slot }, true);
    changed();
  });
  window.addEventListener('mouseup', () => { dragging = false; });
  vp.addEventListener('mouseover', (e) => {
    // The full (display) text as a tooltip, set on hover only: no per-frame cost.
    const node = (e.target as Element | null)?.closest?.('.cell') as HTMLElement | null;
    const cell = node ? grid.cellOf.get(node) : undefined;
    if (node && cell) node.title = typeof cell.text === 'string' && (cell.cut || cell.text.length > 20) ? cell.text : '';
  });
  vp.addEventListener('dblclick', (e) => {
    const cell = cellAt(e.target);
    if (cell) grid.actions.inspect(cell.row, cell.column);
  });
  vp.addEventListener('contextmenu', (e) => {
    const cell = cellAt(e.target);
    if (!cell) return;
    e.preventDefault();
    if (!grid.selection.contains(cell.row, cell.slot)) { grid.selection.set({ row: cell.row, slot: cell.slot }); changed(); }
    grid.actions.openCellMenu(cell.row, cell.column, e.clientX, e.clientY);
  });

  vp.addEventListener('keydown', (e) => {
    const sel = grid.selection;
    const ctrl = e.ctrlKey || e.metaKey;
    const last = grid.rowCount - 1, lastSlot = grid.layout.visible.length - 1;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown': if (ctrl) sel.moveTo(last, undefined, e.shiftKey); else sel.move(1, 0, e.shiftKey); break;
      case 'ArrowUp': if (ctrl) sel.moveTo(0, undefined, e.shiftKey); else sel.move(-1, 0, e.shiftKey); break;
      case 'ArrowRight': if (ctrl) sel.moveTo(undefined, lastSlot, e.shiftKey); else sel.move(0, 1, e.shiftKey); break;
      case 'ArrowLeft': if (ctrl) sel.moveTo(undefined, 0, e.shiftKey); else sel.move(0, -1, e.shiftKey); break;
      case 'PageDown': sel.move(grid.pageRows(), 0, e.shiftKey); break;
      case 'PageUp': sel.move(-grid.pageRows(), 0, e.shiftKey); break;
      case 'Home': sel.moveTo(ctrl ? 0 : undefined, 0, e.shiftKey); break;
      case 'End': sel.moveTo(ctrl ? last : undefined, lastSlot, e.shiftKey); break;
      case 'a': case 'A': if (ctrl) sel.selectAll(); else handled = false; break;
      case 'c': case 'C': {
        const range = ctrl ? grid.selectedRange() : undefined;
        if (range) grid.actions.copy(range, 'tsv', e.shiftKey); else handled = false;
        break;
      }
      case 'Enter': if (sel.active) grid.actions.inspect(sel.active.row, grid.columnAt(sel.active.slot)); break;
      case 'ContextMenu': case 'F10': {
        if (e.key === 'F10' && !e.shiftKey) { handled = false; break; }
        if (sel.active) {
          const box = grid.cellBox(sel.active.row, sel.active.slot);
          grid.actions.openCellMenu(sel.active.row, grid.columnAt(sel.active.slot), box.x, box.y);
        }
        break;
      }
      default: handled = false;
    }
    if (!handled) return;
    e.preventDefault();
    if (sel.active && !['c', 'C', 'Enter', 'ContextMenu', 'F10'].includes(e.key)) grid.reveal(sel.active.row, sel.active.slot);
    changed();
  });
  vp.addEventListener('focus', () => {
    if (!grid.selection.active && grid.rowCount > 0) { grid.selection.set({ row: 0, slot: 0 }); changed(); }
  });
}
