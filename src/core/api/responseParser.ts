/**
 * Both hunting APIs' success bodies -> one {@link ResultSet}.
 *  - Graph: `{ "@odata.context", schema: [{name,type}], results: [{col: value}] }`
 *  - legacy: `{ Stats, Schema: [{Name,Type}], Results: [{col: value}] }`
 * Keys are matched case-insensitively at every level (the docs mix `Name` and `name`), rows are
 * turned from objects into arrays in schema order, and the result is marked truncated when it has
 * the row limit's worth of rows or its body reached the size limit (neither API pages or says
 * it cut the result; api-spec.md §6).
 */
import { kqlTypeOf, type CellValue, type ResultColumn, type ResultSet, type ResultStats, type TruncationReason } from '../results/resultSet';
import type { ResultLimits } from './endpoints';
import { getKey } from './jsonKeys';

export interface ParseContext {
  readonly limits: ResultLimits;
  /** Size of the response body in bytes, for the size-limit check. */
  readonly bodyBytes: number;
}

/** Thrown for a 2xx body that is not a hunting result; the client turns it into a `server` error. */
export class UnexpectedResponseError extends Error {}

export function parseHuntingResponse(doc: unknown, ctx: ParseContext): ResultSet {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UnexpectedResponseError('the response is not a JSON object');
  const schemaValue = getKey(doc, 'schema');
  const resultsValue = getKey(doc, 'results');
  if (resultsValue !== undefined && !Array.isArray(resultsValue)) throw new UnexpectedResponseError('"results" is not an array');
  if (schemaValue !== undefined && !Array.isArray(schemaValue)) throw new UnexpectedResponseError('"schema" is not an array');
  if (schemaValue === undefined && resultsValue === undefined) throw new UnexpectedResponseError('the response has neither "schema" nor "results"');
  const results = (resultsValue ?? []) as unknown[];
  const columns = schemaValue ? readSchema(schemaValue as unknown[]) : columnsFromFirstRow(results);
  const rows = toRows(results, columns);
  const stats = readStats(getKey(doc, 'stats'));
  const truncated: TruncationReason | undefined = rows.length >= ctx.limits.maxRows ? 'row-limit'
    : ctx.bodyBytes >= ctx.limits.maxBytes ? 'size-limit' : undefined;
  return { columns, rows, ...(stats && { stats }), ...(truncated && { truncated }) };
}

function readSchema(schema: unknown[]): ResultColumn[] {
  return schema.map((c, i) => {
    const name = getKey(c, 'name');
    if (typeof name !== 'string') throw new UnexpectedResponseError(`schema entry ${i} has no name`);
    const raw = getKey(c, 'type');
    const rawType = typeof raw === 'string' ? raw : 'Object';
    return { name, type: kqlTypeOf(rawType), rawType };
  });
}

/** Without a schema (not documented, but cheap to tolerate): the first row's keys, untyped. */
function columnsFromFirstRow(results: unknown[]): ResultColumn[] {
  const first = results[0];
  if (!first || typeof first !== 'object' || Array.isArray(first)) return [];
  return Object.keys(first).map((name) => ({ name, type: 'dynamic', rawType: 'Object' }));
}

/**
 * Rows as arrays in schema order. The service writes every row object with the schema's keys in
 * the schema's order; such rows take a fast path (one for-in walk, keys compared by identity with
 * the first row's, which JSON.parse interned), which costs about half of the general lookup by
 * name on 100,000 × 20. Any row that differs (missing, extra or reordered keys, other casing)
 * takes the general path, so the result is the same either way.
 */
function toRows(results: unknown[], columns: readonly ResultColumn[]): CellValue[][] {
  const keys = orderedKeys(results[0], columns);
  const n = columns.length;
  const rows = new Array<CellValue[]>(results.length);
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    if (keys && r && typeof r === 'object' && !Array.isArray(r)) {
      const row = new Array<CellValue>(n);
      const o = r as Record<string, unknown>;
      let c = 0;
      for (const k in o) {
        if (c === n || k !== keys[c]) { c = -1; break; }
        row[c] = cell(o[k], columns[c]);
        c++;
      }
      if (c === n) { rows[i] = row; continue; }
    }
    rows[i] = toRow(r, i, columns);
  }
  return rows;
}

/** The first row's own keys when they are exactly the column names in order, else undefined. */
function orderedKeys(first: unknown, columns: readonly ResultColumn[]): string[] | undefined {
  if (!first || typeof first !== 'object' || Array.isArray(first)) return undefined;
  const keys = Object.keys(first);
  return keys.length === columns.length && keys.every((k, c) => k === columns[c].name) ? keys : undefined;
}

function toRow(r: unknown, index: number, columns: readonly ResultColumn[]): CellValue[] {
  const row = new Array<CellValue>(columns.length);
  if (Array.isArray(r)) {
    for (let c = 0; c < columns.length; c++) row[c] = cell(r[c], columns[c]);
    return row;
  }
  if (!r || typeof r !== 'object') throw new UnexpectedResponseError(`row ${index} is not an object`);
  const o = r as Record<string, unknown>;
  for (let c = 0; c < columns.length; c++) {
    const name = columns[c].name;
    // Exact key first (always the case in practice); the case-insensitive scan only on a miss.
    const v = Object.prototype.hasOwnProperty.call(o, name) ? o[name] : getKey(o, name);
    row[c] = cell(v, columns[c]);
  }
  return row;
}

function cell(v: unknown, column: ResultColumn): CellValue {
  if (v === undefined || v === null) return null;
  if (column.type === 'dynamic' && typeof v === 'string') return parseDynamicString(v);
  return v as CellValue;
}

/**
 * A `dynamic` value may arrive JSON-encoded in a string (as Defender's `AdditionalFields` often
 * does). Objects and arrays are decoded so the grid can inspect them and export writes them as
 * JSON; any other string stays as it came.
 */
function parseDynamicString(s: string): CellValue {
  const first = s.charCodeAt(0);
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) return s;
  try {
    const parsed: unknown = JSON.parse(s);
    return parsed !== null && typeof parsed === 'object' ? (parsed as CellValue) : s;
  } catch {
    return s;
  }
}

function readStats(stats: unknown): ResultStats | undefined {
  if (!stats || typeof stats !== 'object') return undefined;
  const exec = getKey(stats, 'ExecutionTime');
  return { ...(typeof exec === 'number' && { executionTimeSec: exec }), raw: stats };
}
