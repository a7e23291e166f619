/**
 * Above the grid: what ran (query, connection, time range, rows, elapsed, truncation), the
 * window's past results, the global search and the column chooser. Below it: the status line.
 * Every string here may come from the result or the query, so all of it is set as text.
 */
import type { ExportKind, HistoryEntry, RunHeader } from '../shared/protocol';
import { button, debounce, el, formatCount, formatElapsed, icon } from './dom';

export interface ToolbarActions {
  switchRun(runId: string): void;
  search(text: string): void;
  openColumnsMenu(x: number, y: number): void;
  /** Export the shown result (the host asks what and where). */
  exportResults(kind: ExportKind): void;
}

export class Toolbar {
  readonly root: HTMLElement;
  private readonly query = el('div', 'run-query');
  private readonly meta = el('div', 'run-meta');
  private readonly history = el('select', 'history', undefined, { 'aria-label': 'Results of this window' });
  private readonly searchInput = el('input', 'search-input', undefined, { type: 'search', placeholder: 'Search all columns', 'aria-label': 'Search all columns', spellcheck: 'false' });
  private readonly runSearch: ((text: string) => void) & { flush(): void };

  constructor(actions: ToolbarActions) {
    this.root = el('header', 'toolbar');
    const controls = el('div', 'controls');
    const search = el('label', 'search');
    search.append(icon('search'), this.searchInput);
    this.runSearch = debounce((t: string) => actions.search(t), 250);
    this.searchInput.addEventListener('input', () => this.runSearch(this.searchInput.value));
    this.searchInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.runSearch.flush(); });
    this.history.addEventListener('change', () => actions.switchRun(this.history.value));
    const columns = button('Columns', { icon: 'list-selection', title: 'Show or hide columns', className: 'btn columns-btn', onClick: (e) => {
      const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
      actions.openColumnsMenu(r.left, r.bottom + 2);
    } });
    const exportCsv = button('CSV', { icon: 'export', title: 'Export results to CSV…', className: 'btn export-btn export-csv', onClick: () => actions.exportResults('csv') });
    const exportJson = button('JSON', { icon: 'json', title: 'Export results to JSON…', className: 'btn export-btn export-json', onClick: () => actions.exportResults('json') });
    controls.append(this.history, search, columns, exportCsv, exportJson);
    const info = el('div', 'run-info');
    info.append(this.query, this.meta);
    this.root.append(info, controls);
  }

  showRun(run: RunHeader, history: readonly HistoryEntry[], search: string): void {
    const firstLines = run.query.trim().split(/\r?\n/).slice(0, 3).join(' ⏎ ');
    this.query.textContent = firstLines.length > 300 ? firstLines.slice(0, 299) + '…' : firstLines;
    this.query.title = run.query;
    this.setHistory(history, run.id);
    this.searchInput.value = search;
    this.run = run;
    this.setCounts(run.totalRows);
  }

  private run: RunHeader | undefined;

  /** Rows in the view (after filters) against rows in the result. */
  setCounts(viewRows: number): void {
    const run = this.run;
    if (!run) return;
    const items: HTMLElement[] = [];
    const item = (iconName: string, text: string, title: string, cls = '') => {
      const span = el('span', `meta-item${cls ? ' ' + cls : ''}`, undefined, { title });
      span.append(icon(iconName), el('span', undefined, text));
      items.push(span);
    };
    item('plug', run.connectionName, `Connection (${run.api === 'graph' ? 'Microsoft Graph runHuntingQuery' : 'legacy Defender advanced hunting API'})`);
    item('calendar', run.api === 'legacy' ? `${run.timeRangeLabel} (legacy API: the query filters time itself)` : run.timeRangeLabel, 'Time range');
    const rows = viewRows === run.totalRows ? `${formatCount(run.totalRows)} rows` : `${formatCount(viewRows)} of ${formatCount(run.totalRows)} rows`;
    item('list-flat', rows, 'Rows (after filters and search)', 'rows');
    item('watch', formatElapsed(run.elapsedMs), `Ran at ${new Date(run.startedAt).toLocaleString()}`);
    if (run.truncated) {
      item('warning', run.truncated === 'row-limit' ? 'Truncated at the 100,000-row limit' : 'Truncated: result size limit reached',
        'The service cut this result. Narrow the query (time range, where, project, summarize) to see everything.', 'truncated');
    }
    this.meta.replaceChildren(...items);
  }

  setHistory(history: readonly HistoryEntry[], currentId: string): void {
    this.history.replaceChildren(...history.map((h) => {
      const o = el('option', undefined, h.label);
      o.value = h.id;
      return o;
    }));
    this.history.value = currentId;
    this.history.hidden = history.length < 2;
  }
}

export class StatusLine {
  readonly root = el('footer', 'status', undefined, { role: 'status' });
  private readonly selection = el('span', 'status-selection');
  private readonly message = el('span', 'status-message');
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.root.append(this.selection, this.message);
  }

  setSelection(text: string): void { this.selection.textContent = text; }

  /** A transient message (copy done, refusal); `busy` messages stay until replaced. */
  notify(level: 'info' | 'warning' | 'error' | 'busy', text: string): void {
    clearTimeout(this.timer);
    this.message.className = `status-message ${level}`;
    this.message.replaceChildren(...(level === 'busy' ? [icon('loading', 'codicon-modifier-spin')] : []), el('span', undefined, text));
    if (level !== 'busy') this.timer = setTimeout(() => this.message.replaceChildren(), level === 'error' ? 10_000 : 4000);
  }

  clear(): void { clearTimeout(this.timer); this.message.replaceChildren(); }
}
