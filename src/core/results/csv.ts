/**
 * CSV for copy (and for export to reuse or replace): RFC 4180 quoting by csv-stringify's sync
 * API, plus a formula guard.
 *
 * Formula guard: result values are attacker-controlled, and a spreadsheet treats a cell that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula
 * (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). Such *text* cells get a leading `'`, which
 * spreadsheets show as plain text (OWASP "CSV Injection"). Numbers and booleans are never guarded:
 * `-5` as a number is data, not a formula.
 */
import { stringify } from 'csv-stringify/sync';
import { cellText } from './cellText';
import type { CellValue } from './resultSet';

const FORMULA_START = /^[=+\-@\t\r]/;

/** `'` + text when a spreadsheet would read the text as a formula; the text unchanged otherwise. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text of one cell as it goes into CSV (before quoting): null is empty, objects are JSON, text is guarded. */
export function csvCellText(value: CellValue | undefined): string {
  if (typeof value === 'string') return guardFormula(value);
  return cellText(value);
}

export interface CsvOptions {
  /** Line ending; RFC 4180 says CRLF. */
  readonly recordDelimiter?: '\r\n' | '\n';
}

/** Formats records (already turned into text with {@link csvCellText}) as CSV, quoting where needed. */
export function formatCsv(records: readonly (readonly string[])[], opts: CsvOptions = {}): string {
  return stringify(records as string[][], { record_delimiter: opts.recordDelimiter ?? '\r\n', quoted_match: /^\s|\s$/ });
}
