/**
 * The results webview's controller: routes host messages to the toolbar and the grid, turns
 * user actions into protocol messages, and remembers per-run widths and scroll positions.
 */
import type { ChartOffer } from '../shared/charts';
import type { CellRange, ChartImageFormat, ColumnInfo, CopyFormat, HistoryEntry, HostToWebview, RunHeader, ViewSpec } from '../shared/protocol';
import { ChartView } from './charts/chartView';
import { type ResultsTab, ViewTabs } from './charts/viewTabs';
import { debounce, el, formatCount } from './dom';
import { Grid } from './grid/grid';
import { ContextMenu, type MenuItem } from './menu';
import { StatusLine, Toolbar } from './toolbar';
import { HostChannel } from './vscodeApi';

const FORMATS: readonly { format: CopyFormat; label: string }[] = [
  { format: 'tsv', label: 'TSV' }, { format: 'csv', label: 'CSV' }, { format: 'markdown', label: 'Markdown' }, { format: 'json', label: 'JSON' },
];

export class App {
  private readonly channel: HostChannel;
  private readonly toolbar: Toolbar;
  private readonly status = new StatusLine();
  private readonly grid: Grid;
  private readonly menu = new ContextMenu();
  private readonly empty = el('p', 'empty');
  private readonly tabs: ViewTabs;
  private readonly chart: ChartView;
  private chartRequest = 1;
  /** The tab each run was last shown on (this session only). */
  private readonly tabOf = new Map<string, ResultsTab>();
  /** A Save Chart command waiting for the chart to be drawn. */
  private pendingExport: { requestId: number; format: ChartImageFormat } | undefined;
  private run: RunHeader | undefined;
  private columns: readonly ColumnInfo[] = [];
  private spec: ViewSpec = { sort: [], filters: [], search: '', hidden: [] };
  private version = 0;
  private requestId = 1;
  private readonly sendView = debounce(() => this.postView(), 300);
  private readonly saveScroll = debounce((top: number, left: number) => { if (this.run) this.channel.remember(this.run.id, { top, left }); }, 200);

  constructor(private readonly root: HTMLElement) {
    this.channel = new HostChannel((m) => this.handle(m));
    this.toolbar = new Toolbar({
      switchRun: (id) => this.channel.post({ type: 'switchRun', runId: id }),
      search: (text) => { this.spec = { ...this.spec, search: text }; this.postView(); },
      openColumnsMenu: (x, y) => this.menu.open(x, y, this.columnsMenu(), 'Columns'),
      exportResults: (kind) => {
        if (!this.run) return;
        // Pending filter text is sent first, so the host exports the view the user sees.
        this.sendView.flush();
        this.channel.post({ type: 'export', runId: this.run.id, kind });
      },
    });
    this.grid = new Grid({
      requestRows: (start, count) => {
        if (this.run) this.channel.post({ type: 'getRows', requestId: this.requestId++, runId: this.run.id, version: this.version, start, count });
      },
      toggleSort: (column, additive) => this.toggleSort(column, additive),
      filterChanged: (column, text) => {
        const others = this.spec.filters.filter((f) => f.column !== column);
        this.spec = { ...this.spec, filters: text.trim() ? [...others, { column, text }] : others };
        this.sendView();
      },
      copy: (range, format, headers) => this.copy(range, format, headers),
      inspect: (row, column) => { if (this.run) this.channel.post({ type: 'inspect', runId: this.run.id, version: this.version, row, column }); },
      addFilter: (row, column, op) => { if (this.run) this.channel.post({ type: 'addFilter', runId: this.run.id, version: this.version, row, column, op }); },
      openCellMenu: (row, column, x, y) => this.menu.open(x, y, this.cellMenu(row, column), 'Cell'),
      openColumnMenu: (column, x, y) => this.menu.open(x, y, this.columnMenu(column), 'Column'),
      layoutChanged: () => this.saveWidths(),
      selectionChanged: () => this.showSelection(),
      scrolled: (top, left) => this.saveScroll(top, left),
    });
    this.tabs = new ViewTabs((tab) => this.showTab(tab));
    this.chart = new ChartView({
      requestChart: (choice) => { if (this.run) this.channel.post({ type: 'getChart', requestId: this.chartRequest++, runId: this.run.id, choice }); },
      saveImage: (format, data) => { if (this.run) this.channel.post({ type: 'saveChart', runId: this.run.id, format, data }); },
    }, this.menu);
    root.replaceChildren(this.toolbar.root, this.tabs.root, this.grid.root, this.chart.root, this.status.root, this.empty);
    this.grid.mount();
    this.setEmpty(true);
  }

