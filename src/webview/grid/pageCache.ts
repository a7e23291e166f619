/**
 * Rows of the current view, a page at a time. The host holds the whole result; the grid asks for
 * the pages it needs (visible rows plus a margin), keeps a bounded number, and drops everything
 * when the view version changes. No DOM, unit-tested in Node.
 */
import type { CellText, RowsPage } from '../../shared/protocol';

export interface PageRequest { readonly start: number; readonly count: number }

export class PageCache {
  private pages = new Map<number, readonly (readonly CellText[])[]>();
  /** Page index → when it was requested (ms), so a lost request is retried. */
  private inFlight = new Map<number, number>();
  private versionValue = 0;

  constructor(readonly pageSize: number, private readonly maxPages = 80, private readonly retryAfterMs = 2000) {}

  get version(): number { return this.versionValue; }

  /** Forgets every page: the order of rows changed. */
  reset(version: number): void {
    this.versionValue = version;
    this.pages.clear();
    this.inFlight.clear();
  }

  /** Stores a page for `version`; returns false when it belongs to an older view. */
  put(version: number, page: RowsPage): boolean {
    if (version !== this.versionValue) return false;
    // Pages arrive aligned to pageSize (the first page too), one page per message or several.
    for (let offset = 0; offset < page.rows.length; offset += this.pageSize) {
      const index = Math.floor((page.start + offset) / this.pageSize);
      this.pages.delete(index);
      this.pages.set(index, page.rows.slice(offset, offset + this.pageSize));
      this.inFlight.delete(index);
    }
    while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value as number);
    return true;
  }

  row(position: number): readonly CellText[] | undefined {
    const page = this.pages.get(Math.floor(position / this.pageSize));
    return page?.[position % this.pageSize];
  }

  /** Pages to request so rows `first..last` (inclusive, plus one page around) are loaded; marks them in flight. */
  missing(first: number, last: number, rowCount: number, now = Date.now()): PageRequest[] {
    if (rowCount === 0 || last < first) return [];
    const lo = Math.max(0, Math.floor(first / this.pageSize) - 1);
    const hi = Math.min(Math.floor((rowCount - 1) / this.pageSize), Math.floor(last / this.pageSize) + 1);
    const out: PageRequest[] = [];
    for (let p = lo; p <= hi; p++) {
      if (this.pages.has(p)) {
        // Touch it, so the pages on screen are the last to be dropped.
        const rows = this.pages.get(p);
        if (rows) { this.pages.delete(p); this.pages.set(p, rows); }
        continue;
      }
      const asked = this.inFlight.get(p);
      if (asked !== undefined && now - asked < this.retryAfterMs) continue;
      this.inFlight.set(p, now);
      out.push({ start: p * this.pageSize, count: Math.min(this.pageSize, rowCount - p * this.pageSize) });
    }
    return out;
  }

  /** A request went unanswered (e.g. the host dropped it): allow asking again. */
  forget(start: number): void {
    this.inFlight.delete(Math.floor(start / this.pageSize));
  }

  get size(): number { return this.pages.size; }
}
