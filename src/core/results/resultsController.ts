/**
 * The host side of the results webview, without VS Code: the window's history of runs, the view
 * (order, version) of each, and the answer to every protocol message. The panel in src/vscode
 * gives it a `post` function and the effects that need the editor (clipboard, documents).
 * Tests drive it directly, and the standalone-Chromium tests put the real webview in front of it.
 */
import { shapeChartAsync } from '../charts/chartData';
import { checkChartImage, chartFileName } from '../charts/chartImage';
import { chartOffer, resolveChoice } from '../charts/chartOffer';
import type { ChartChoice, ChartOffer } from '../../shared/charts';
import { type ChartImageFormat, EMPTY_VIEW, type ExportKind, type HistoryEntry, type HostToWebview, isWebviewToHost, PAGE_SIZE, type RowsPage, type RunHeader, type ViewSpec, type ViewState, type WebviewToHost } from '../../shared/protocol';
import { asJson, cellText } from './cellText';
import { formatCopy } from './copyFormats';
import type { CsvOptions } from './export/csvFormat';
import type { HuntRun } from './huntRun';
import { filterClause } from './queryFilter';
import type { CellValue } from './resultSet';
import { computeRowOrder, isIdentityView, orderToArray, pageRows, type RowOrder, rowIndexAt, ViewCancelledError, viewRowCount } from './view';

export interface ValueDocument {
  readonly title: string;
  readonly content: string;
  readonly language: 'json' | 'plaintext';
}

/** What the controller needs from the editor. Errors thrown with a message are shown to the user. */
export interface ResultsEffects {
  writeClipboard(text: string): Promise<void>;
  openValue(doc: ValueDocument): Promise<void>;
  /** Inserts `clause` into the block the run came from (the run has a `source`). */
  addFilterToQuery(run: HuntRun, clause: string): Promise<void>;
  /** Starts an export of the shown run (the export command: options, save dialog, progress). Absent: export is not offered here. */
  exportResults?(run: HuntRun, kind: ExportKind): Promise<void>;
  /** Separator and formula guard for "Copy as CSV" (the export settings); default: comma, guard on. */
  csvOptions?(): CsvOptions;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /**
   * Writes a checked chart image: to `target` when the Save Chart command named one, else where
   * the user picks (save dialog). Resolves with where it went, or undefined when cancelled.
   */
  saveChartImage?(image: ChartImage): Promise<string | undefined>;
}

export interface ChartImage {
  readonly format: ChartImageFormat;
  readonly bytes: Uint8Array;
  readonly suggestedName: string;
  /** Host-specific destination passed to {@link ResultsController.exportChart} (a vscode.Uri). */
  readonly target?: unknown;
}

export interface ResultsControllerOptions {
  /** How many runs the window keeps (oldest dropped first): results live in memory only. */
  readonly historyLimit?: number;
  /** Rows from which a view change announces itself as busy. */
  readonly busyThreshold?: number;
}

interface RunState {
  readonly run: HuntRun;
  spec: ViewSpec;
  order: RowOrder;
  version: number;
  pending?: AbortController;
  /** The Chart tab's offer, computed on first show (undefined: nothing to chart). */
  chart?: ChartOffer | null;
}

/** A snapshot of what the user sees, for export. */
export interface ControllerView {
  readonly run: HuntRun;
  readonly spec: ViewSpec;
  rowOrder(): number[];
}

export const NOTHING_YET = 'No results yet. Put the cursor in a query and run a hunt (Shift+Enter).';
export const NOT_KEPT = 'Results from before the window reloaded are not kept (they are never written to disk). Run the hunt again.';

export class ResultsController {
  private readonly runs = new Map<string, RunState>();
  private currentId: string | undefined;
  private nextVersion = 1;
  private readonly historyLimit: number;
  private readonly busyThreshold: number;
  private readonly listeners = new Set<() => void>();
  /** The latest setView per run, so an export requested right after it waits for its order. */
  private readonly viewRequests = new Map<string, Promise<void>>();
  private nextExport = 1;
  private readonly exports = new Map<number, { runId: string; format: ChartImageFormat; target?: unknown; resolve: (where: string | undefined) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly post: (message: HostToWebview) => void,
    private readonly effects: ResultsEffects,
    opts: ResultsControllerOptions = {},
  ) {
    this.historyLimit = opts.historyLimit ?? 10;
    this.busyThreshold = opts.busyThreshold ?? 20_000;
  }

