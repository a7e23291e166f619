/**
 * Everything the KQL language client and server say to each other beyond standard LSP, plus the
 * settings the server pulls. Both sides import these descriptors; never pass a method string to
 * sendNotification/onNotification directly.
 *
 * Adding a setting: (1) contribute it in package.json under `defenderHunt.*`, (2) add it to
 * {@link KqlSettings} and {@link DEFAULT_SETTINGS}, (3) read it in {@link sanitizeSettings},
 * (4) use it in the server (src/language/server/settings.ts pulls it per document).
 */
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

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
