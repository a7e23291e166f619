/**
 * The two APIs' response bodies: success shapes (Graph `schema`/`results` with `@odata.context`;
 * legacy `Stats`/`Schema`/`Results`) and error envelopes (Graph `error.innerError` with date and
 * request ids; legacy `error.target`). Result JSON is written column by column, so a 100,000-row
 * answer costs one pass and its byte size is known before it is sent.
 */
import type { ApiKind } from '../core/api/endpoints';
import { clrTypeName } from './clrTypes';
import { formatDateTime, formatTimespan } from './executor/time';
import type { Table, Value } from './executor/values';
import type { KqlType } from '../core/schema/schema';

export interface RequestIds {
  readonly requestId: string;
  readonly clientRequestId: string;
}

export interface ErrorBody {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** `2024-05-01T10:00:00`: the innerError date format Graph uses. */
function graphDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '');
}

export function errorBody(api: ApiKind, status: number, code: string, message: string, ids: RequestIds, nowMs: number, headers: Record<string, string> = {}): ErrorBody {
  const error = api === 'graph'
    ? { error: { code, message, innerError: { date: graphDate(nowMs), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId } } }
    : { error: { code, message, target: `|${ids.requestId}.` } };
  return { status, body: JSON.stringify(error), headers };
}

/** A cell as the APIs put it in JSON: datetimes and timespans as strings, non-finite reals as strings. */
function cellValue(v: Value, t: KqlType): unknown {
  if (v === null || v === undefined) return t === 'string' ? '' : null;
  switch (t) {
    case 'datetime': return formatDateTime(v as number);
    case 'timespan': return formatTimespan(v as number);
    case 'real': case 'decimal': case 'long': case 'int':
      return Number.isFinite(v as number) ? v : String(v);
    default: return v;
  }
}

/**
 * The rows as JSON objects keyed by column name (in column order), ready for one JSON.stringify:
 * V8's serializer is several times faster than assembling the text cell by cell.
 */
export function rowObjects(table: Table, rowLimit: number): Record<string, unknown>[] {
  const names = table.columns.map((c) => c.name);
  const types = table.columns.map((c) => c.type);
  const plain = types.map((t) => t === 'string' || t === 'guid' || t === 'bool' || t === 'dynamic');
  const n = Math.min(rowLimit, table.rows.length);
  const out: Record<string, unknown>[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row = table.rows[r];
    const o: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) {
      const v = row[c];
      o[names[c]] = plain[c] && v !== null && v !== undefined ? v : cellValue(v, types[c]);
    }
    out[r] = o;
  }
  return out;
}

export function schemaJson(api: ApiKind, table: Table): string {
  const [n, t] = api === 'graph' ? ['name', 'type'] : ['Name', 'Type'];
  return JSON.stringify(table.columns.map((c) => ({ [n]: c.name, [t]: clrTypeName(c.type) })));
}

/** Plausible engine statistics for the legacy API's `Stats` (shape from the documented example). */
export function legacyStats(elapsedMs: number, rows: number, bytes: number): string {
  const cpu = `00:00:${(elapsedMs / 1000).toFixed(7).padStart(10, '0')}`;
  return JSON.stringify({
    ExecutionTime: elapsedMs / 1000,
    resource_usage: {
      cache: { memory: { hits: rows, misses: 0, total: rows }, disk: { hits: 0, misses: 0, total: 0 } },
      cpu: { user: cpu, kernel: '00:00:00', 'total cpu': cpu },
      memory: { peak_per_node: Math.max(1_048_576, bytes * 2) },
    },
    dataset_statistics: [{ table_row_count: rows, table_size: bytes }],
  });
}

export function successBody(api: ApiKind, table: Table, rowLimit: number, baseUrl: string, elapsedMs: number, size: number): { body: string; rows: number } {
  const objects = rowObjects(table, rowLimit);
  const rows = objects.length;
  const results = JSON.stringify(objects);
  const schema = schemaJson(api, table);
  if (api === 'graph') {
    const context = JSON.stringify(`${baseUrl}/v1.0/$metadata#microsoft.graph.security.huntingQueryResults`);
    return { body: `{"@odata.context":${context},"schema":${schema},"results":${results}}`, rows };
  }
  return { body: `{"Stats":${legacyStats(elapsedMs, rows, size)},"Schema":${schema},"Results":${results}}`, rows };
}

/**
 * The result's size as the engine counts it: the sum of its values' sizes (string bytes in UTF-8,
 * 8 bytes per long/real/datetime/timespan, 4 per int, 16 per guid/decimal, 1 per bool, JSON
 * text of dynamic values). The documented "50 MB" limit is on the query result, not on the
 * JSON text, whose repeated column names would make it a third larger. **[inference]**
 */
export function resultSize(table: Table, rowLimit: number): number {
  const n = Math.min(rowLimit, table.rows.length);
  let size = 0;
  table.columns.forEach((c, i) => {
    const t = c.type;
    const fixed = t === 'long' || t === 'real' || t === 'datetime' || t === 'timespan' ? 8 : t === 'int' ? 4 : t === 'bool' ? 1 : t === 'guid' || t === 'decimal' ? 16 : 0;
    for (let r = 0; r < n; r++) {
      const v = table.rows[r][i];
      if (v === null || v === undefined) continue;
      if (fixed) size += fixed;
      else if (typeof v === 'string') size += Buffer.byteLength(v, 'utf8');
      else size += Buffer.byteLength(JSON.stringify(v), 'utf8');
    }
  });
  return size;
}

export const RESULT_SIZE_MESSAGE = 'Query execution has exceeded the allowed result size. Optimize your query by limiting the number of results and try again.';
