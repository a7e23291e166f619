/**
 * JSON export: each row as an object keyed by column name, values with their JSON types kept
 * (strings, numbers, booleans, null, and `dynamic` objects/arrays nested as JSON, not as text).
 * Layouts: `array` (one JSON document, `[\n{…},\n{…}\n]`) or `lines` (JSON Lines: one object per
 * line, LF-terminated). No formula guard: JSON is not opened by spreadsheets as formulas.
 */
import type { CellValue, ResultColumn } from '../resultSet';

export type JsonLayout = 'array' | 'lines';

/** A function from a row to its compact JSON object text. Keys are encoded once per export. */
export function jsonRowEncoder(columns: readonly ResultColumn[], columnIndexes: readonly number[]): (row: readonly CellValue[]) => string {
  const keys = columnIndexes.map((ci, i) => `${i === 0 ? '{' : ','}${JSON.stringify(columns[ci].name)}:`);
  const n = columnIndexes.length;
  if (n === 0) return () => '{}';
  return (row) => {
    let s = '';
    for (let i = 0; i < n; i++) s += keys[i] + jsonValue(row[columnIndexes[i]]);
    return s + '}';
  };
}

function jsonValue(v: CellValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}