  /** Tells the host we are ready (and which run we showed before a hide or reload). */
  start(): void {
    this.channel.post({ type: 'ready', runId: this.channel.persisted.runId });
  }

  handle(m: HostToWebview): void {
    switch (m.type) {
      case 'showEmpty':
        this.run = undefined;
        this.empty.textContent = m.text;
        this.setEmpty(true);
        break;
      case 'showRun':
        this.showRun(m.run, m.columns, m.history, m.view.spec, m.view.version, m.view.rowCount, m.firstPage);
        this.loadChart(m.run, m.chart);
        return;
      case 'viewChanged': {
        if (m.runId !== this.run?.id) return;
        this.version = m.view.version;
        this.grid.applyView(m.view.spec, m.view.version, m.view.rowCount, m.firstPage);
        this.toolbar.setCounts(m.view.rowCount);
        this.status.clear();
        this.showSelection();
        break;
      }
      case 'rows':
        if (m.runId === this.run?.id) this.grid.putRows(m.version, m.page);
        break;
      case 'history':
        this.toolbar.setHistory(m.history, m.currentId);
        break;
      case 'notice':
        this.status.notify(m.level, m.text);
        break;
      case 'busy':
        if (m.runId === this.run?.id) this.status.notify('busy', m.text);
        break;
      case 'chart':
        if (m.runId !== this.run?.id) return;
        this.chart.put(m.data);
        this.answerExport();
        break;
      case 'exportChart':
        this.pendingExport = { requestId: m.requestId, format: m.format };
        if (this.tabs.tab !== 'chart' && this.chart.hasChart) this.tabs.select('chart');
        this.answerExport();
        break;
    }
    if (m.type === 'notice' && m.level === 'error' && this.chart.hasChart && this.tabs.tab === 'chart') this.chart.failed(m.text);
  }

  /** Shows the grid or the chart of the current run. */
  private showTab(tab: ResultsTab): void {
    const chart = tab === 'chart' && this.chart.hasChart;
    this.grid.root.hidden = chart;
    this.chart.root.hidden = !chart;
    if (this.run) this.tabOf.set(this.run.id, chart ? 'chart' : 'grid');
    if (chart) this.chart.shown(); else this.grid.render();
  }

  /** Answers a Save Chart command once a chart is drawn (the host gives up after a while otherwise). */
  private answerExport(): void {
    const pending = this.pendingExport;
    if (!pending || !this.run) return;
    let data: string;
    try { data = this.chart.image(pending.format); } catch { return; }
    this.pendingExport = undefined;
    this.channel.post({ type: 'saveChart', runId: this.run.id, format: pending.format, data, requestId: pending.requestId });
  }

  private loadChart(run: RunHeader, offer: ChartOffer | undefined): void {
    this.chart.load(offer);
    this.tabs.root.hidden = offer === undefined;
    const tab = offer ? this.tabOf.get(run.id) ?? (offer.fromRender ? 'chart' : 'grid') : 'grid';
    this.tabs.select(tab);
  }

