/**
 * The grid's view model, in the host: filters + search + sort of a ResultSet → the order of its
 * rows, and pages of display text from that order. Pure, so it is unit-tested in plain Node.
 *
 * A 100,000-row sort or filter takes tens to hundreds of milliseconds, and the extension host is
 * shared with every other extension, so the work is a generator of small steps: the async runner
 * gives the event loop back every few milliseconds and stops early when a newer request cancels
 * it. Sorting is a merge sort of natively sorted runs so that no single step sorts everything.
 */
import type { CellText, ViewSpec } from '../../shared/protocol';
import type { KqlType } from '../schema/schema';
import { cellText, displayText } from './cellText';
import { type CellPredicate, compileColumnFilter, containsIgnoringCase } from './columnFilter';
import type { CellValue, ResultSet } from './resultSet';
import { isNumericType, numericValue } from './scalars';

/** Row indices into `result.rows` in display order; `undefined` means all rows in result order. */
export type RowOrder = Uint32Array | undefined;

/** Rows examined (filter) or compared (merge) between two looks at the clock. */
const STEP_ROWS = 2048;
/** Size of the runs sorted natively before merging. */
const RUN_LENGTH = 4096;

export function viewRowCount(result: ResultSet, order: RowOrder): number {
  return order ? order.length : result.rows.length;
}

export function rowIndexAt(order: RowOrder, position: number): number {
  return order ? order[position] : position;
}

/** Row indices of the view as a plain array (for export). */
export function orderToArray(result: ResultSet, order: RowOrder): number[] {
  return order ? Array.from(order) : result.rows.map((_, i) => i);
}

/** Display text of `count` rows from view position `start` (all columns). */
export function pageRows(result: ResultSet, order: RowOrder, start: number, count: number): CellText[][] {
  const end = Math.min(viewRowCount(result, order), start + count);
  const rows: CellText[][] = [];
  for (let p = start; p < end; p++) {
    const row = result.rows[rowIndexAt(order, p)];
    const out: CellText[] = new Array(result.columns.length);
    for (let c = 0; c < result.columns.length; c++) out[c] = displayText(row[c]);
    rows.push(out);
  }
  return rows;
}

/** True when the spec changes nothing about the row order (the common first paint). */
export function isIdentityView(spec: ViewSpec): boolean {
  return spec.sort.length === 0 && spec.search.trim() === '' && spec.filters.every((f) => f.text.trim() === '');
}

/** The steps of one view computation; the return value is the order. */
export function* rowOrderSteps(result: ResultSet, spec: ViewSpec): Generator<void, RowOrder, void> {
  if (isIdentityView(spec)) return undefined;
  const n = result.rows.length;
  const filter = rowFilter(result, spec);
  let rows: Uint32Array;
  if (filter) {
    const kept = new Uint32Array(n);
    let k = 0;
    for (let start = 0; start < n; start += STEP_ROWS) {
      const end = Math.min(n, start + STEP_ROWS);
      for (let r = start; r < end; r++) if (filter(result.rows[r])) kept[k++] = r;
      yield;
    }
    rows = kept.slice(0, k);
  } else {
    rows = new Uint32Array(n);
    for (let r = 0; r < n; r++) rows[r] = r;
  }
  const sort = spec.sort.filter((s) => s.column < result.columns.length);
  if (sort.length === 0) return rows;
  const keys: SortKey[] = [];
  for (const s of sort) keys.push(yield* buildSortKey(result, s.column, s.direction === 'desc' ? -1 : 1, rows));
  return yield* mergeSort(rows, compareRows(keys));
}

