import * as vscode from 'vscode';
import type { TimeRangeChoice } from '../../core/results/huntRun';
import { parseCustomTimeRange, TIME_RANGE_PRESETS, timeRangeFromSetting } from '../../core/query/timeRange';
import { Commands } from '../../shared/commands';
import { huntSettings } from './huntSettings';

const STATE_KEY = 'defenderHunt.timeRange';

/**
 * The hunt's time range: a status bar item ("Last 7 days") shown for KQL editors, and a quick
 * pick with the presets and a custom ISO 8601 window. Graph applies it as `Timespan`; the legacy
 * API has no such parameter, which the picker says when the active connection uses it.
 */
export class TimeRangePicker implements vscode.Disposable {
  private choice: TimeRangeChoice;
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<TimeRangeChoice>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento, private readonly isLegacyApi: () => boolean) {
    this.choice = timeRangeFromSetting(state.get<string>(STATE_KEY) ?? huntSettings.defaultTimeRange());
    this.item = vscode.window.createStatusBarItem('defenderHunt.timeRange', vscode.StatusBarAlignment.Left, 99);
    this.item.name = 'Defender Hunt: Time Range';
    this.item.command = Commands.pickTimeRange;
    this.render();
    this.disposables.push(this.item, this.changed, vscode.window.onDidChangeActiveTextEditor(() => this.render()));
  }

  get current(): TimeRangeChoice {
    return this.choice;
  }

  /** Sets the range (a preset id or ISO 8601 text); returns false when the text is not a valid range. */
  async set(value: string): Promise<boolean> {
    const preset = TIME_RANGE_PRESETS.find((p) => p.id === value);
    const parsed = preset ? { ok: true as const, value: preset } : parseCustomTimeRange(value);
    if (!parsed.ok) return false;
    this.choice = parsed.value;
    await this.state.update(STATE_KEY, value);
    this.render();
    this.changed.fire(this.choice);
    return true;
  }

  async pick(): Promise<void> {
    const legacy = this.isLegacyApi();
    type Item = vscode.QuickPickItem & { value?: string };
    const items: Item[] = TIME_RANGE_PRESETS.map((p) => ({
      label: p.label, description: p.timespan, value: p.id,
      picked: p.label === this.choice.label,
    }));
    items.push({ label: 'Custom…', description: 'ISO 8601: start/end, start/duration, or a duration such as P3D' });
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Hunt time range',
      placeHolder: legacy
        ? 'The legacy API ignores this range: filter Timestamp in the query itself'
        : `Current: ${this.choice.label}. Graph applies the shorter of this range and any time filter in the query.`,
    });
    if (!picked) return;
    if (picked.value) { await this.set(picked.value); return; }
    const text = await vscode.window.showInputBox({
      title: 'Custom hunt time range (ISO 8601, UTC unless a zone is given)',
      placeHolder: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z, 2026-11-01/P1D or P3D',
      validateInput: (v) => { const r = parseCustomTimeRange(v); return r.ok ? (r.warning ?? undefined) : r.error; },
    });
    if (text !== undefined) await this.set(text);
  }

  private render(): void {
    const legacy = this.isLegacyApi();
    this.item.text = `$(clock) ${this.choice.label}${legacy ? ' (query filters time)' : ''}`;
    this.item.tooltip = legacy
      ? 'Hunt time range. The legacy API has no time range parameter: filter Timestamp in the query. Click to change.'
      : `Hunt time range sent as Timespan ${this.choice.timespan ?? '(service default: 30 days)'}. Click to change.`;
    if (vscode.window.activeTextEditor?.document.languageId === 'kql') this.item.show();
    else this.item.hide();
  }

  refresh(): void {
    this.render();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
