/**
 * CSV text for result cells and rows (RFC 4180), with the spreadsheet formula-injection guard.
 *
 * Cell text:
 *  - null/absent -> empty field; booleans -> `true`/`false`; numbers -> JavaScript's shortest
 *    round-trip form (`-5`, `0.1`, `1e+21`); strings as they are (datetimes arrive as ISO 8601 UTC,
 *    `…Z`; a datetime with an explicit offset is converted to UTC); objects/arrays (`dynamic`) ->
 *    compact JSON.
 *  - A field is quoted when it contains the separator, `"`, CR or LF; inner `"` are doubled.
 *
 * Formula guard (OWASP "CSV Injection"), on by default: a field whose text begins with `=`, `+`,
 * `-`, `@`, tab (0x09) or CR (0x0D) gets a single quote (`'`) in front, so Excel, LibreOffice and
 * Google Sheets show it as text instead of evaluating it; the quote is visible in the cell.
 * Exceptions, because a number is data and cannot carry a formula:
 *  - a JSON number (any column) is never prefixed: `-5` stays `-5`;
 *  - in numeric columns (`int`, `long`, `real`, `decimal`) a string that is exactly a decimal
 *    literal (`-5`, `-1.5e3`; the API may send Int64 as a string) is not prefixed either.
 * Everything else that starts with one of those characters is prefixed, including `-5` in a
 * string column and header names (column names can come from data, e.g. `bag_unpack`).
 */
import type { CellValue, ResultColumn } from '../resultSet';

export type CsvSeparator = ',' | ';' | '\t';

export interface CsvOptions {
  /** Field separator; default `,`. */
  readonly separator?: CsvSeparator;
  /** Start the output with a UTF-8 byte order mark (helps Excel pick UTF-8); default false. */
  readonly bom?: boolean;
  /** Neutralise formula-looking fields; default true. */
  readonly formulaGuard?: boolean;
  /** Record separator; RFC 4180 says CRLF (the default). */
  readonly newline?: '\r\n' | '\n';
  /** Write the header row of column names; default true. */
  readonly header?: boolean;
}

export type ResolvedCsvOptions = Required<CsvOptions>;

export function resolveCsvOptions(o: CsvOptions = {}): ResolvedCsvOptions {
  const separator = o.separator ?? ',';
  if (separator !== ',' && separator !== ';' && separator !== '\t') throw new Error(`unsupported CSV separator ${JSON.stringify(separator)}`);
  return { separator, bom: o.bom ?? false, formulaGuard: o.formulaGuard ?? true, newline: o.newline ?? '\r\n', header: o.header ?? true };
}

const NUMERIC_TYPES = new Set(['int', 'long', 'real', 'decimal']);
const NUMBER_LITERAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const OFFSET_DATETIME = /^\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d:?\d\d$/;

/** True when a spreadsheet could read the text as a formula (OWASP's list of leading characters). */
export function looksLikeFormula(text: string): boolean {
  if (text.length === 0) return false;
  const c = text.charCodeAt(0);
  return c === 0x3d /* = */ || c === 0x2b /* + */ || c === 0x2d /* - */ || c === 0x40 /* @ */ || c === 0x09 || c === 0x0d;
}

/** Turns one field's text into CSV: guard, then RFC 4180 quoting. */
export type FieldEncoder = (text: string) => string;

export function fieldEncoder(o: ResolvedCsvOptions): FieldEncoder {
  const needsQuotes = o.separator === ',' ? /[",\r\n]/ : o.separator === ';' ? /[";\r\n]/ : /["\t\r\n]/;
  const guard = o.formulaGuard;
  return (text) => {
    const t = guard && looksLikeFormula(text) ? `'${text}` : text;
    return needsQuotes.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
}

/** ISO 8601 UTC: the API's `…Z` text as it is; a value with an explicit offset converted to UTC. */
function datetimeText(v: string): string {
  if (v.charCodeAt(v.length - 1) === 0x5a /* Z */ || !OFFSET_DATETIME.test(v)) return v;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? v : new Date(ms).toISOString();
}

const KIND_TEXT = 0;
const KIND_NUMERIC = 1;
const KIND_DATETIME = 2;

/**
 * A function that appends a row's CSV record (without the newline) to `text` and returns the
 * result. This runs for every cell of up to 100,000 × N cells, so it is one flat function over a
 * per-column kind table (no per-cell closures) that appends straight to the chunk being built
 * (measured in bench/export.bench.ts).
 */
export function csvRowAppender(columns: readonly ResultColumn[], columnIndexes: readonly number[], o: ResolvedCsvOptions): (text: string, row: readonly CellValue[]) => string {
  const encode = fieldEncoder(o);
  const sep = o.separator;
  const guard = o.formulaGuard;
  const n = columnIndexes.length;
  const idx = Int32Array.from(columnIndexes);
  const kinds = Uint8Array.from(columnIndexes, (ci) => (NUMERIC_TYPES.has(columns[ci].type) ? KIND_NUMERIC : columns[ci].type === 'datetime' ? KIND_DATETIME : KIND_TEXT));
  const cell = (v: CellValue | undefined, kind: number): string => {
    if (typeof v === 'string') {
      if (kind === KIND_DATETIME) return encode(datetimeText(v));
      if (kind === KIND_NUMERIC && guard && NUMBER_LITERAL.test(v)) return v; // Int64 sent as text
      return encode(v);
    }
    if (typeof v === 'number') return '' + v; // a number is never a formula
    if (v === null || v === undefined) return '';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return encode(JSON.stringify(v));
  };
  return (text, row) => {
    if (n === 0) return text;
    text += cell(row[idx[0]], kinds[0]);
    for (let i = 1; i < n; i++) text += sep + cell(row[idx[i]], kinds[i]);
    return text;
  };
}

/** The header record: column names, encoded like any other field. */
export function csvHeader(columns: readonly ResultColumn[], columnIndexes: readonly number[], o: ResolvedCsvOptions): string {
  const encode = fieldEncoder(o);
  return columnIndexes.map((ci) => encode(columns[ci].name)).join(o.separator);
}
