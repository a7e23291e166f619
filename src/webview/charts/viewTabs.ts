/**
 * The Grid | Chart switch above the results. Shown only for results that can be charted; a
 * query that ends with `render` opens on the Chart tab, as in the portal.
 */
import { el, icon } from '../dom';

export type ResultsTab = 'grid' | 'chart';

export class ViewTabs {
  readonly root = el('div', 'view-tabs', undefined, { role: 'tablist', 'aria-label': 'Show the result as' });
  private readonly buttons: Record<ResultsTab, HTMLButtonElement>;
  private current: ResultsTab = 'grid';

  constructor(private readonly changed: (tab: ResultsTab) => void) {
    const make = (tab: ResultsTab, label: string, iconName: string) => {
      const b = el('button', `view-tab view-tab-${tab}`, undefined, { type: 'button', role: 'tab', 'aria-selected': 'false' });
      b.append(icon(iconName), el('span', 'label', label));
      b.addEventListener('click', () => this.select(tab));
      return b;
    };
    this.buttons = { grid: make('grid', 'Grid', 'table'), chart: make('chart', 'Chart', 'graph') };
    this.root.append(this.buttons.grid, this.buttons.chart);
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') { e.preventDefault(); this.select(this.current === 'grid' ? 'chart' : 'grid'); this.buttons[this.current].focus(); }
    });
  }

  get tab(): ResultsTab { return this.current; }

  select(tab: ResultsTab, notify = true): void {
    this.current = tab;
    for (const t of ['grid', 'chart'] as const) {
      this.buttons[t].setAttribute('aria-selected', String(t === tab));
      this.buttons[t].classList.toggle('selected', t === tab);
      this.buttons[t].tabIndex = t === tab ? 0 : -1;
    }
    if (notify) this.changed(tab);
  }
}
