/**
 * Everything the KQL language client and server say to each other beyond standard LSP, plus the
 * settings the server pulls. Both sides import these descriptors; never pass a method string to
 * sendNotification/onNotification directly.
 *
 * Adding a setting: (1) contribute it in package.json under `defenderHunt.*`, (2) add it to
 * {@link KqlSettings} and {@link DEFAULT_SETTINGS}, (3) read it in {@link sanitizeSettings},
 * (4) use it in the server (src/language/server/settings.ts pulls it per document).
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

// ─── notifications ────────────────────────────────────────────────────────────────────────────

export interface SchemaParams {
  /**
   * A hunting schema document ({tables: [{name, columns: [{name, type}]}], functions?: [...]},
   * the shape of src/core/schema/defender-schema.json), or `null` to go back to the bundled one.
   */
  readonly schema: unknown;
  /** Where it came from, for the server's log (e.g. "tenant contoso.onmicrosoft.com"). */
  readonly source?: string;
}

/** Client → server: replace the schema the server checks queries against (e.g. a tenant's own). */
export const SchemaNotification = new NotificationType<SchemaParams>('kql/schema');

export interface StatusParams {
  /** `ready`: Kusto.Language is loaded and warmed up; `error`: a schema was rejected. */
  readonly state: 'ready' | 'error';
  /** Tables and functions in the active schema. */
  readonly tables: number;
  readonly functions: number;
  /** Milliseconds from process start to this state (for the output channel and benchmarks). */
  readonly sinceStartMs: number;
  /** What went wrong, when state is `error`. */
  readonly message?: string;
}

/** Server → client: the server finished warming up, or applied (or refused) a new schema. */
export const StatusNotification = new NotificationType<StatusParams>('kql/status');

// ─── requests ─────────────────────────────────────────────────────────────────────────────────

export interface ServerStats {
  /** Resident set size of the server process, bytes. */
  readonly rss: number;
  readonly heapUsed: number;
  /** Open documents and analysed query blocks held in memory. */
  readonly documents: number;
  readonly analysedBlocks: number;
}

/** Client → server: memory and cache figures (used by the benchmarks and for diagnosis). */
export const StatsRequest = new RequestType0<ServerStats, void>('kql/stats');

export interface PrepareHuntParams {
  /** The query text exactly as it will be sent (one block or a selection). */
  readonly query: string;
}

/**
 * A query's trailing `render` operator, read from Kusto.Language's syntax tree: the chart type
 * keyword (`timechart`, `piechart`, ...) and its properties by lower-case name. `ycolumns` and
 * `series` are lists of column names; every other value is text (string literals decoded,
 * anything else as written: `kind` → `stacked`, `ymin` → `0`).
 */
export interface RenderHint {
  readonly visualization: string;
  readonly properties: Readonly<Record<string, string | readonly string[]>>;
}

export interface PrepareHuntResult {
  /** The query to send: the input without a trailing `| render …` (unchanged when there is none). */
  readonly query: string;
  /** The removed `render`, when there was one. */
  readonly render?: RenderHint;
}

/**
 * Client → server, before a hunt is sent: strips a trailing `render` (the APIs return only the
 * table and may reject it; removing it never changes the rows) and returns it as a chart hint.
 */
export const PrepareHuntRequest = new RequestType<PrepareHuntParams, PrepareHuntResult, void>('kql/prepareHunt');

// ─── settings ─────────────────────────────────────────────────────────────────────────────────

/** Kusto.Language's formatter choices that we expose (Kusto.Language.Editor.PlacementStyle etc.). */
export type PlacementStyle = 'smart' | 'newLine' | 'none';

/** The `defenderHunt` settings the language server uses, as it receives them per document. */
export interface KqlSettings {
  readonly diagnostics: { readonly enabled: boolean };
  readonly format: {
    /** Where `|` goes: each on a new line (`newLine`), kept as written (`none`), or new lines for long queries (`smart`). */
    readonly pipeOperatorStyle: PlacementStyle;
    /** Where statements (`let …;`) go: each on its own line (`newLine`), kept as written (`none`), or Kusto.Language decides (`smart`). */
    readonly statementStyle: PlacementStyle;
  };
}

export const DEFAULT_SETTINGS: KqlSettings = {
  diagnostics: { enabled: true },
  format: { pipeOperatorStyle: 'smart', statementStyle: 'newLine' },
};

/** The section the server asks for with workspace/configuration. */
export const SETTINGS_SECTION = 'defenderHunt';

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? value as T : fallback;
}

/** Raw `defenderHunt` configuration (user JSON, anything at all) → typed settings with defaults. */
export function sanitizeSettings(raw: unknown): KqlSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { diagnostics?: { enabled?: unknown }; format?: { pipeOperatorStyle?: unknown; statementStyle?: unknown } };
  return {
    diagnostics: { enabled: typeof r.diagnostics?.enabled === 'boolean' ? r.diagnostics.enabled : DEFAULT_SETTINGS.diagnostics.enabled },
    format: {
      pipeOperatorStyle: pick(r.format?.pipeOperatorStyle, ['smart', 'newLine', 'none'], DEFAULT_SETTINGS.format.pipeOperatorStyle),
      statementStyle: pick(r.format?.statementStyle, ['smart', 'newLine', 'none'], DEFAULT_SETTINGS.format.statementStyle),
    },
  };
}