  /** Called when the shown run or its view changes. Returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds a finished run to the history, makes it current and shows it. */
  showRun(run: HuntRun): void {
    this.runs.delete(run.id);
    this.runs.set(run.id, { run, spec: EMPTY_VIEW, order: undefined, version: this.nextVersion++ });
    while (this.runs.size > this.historyLimit) {
      const oldest = this.runs.keys().next().value as string;
      this.runs.get(oldest)?.pending?.abort();
      this.runs.delete(oldest);
    }
    this.switchTo(run.id);
  }

  /** The run on screen and its view, or undefined. */
  current(): ControllerView | undefined {
    const s = this.currentId ? this.runs.get(this.currentId) : undefined;
    if (!s) return undefined;
    return { run: s.run, spec: s.spec, rowOrder: () => orderToArray(s.run.result, s.order) };
  }

  history(): readonly HuntRun[] {
    return [...this.runs.values()].map((s) => s.run);
  }

  /** Handles one message from the webview (validated here: it comes from another process). */
  async handle(message: unknown): Promise<void> {
    if (!isWebviewToHost(message)) {
      this.effects.log('warn', 'results webview sent an invalid message; ignored');
      return;
    }
    try {
      await this.dispatch(message);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.effects.log('warn', `results: ${message.type} failed: ${text}`);
      this.post({ type: 'notice', level: 'error', text });
    }
  }