  private showRun(run: RunHeader, columns: readonly ColumnInfo[], history: readonly HistoryEntry[], spec: ViewSpec, version: number, rowCount: number, firstPage: { start: number; rows: readonly (readonly (string | null)[])[] }): void {
    const memory = this.channel.persisted.runs[run.id];
    this.run = run;
    this.columns = columns;
    this.spec = spec;
    this.version = version;
    this.setEmpty(false);
    this.toolbar.showRun(run, history, spec.search);
    this.grid.load(columns, columns.map((c) => memory?.widths[c.name]), spec, version, rowCount, firstPage);
    this.toolbar.setCounts(rowCount);
    this.grid.render();
    if (memory && (memory.top || memory.left)) this.grid.scrollTo(memory.top, memory.left);
    this.channel.remember(run.id, {});
    this.status.clear();
    this.showSelection();
  }

  private setEmpty(empty: boolean): void {
    this.toolbar.root.hidden = empty;
    this.grid.root.hidden = empty;
    if (empty) { this.tabs.root.hidden = true; this.chart.root.hidden = true; this.chart.load(undefined); }
    this.status.root.hidden = empty;
    this.empty.hidden = !empty;
    this.root.classList.toggle('is-empty', empty);
  }

  private postView(): void {
    if (!this.run) return;
    this.spec = { ...this.spec, hidden: this.grid.layout.hidden };
    this.channel.post({ type: 'setView', runId: this.run.id, spec: this.spec });
  }

  private toggleSort(column: number, additive: boolean): void {
    const sort = this.spec.sort;
    const at = sort.findIndex((s) => s.column === column);
    let next: ViewSpec['sort'];
    if (additive) {
      if (at < 0) next = [...sort, { column, direction: 'asc' }];
      else if (sort[at].direction === 'asc') next = sort.map((s, i) => (i === at ? { column, direction: 'desc' } : s));
      else next = sort.filter((_, i) => i !== at);
    } else if (sort.length === 1 && at === 0) {
      next = sort[0].direction === 'asc' ? [{ column, direction: 'desc' }] : [];
    } else next = [{ column, direction: 'asc' }];
    this.setSort(next);
  }

  private setSort(sort: ViewSpec['sort']): void {
    this.spec = { ...this.spec, sort };
    this.postView();
  }

  private setHidden(column: number, hidden: boolean): void {
    this.grid.setHidden(column, hidden);
    this.postView();
    this.showSelection();
  }

  private copy(range: CellRange, format: CopyFormat, headers: boolean): void {
    if (this.run) this.channel.post({ type: 'copy', runId: this.run.id, version: this.version, range, format, headers });
  }

  private cellMenu(row: number, column: number): MenuItem[] {
    const range = this.grid.selectedRange() ?? { rowStart: row, rowEnd: row, columns: [column] };
    const single = range.rowStart === range.rowEnd && range.columns.length === 1;
    const rows: CellRange = { rowStart: range.rowStart, rowEnd: range.rowEnd, columns: [...this.grid.layout.visible] };
    const wholeColumn: CellRange = { rowStart: 0, rowEnd: Math.max(0, this.grid.rowCount - 1), columns: [column] };
    const canFilter = this.run?.canAddFilter ?? false;
    const name = this.columns[column]?.name ?? '';
    const sorted = this.spec.sort.find((s) => s.column === column);
    return [
      { label: single ? 'Copy value' : 'Copy selection', icon: 'copy', keybinding: 'Ctrl+C', run: () => this.copy(range, 'tsv', false) },
      { label: 'Copy with headers', icon: 'blank', keybinding: 'Ctrl+Shift+C', run: () => this.copy(range, 'tsv', true) },
      { kind: 'choices', label: 'Copy selection as', choices: FORMATS.map((f) => ({ label: f.label, run: () => this.copy(range, f.format, true) })) },
      { kind: 'choices', label: range.rowStart === range.rowEnd ? 'Copy row as' : 'Copy rows as', choices: FORMATS.map((f) => ({ label: f.label, run: () => this.copy(rows, f.format, true) })) },
      { kind: 'choices', label: 'Copy column as', choices: FORMATS.map((f) => ({ label: f.label, run: () => this.copy(wholeColumn, f.format, true) })) },
      { kind: 'separator' },
      { label: 'Inspect value', icon: 'json', keybinding: 'Enter', run: () => this.run && this.channel.post({ type: 'inspect', runId: this.run.id, version: this.version, row, column }) },
      { kind: 'choices', label: 'Add filter to query', disabled: !canFilter, choices: (['==', '!=', 'has'] as const).map((op) => ({ label: op, run: () => this.run && this.channel.post({ type: 'addFilter', runId: this.run.id, version: this.version, row, column, op }) })) },
      { kind: 'separator' },
      { label: `Sort ascending by ${name}`, icon: 'arrow-up', checked: undefined, disabled: sorted?.direction === 'asc' && this.spec.sort.length === 1, run: () => this.setSort([{ column, direction: 'asc' }]) },
      { label: `Sort descending by ${name}`, icon: 'arrow-down', disabled: sorted?.direction === 'desc' && this.spec.sort.length === 1, run: () => this.setSort([{ column, direction: 'desc' }]) },
      { label: `Hide column ${name}`, icon: 'eye-closed', disabled: this.grid.layout.visible.length <= 1, run: () => this.setHidden(column, true) },
    ];
  }