/** Runs the steps to the end at once (tests, small results). */
export function computeRowOrderSync(result: ResultSet, spec: ViewSpec): RowOrder {
  const it = rowOrderSteps(result, spec);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

export interface AsyncOptions {
  readonly signal?: AbortSignal;
  /** Longest stretch of work between two yields to the event loop, in ms. */
  readonly sliceMs?: number;
  /** How to give the event loop back (setImmediate in Node). */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** Called with the length of each synchronous stretch, for the benchmark. */
  readonly onSlice?: (ms: number) => void;
}

export class ViewCancelledError extends Error {
  constructor() { super('view computation cancelled'); }
}

/** Runs the steps, yielding to the event loop every `sliceMs` (default 8 ms); rejects with ViewCancelledError when aborted. */
export async function computeRowOrder(result: ResultSet, spec: ViewSpec, opts: AsyncOptions = {}): Promise<RowOrder> {
  const slice = opts.sliceMs ?? 8;
  const pause = opts.yieldToEventLoop ?? (() => new Promise<void>((r) => setImmediate(r)));
  const it = rowOrderSteps(result, spec);
  let t0 = performance.now();
  for (;;) {
    if (opts.signal?.aborted) throw new ViewCancelledError();
    const r = it.next();
    if (r.done) { opts.onSlice?.(performance.now() - t0); return r.value; }
    const spent = performance.now() - t0;
    if (spent >= slice) {
      opts.onSlice?.(spent);
      await pause();
      t0 = performance.now();
    }
  }
}

// ─── filtering ─────────────────────────────────────────────────────────────────────────

function rowFilter(result: ResultSet, spec: ViewSpec): ((row: readonly CellValue[]) => boolean) | undefined {
  const tests: ((row: readonly CellValue[]) => boolean)[] = [];
  for (const f of spec.filters) {
    const column = result.columns[f.column];
    if (!column) continue;
    const p: CellPredicate | undefined = compileColumnFilter(f.text, column.type);
    if (p) tests.push((row) => p(row[f.column]));
  }
  const search = spec.search.trim();
  if (search !== '') {
    const hidden = new Set(spec.hidden);
    const cols = result.columns.map((_, i) => i).filter((i) => !hidden.has(i));
    const contains = containsIgnoringCase(search);
    tests.push((row) => {
      for (const c of cols) {
        const v = row[c];
        if (v !== null && v !== undefined && contains(typeof v === 'string' ? v : cellText(v))) return true;
      }
      return false;
    });
  }
  if (tests.length === 0) return undefined;
  return (row) => tests.every((t) => t(row));
}

// ─── sorting ───────────────────────────────────────────────────────────────────────────

interface SortKey {
  readonly direction: 1 | -1;
  /** Numeric keys by row index (NaN = null/unparseable); for numeric column types. */
  readonly numbers?: Float64Array;
  /** Text keys by row index (undefined = null); for strings, guids, dynamic. */
  readonly texts?: (string | undefined)[];
  /** Raw values for breaking ties below a double's precision (datetimes with 100 ns ticks). */
  readonly raw?: (row: number) => CellValue | undefined;
}

/** Case-insensitive, digit-aware order for text (file names like proc2 < proc10 as people expect). */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function* buildSortKey(result: ResultSet, column: number, direction: 1 | -1, rows: Uint32Array): Generator<void, SortKey, void> {
  const type: KqlType = result.columns[column].type;
  const n = result.rows.length;
  if (isNumericType(type)) {
    const numbers = new Float64Array(n);
    for (let start = 0; start < rows.length; start += STEP_ROWS) {
      const end = Math.min(rows.length, start + STEP_ROWS);
      for (let i = start; i < end; i++) numbers[rows[i]] = numericValue(result.rows[rows[i]][column], type);
      yield;
    }
    const raw = type === 'datetime' ? (r: number) => result.rows[r][column] : undefined;
    return { direction, numbers, raw };
  }
  const texts: (string | undefined)[] = new Array(n);
  for (let start = 0; start < rows.length; start += STEP_ROWS) {
    const end = Math.min(rows.length, start + STEP_ROWS);
    for (let i = start; i < end; i++) {
      const v = result.rows[rows[i]][column];
      texts[rows[i]] = v === null || v === undefined ? undefined : cellText(v);
    }
    yield;
  }
  return { direction, texts };
}

/** Compares two row indices by the keys; nulls sort last in both directions; ties keep result order. */
function compareRows(keys: readonly SortKey[]): (a: number, b: number) => number {
  return (a, b) => {
    for (const k of keys) {
      let c = 0;
      if (k.numbers) {
        const x = k.numbers[a], y = k.numbers[b];
        const xn = Number.isNaN(x), yn = Number.isNaN(y);
        if (xn || yn) { if (xn !== yn) return xn ? 1 : -1; continue; }
        c = x < y ? -1 : x > y ? 1 : 0;
        if (c === 0 && k.raw) {
          const rx = k.raw(a), ry = k.raw(b);
          if (typeof rx === 'string' && typeof ry === 'string' && rx.length === ry.length) c = rx < ry ? -1 : rx > ry ? 1 : 0;
        }
      } else if (k.texts) {
        const x = k.texts[a], y = k.texts[b];
        if (x === undefined || y === undefined) { if (x !== y) return x === undefined ? 1 : -1; continue; }
        c = x === y ? 0 : collator.compare(x, y);
      }
      if (c !== 0) return c * k.direction;
    }
    return a - b;
  };
}

/** Bottom-up merge sort: natively sorted runs, then merges, yielding between steps. */
function* mergeSort(rows: Uint32Array, cmp: (a: number, b: number) => number): Generator<void, Uint32Array, void> {
  const n = rows.length;
  for (let start = 0; start < n; start += RUN_LENGTH) {
    rows.subarray(start, Math.min(n, start + RUN_LENGTH)).sort(cmp);
    yield;
  }
  let src = rows;
  let dst: Uint32Array = new Uint32Array(n);
  for (let width = RUN_LENGTH; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width), hi = Math.min(n, lo + 2 * width);
      let i = lo, j = mid, k = lo, budget = 0;
      while (i < mid && j < hi) {
        dst[k++] = cmp(src[i], src[j]) <= 0 ? src[i++] : src[j++];
        if (++budget === STEP_ROWS) { budget = 0; yield; }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
    yield;
  }
  return src;
}
