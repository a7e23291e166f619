/**
 * One executed hunt: what ran, where, when, and its result. The Run command produces it; the
 * results panel shows it and keeps a history of them for the window; export reads from it.
 */
import type { ResultSet } from './resultSet';

export interface TimeRangeChoice {
  /** What the user sees: "Last 7 days", "Custom: 2026-11-01T00:00Z/2026-11-02T00:00Z". */
  readonly label: string;
  /** ISO 8601 Timespan for Graph (`P7D`, `start/end`); undefined = the service default (30 days). */
  readonly timespan?: string;
}

export interface HuntRun {
  /** Unique within the window (used by the webview to switch between past results). */
  readonly id: string;
  readonly query: string;
  /**
   * The text sent to the service, when it differs from `query`: a trailing `render` is removed
   * before sending and kept as `result.render`.
   */
  readonly sentQuery?: string;
  /** Display name of the connection the hunt ran against. */
  readonly connectionName: string;
  readonly api: 'graph' | 'legacy';
  readonly timeRange: TimeRangeChoice;
  /** Epoch milliseconds when the request started. */
  readonly startedAt: number;
  /** Wall-clock milliseconds from request start to parsed result. */
  readonly elapsedMs: number;
  /** The document and zero-based line of the block the query came from, for "Add filter to query". */
  readonly source?: { readonly uri: string; readonly startLine: number; readonly endLine: number };
  readonly result: ResultSet;
}
