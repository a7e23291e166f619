/**
 * The webview's side of the channel: typed posts to the host, validated messages from it, and
 * the small state VS Code keeps for us across hiding and reloads (getState/setState).
 */
import { type HostToWebview, isHostToWebview, type WebviewToHost } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the webview remembers per run: column widths by name and the scroll position. */
export interface RunMemory {
  widths: Record<string, number>;
  top: number;
  left: number;
}

export interface PersistedState {
  runId?: string;
  runs: Record<string, RunMemory>;
}

const KEEP_RUNS = 10;

export class HostChannel {
  private readonly api = acquireVsCodeApi();
  private state: PersistedState;

  constructor(onMessage: (m: HostToWebview) => void) {
    this.state = readState(this.api.getState());
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      // Only the VS Code host posts to us; anything that fails validation is dropped.
      if (isHostToWebview(event.data)) onMessage(event.data);
    });
  }

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  get persisted(): PersistedState { return this.state; }

  remember(runId: string, memory: Partial<RunMemory>): void {
    const prev = this.state.runs[runId] ?? { widths: {}, top: 0, left: 0 };
    const runs = { ...this.state.runs, [runId]: { ...prev, ...memory } };
    const ids = Object.keys(runs);
    for (const id of ids.slice(0, Math.max(0, ids.length - KEEP_RUNS))) if (id !== runId) delete runs[id];
    this.state = { runId, runs };
    this.api.setState(this.state);
  }
}

/** getState returns whatever was stored (or undefined): accept only the shape we wrote. */
function readState(raw: unknown): PersistedState {
  const out: PersistedState = { runs: {} };
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as { runId?: unknown; runs?: unknown };
  if (typeof r.runId === 'string' && r.runId.length <= 200) out.runId = r.runId;
  if (typeof r.runs === 'object' && r.runs !== null) {
    for (const [id, m] of Object.entries(r.runs as Record<string, unknown>)) {
      if (typeof m !== 'object' || m === null) continue;
      const mm = m as { widths?: unknown; top?: unknown; left?: unknown };
      const widths: Record<string, number> = {};
      if (typeof mm.widths === 'object' && mm.widths !== null) {
        for (const [k, v] of Object.entries(mm.widths as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v)) widths[k] = v;
      }
      out.runs[id] = { widths, top: typeof mm.top === 'number' ? mm.top : 0, left: typeof mm.left === 'number' ? mm.left : 0 };
    }
  }
  return out;
}