  private async dispatch(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready': return this.onReady(m.runId);
      case 'switchRun': if (this.runs.has(m.runId)) this.switchTo(m.runId); return;
      case 'getRows': return this.onGetRows(m.requestId, m.runId, m.version, m.start, m.count);
      case 'setView': {
        const computing = this.setView(m.runId, m.spec);
        this.viewRequests.set(m.runId, computing);
        const forget = () => { if (this.viewRequests.get(m.runId) === computing) this.viewRequests.delete(m.runId); };
        computing.then(forget, forget);
        return computing;
      }
      case 'copy': {
        const s = this.live(m.runId, m.version);
        const cols = m.range.columns.filter((c) => c < s.run.result.columns.length);
        const last = Math.min(m.range.rowEnd, viewRowCount(s.run.result, s.order) - 1);
        const rows: CellValue[][] = [];
        for (let p = m.range.rowStart; p <= last; p++) {
          const row = s.run.result.rows[rowIndexAt(s.order, p)];
          rows.push(cols.map((c) => row[c]));
        }
        const columns = cols.map((c) => s.run.result.columns[c]);
        await this.effects.writeClipboard(formatCopy(m.format, columns, rows, m.headers, this.effects.csvOptions?.()));
        const what = rows.length === 1 && cols.length === 1 ? 'cell' : `${rows.length.toLocaleString('en-US')} row${rows.length === 1 ? '' : 's'} × ${cols.length} column${cols.length === 1 ? '' : 's'}`;
        this.post({ type: 'notice', level: 'info', text: `Copied ${what} as ${m.format === 'markdown' ? 'Markdown' : m.format.toUpperCase()}` });
        return;
      }
      case 'inspect': {
        const { s, value, column } = this.cell(m.runId, m.version, m.row, m.column);
        const json = asJson(value);
        const content = json !== undefined ? JSON.stringify(json, null, 2) : cellText(value);
        await this.effects.openValue({ title: `${column.name} (row ${m.row + 1} of ${s.run.id})`, content, language: json !== undefined ? 'json' : 'plaintext' });
        return;
      }
      case 'getChart': {
        const s = this.runs.get(m.runId);
        if (!s) return;
        const offer = this.offer(s);
        if (!offer) throw new Error('This result has no numeric column to chart.');
        const choice = resolveChoice(s.run.result.columns, m.choice.type, undefined, m.choice);
        if (!choice) throw new Error(`The columns of this result cannot make a ${m.choice.type}.`);
        // The render's own titles, legend and axis settings (and the note on how its chart was
        // drawn) apply while the user keeps the chart the panel opened with.
        const initial = sameChoice(choice, offer.initial);
        const render = offer.fromRender && initial ? s.run.result.render : undefined;
        const data = await shapeChartAsync(s.run.result, choice, render);
        if (!this.runs.has(m.runId)) return;
        const notes = initial && offer.renderNote ? [offer.renderNote, ...data.notes] : data.notes;
        this.post({ type: 'chart', requestId: m.requestId, runId: m.runId, data: { ...data, notes } });
        return;
      }
      case 'saveChart': return this.onSaveChart(m.runId, m.format, m.data, m.requestId);
      case 'addFilter': {
        const { s, value, column } = this.cell(m.runId, m.version, m.row, m.column);
        if (!s.run.source) throw new Error('This result has no query block to add a filter to (it did not come from an editor).');
        const clause = filterClause(column, value, m.op);
        await this.effects.addFilterToQuery(s.run, clause);
        this.post({ type: 'notice', level: 'info', text: `Added to the query: ${clause}` });
        return;
      }
      case 'export': {
        const s = this.runs.get(m.runId);
        if (!s || m.runId !== this.currentId) throw new Error('That result is no longer the one shown; export the shown result instead.');
        if (!this.effects.exportResults) throw new Error('Export is not available here.');
        // A filter typed just before the click arrives as setView first: export the view it makes.
        await this.viewRequests.get(m.runId)?.catch(() => undefined);
        await this.effects.exportResults(s.run, m.kind);
        return;
      }
    }
  }

  /**
   * The Save Chart command: asks the webview to draw the shown chart as an image and writes what
   * it sends back (to `target`, or through the save dialog). Resolves with where it went.
   */
  exportChart(format: ChartImageFormat, target?: unknown): Promise<string | undefined> {
    const s = this.currentId ? this.runs.get(this.currentId) : undefined;
    if (!s || !this.offer(s)) return Promise.reject(new Error('The results panel shows no chart to save.'));
    const requestId = this.nextExport++;
    return new Promise((resolve, reject) => {
      this.exports.set(requestId, { runId: s.run.id, format, target, resolve, reject });
      this.post({ type: 'exportChart', requestId, format });
    });
  }

  /** Gives up on a Save Chart command the webview did not answer (hidden, reloaded). */
  abandonExports(reason: string): void {
    for (const [id, e] of this.exports) { this.exports.delete(id); e.reject(new Error(reason)); }
  }

  private async onSaveChart(runId: string, format: ChartImageFormat, data: string, requestId: number | undefined): Promise<void> {
    const pending = requestId !== undefined ? this.exports.get(requestId) : undefined;
    if (requestId !== undefined) {
      if (!pending || pending.runId !== runId || pending.format !== format) throw new Error('The chart image answered no Save Chart request.');
      this.exports.delete(requestId);
    }
    try {
      const s = this.runs.get(runId);
      if (!s) throw new Error('That result is no longer in this window\'s history.');
      if (!this.effects.saveChartImage) throw new Error('Saving charts is not available here.');
      const bytes = checkChartImage(format, data);
      const where = await this.effects.saveChartImage({ format, bytes, suggestedName: chartFileName(s.run.startedAt, format), target: pending?.target });
      if (where) this.post({ type: 'notice', level: 'info', text: `Saved the chart to ${where}` });
      pending?.resolve(where);
    } catch (e) {
      pending?.reject(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  }

  /** The Chart tab's offer for a run (cached: the result never changes). */
  private offer(s: RunState): ChartOffer | undefined {
    if (s.chart === undefined) s.chart = chartOffer(s.run.result.columns, s.run.result.render) ?? null;
    return s.chart ?? undefined;
  }

  /**
   * A (re)loaded webview: show the host's current run, which reflects the user's last choice even
   * if a run arrived while the panel was hidden. `runId` (what the webview showed before) only
   * tells a reload, whose results are gone, from a first start.
   */
  private onReady(runId: string | undefined): void {
    if (this.currentId && this.runs.has(this.currentId)) return this.switchTo(this.currentId);
    this.post({ type: 'showEmpty', text: runId ? NOT_KEPT : NOTHING_YET });
  }

  private switchTo(runId: string): void {
    const s = this.runs.get(runId);
    if (!s) return;
    this.currentId = runId;
    this.post({
      type: 'showRun',
      run: header(s.run),
      columns: s.run.result.columns.map((c) => ({ name: c.name, type: c.type, rawType: c.rawType })),
      history: this.historyEntries(),
      view: this.viewState(s),
      firstPage: this.page(s, 0, PAGE_SIZE),
      ...(this.offer(s) ? { chart: this.offer(s) } : {}),
    });
    this.fire();
  }

  /** Applies a new view spec; resolves when the new order is computed (or was superseded). */
  async setView(runId: string, requested: ViewSpec): Promise<void> {
    const s = this.runs.get(runId);
    if (!s) return;
    const spec = sanitize(requested, s.run.result.columns.length);
    const reorder = !sameOrderInputs(s.spec, spec);
    s.pending?.abort();
    if (!reorder) {
      s.spec = spec;
      if (runId === this.currentId) this.post({ type: 'viewChanged', runId, view: this.viewState(s), firstPage: this.page(s, 0, PAGE_SIZE) });
      this.fire();
      return;
    }
    const ctrl = new AbortController();
    s.pending = ctrl;
    if (!isIdentityView(spec) && s.run.result.rows.length >= this.busyThreshold) {
      this.post({ type: 'busy', runId, text: spec.sort.length ? 'Sorting…' : 'Filtering…' });
    }
    let order: RowOrder;
    try {
      order = await computeRowOrder(s.run.result, spec, { signal: ctrl.signal });
    } catch (e) {
      if (e instanceof ViewCancelledError) return;
      throw e;
    }
    if (s.pending !== ctrl) return;
    s.pending = undefined;
    s.spec = spec;
    s.order = order;
    s.version = this.nextVersion++;
    if (runId === this.currentId) this.post({ type: 'viewChanged', runId, view: this.viewState(s), firstPage: this.page(s, 0, PAGE_SIZE) });
    this.fire();
  }

  private onGetRows(requestId: number, runId: string, version: number, start: number, count: number): void {
    const s = this.runs.get(runId);
    // A page of an old view is useless to the webview, which asks again for the new one.
    if (!s || s.version !== version) return;
    this.post({ type: 'rows', requestId, runId, version, page: this.page(s, start, count) });
  }

  /** The run state if the webview's `version` is still the view on screen; throws a readable refusal otherwise. */
  private live(runId: string, version: number): RunState {
    const s = this.runs.get(runId);
    if (!s) throw new Error('That result is no longer in this window\'s history.');
    if (s.version !== version) throw new Error('The view changed while you clicked; try again.');
    return s;
  }

  private cell(runId: string, version: number, position: number, columnIndex: number) {
    const s = this.live(runId, version);
    const column = s.run.result.columns[columnIndex];
    if (!column || position >= viewRowCount(s.run.result, s.order)) throw new Error('That cell is not in the result.');
    const value = s.run.result.rows[rowIndexAt(s.order, position)][columnIndex];
    return { s, column, value };
  }

  private page(s: RunState, start: number, count: number): RowsPage {
    return { start, rows: pageRows(s.run.result, s.order, start, count) };
  }

  private viewState(s: RunState): ViewState {
    return { version: s.version, spec: s.spec, rowCount: viewRowCount(s.run.result, s.order) };
  }

  private historyEntries(): HistoryEntry[] {
    return [...this.runs.values()].reverse().map((s) => ({ id: s.run.id, label: historyLabel(s.run) }));
  }

  private fire(): void {
    for (const l of this.listeners) l();
  }

  dispose(): void {
    this.abandonExports('The results panel closed.');
    for (const s of this.runs.values()) s.pending?.abort();
    this.runs.clear();
    this.listeners.clear();
  }
}

function header(run: HuntRun): RunHeader {
  return {
    id: run.id,
    query: run.query,
    connectionName: run.connectionName,
    api: run.api,
    timeRangeLabel: run.timeRange.label,
    startedAt: run.startedAt,
    elapsedMs: run.elapsedMs,
    totalRows: run.result.rows.length,
    truncated: run.result.truncated,
    canAddFilter: run.source !== undefined,
  };
}

/** "14:03:12 · 1,204 rows · DeviceProcessEvents | where …" */
export function historyLabel(run: HuntRun): string {
  const time = new Date(run.startedAt).toTimeString().slice(0, 8);
  const firstLine = run.query.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('//')) ?? '(empty query)';
  const query = firstLine.length > 60 ? firstLine.slice(0, 59) + '…' : firstLine;
  const rows = run.result.rows.length;
  return `${time} · ${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'} · ${query}`;
}

function sameChoice(a: ChartChoice, b: ChartChoice): boolean {
  return JSON.stringify([a.type, a.x, a.y, a.series, a.kind]) === JSON.stringify([b.type, b.x, b.y, b.series, b.kind]);
}

/** Drops column references outside the result and duplicate keys. */
function sanitize(spec: ViewSpec, columns: number): ViewSpec {
  const seen = new Set<number>();
  return {
    sort: spec.sort.filter((s) => s.column < columns && !seen.has(s.column) && (seen.add(s.column), true)),
    filters: spec.filters.filter((f) => f.column < columns && f.text.trim() !== ''),
    search: spec.search,
    hidden: [...new Set(spec.hidden.filter((c) => c < columns))].sort((a, b) => a - b),
  };
}

/** True when two specs give the same row order (hidden columns matter only to the search). */
function sameOrderInputs(a: ViewSpec, b: ViewSpec): boolean {
  const key = (s: ViewSpec) => JSON.stringify([s.sort, s.filters.map((f) => [f.column, f.text.trim()]), s.search.trim(), s.search.trim() ? s.hidden : []]);
  return key(a) === key(b);
}
