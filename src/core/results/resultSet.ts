/**
 * The result of one hunt, independent of which API produced it. Kept whole in the extension
 * host; the webview only ever receives pages of it.
 */
import type { KqlType } from '../schema/schema';

export interface ResultColumn {
  readonly name: string;
  /** Normalised KQL type (`datetime`, `long`, `dynamic`, ...). */
  readonly type: KqlType;
  /** The type name exactly as the API sent it (`DateTime`, `Int64`, `String`, `Object`, ...). */
  readonly rawType: string;
}

/**
 * A cell as JSON delivered it: string (also datetimes as ISO 8601 UTC, timespans, guids),
 * number, boolean, null, or an object/array for `dynamic` columns.
 */
export type CellValue = string | number | boolean | null | Record<string, unknown> | unknown[];

export interface ResultStats {
  /** Server-side execution time in seconds, when the API reports it (legacy API). */
  readonly executionTimeSec?: number;
  /** Anything else the API reported, kept for the "Inspect" view. */
  readonly raw?: unknown;
}

export type TruncationReason = 'row-limit' | 'size-limit';

/**
 * A `render` hint from the query (the API itself never returns one): the chart type keyword
 * (`timechart`, `columnchart`, ...) and its properties by lower-case name, as the language
 * server read them from the syntax tree. `ycolumns` and `series` are lists of column names;
 * other values are text (`kind` → `stacked`, `title` → the decoded string). See core/charts.
 */
export interface RenderSpec {
  readonly visualization: string;
  readonly properties: Readonly<Record<string, string | readonly string[]>>;
}

export interface ResultSet {
  readonly columns: readonly ResultColumn[];
  /** Row-major; `rows[r][c]` belongs to `columns[c]`. */
  readonly rows: readonly (readonly CellValue[])[];
  readonly stats?: ResultStats;
  /** Set when the service cut the result (100,000 rows) or it hit the size limit. */
  readonly truncated?: TruncationReason;
  readonly render?: RenderSpec;
}

/** Maps an API type name (CLR or KQL spelling, any case) to a KQL type. Unknown names become `dynamic`. */
export function kqlTypeOf(rawType: string): KqlType {
  switch (rawType.toLowerCase().replace(/^system\./, '')) {
    case 'string': return 'string';
    case 'int64': case 'long': case 'uint64': case 'uint32': return 'long';
    case 'int32': case 'int': case 'int16': case 'uint16': case 'byte': case 'sbyte': return 'int';
    case 'double': case 'real': case 'single': case 'float': return 'real';
    case 'decimal': return 'decimal';
    case 'boolean': case 'bool': return 'bool';
    case 'datetime': case 'date': return 'datetime';
    case 'timespan': case 'time': return 'timespan';
    case 'guid': case 'uniqueid': return 'guid';
    default: return 'dynamic';
  }
}