  private columnMenu(column: number): MenuItem[] {
    const whole: CellRange = { rowStart: 0, rowEnd: Math.max(0, this.grid.rowCount - 1), columns: [column] };
    const sorted = this.spec.sort.some((s) => s.column === column);
    return [
      { label: 'Sort ascending', icon: 'arrow-up', run: () => this.setSort([{ column, direction: 'asc' }]) },
      { label: 'Sort descending', icon: 'arrow-down', run: () => this.setSort([{ column, direction: 'desc' }]) },
      { label: 'Clear sort', icon: 'close', disabled: !sorted, run: () => this.setSort(this.spec.sort.filter((s) => s.column !== column)) },
      { kind: 'separator' },
      { label: 'Select column', icon: 'list-selection', run: () => { const slot = this.grid.layout.slotOf(column); if (slot >= 0) { this.grid.selection.selectColumn(slot); this.grid.schedule(); this.showSelection(); } } },
      { kind: 'choices', label: 'Copy column as', choices: FORMATS.map((f) => ({ label: f.label, run: () => this.copy(whole, f.format, true) })) },
      { kind: 'separator' },
      { label: 'Hide column', icon: 'eye-closed', disabled: this.grid.layout.visible.length <= 1, run: () => this.setHidden(column, true) },
      { label: 'Show all columns', icon: 'eye', disabled: this.grid.layout.hidden.length === 0, run: () => { this.grid.showAllColumns(); this.postView(); } },
    ];
  }

  private columnsMenu(): MenuItem[] {
    return [
      { label: 'Show all columns', icon: 'eye', disabled: this.grid.layout.hidden.length === 0, run: () => { this.grid.showAllColumns(); this.postView(); } },
      { kind: 'separator' },
      ...this.columns.map((c, i): MenuItem => ({ label: c.name, checked: !this.grid.layout.isHidden(i), run: () => this.setHidden(i, !this.grid.layout.isHidden(i)) })),
    ];
  }

  private showSelection(): void {
    const r = this.grid.selection.rect();
    if (!r) { this.status.setSelection(''); return; }
    const rows = r.rowEnd - r.rowStart + 1, cols = r.slotEnd - r.slotStart + 1;
    this.status.setSelection(rows === 1 && cols === 1 ? `Row ${formatCount(r.rowStart + 1)}, ${this.columns[this.grid.columnAt(r.slotStart)]?.name ?? ''}` : `${formatCount(rows)} × ${cols} selected`);
  }

  private saveWidths(): void {
    if (!this.run) return;
    const widths: Record<string, number> = {};
    this.columns.forEach((c, i) => { widths[c.name] = this.grid.layout.width(i); });
    this.channel.remember(this.run.id, { widths });
  }
}


