/**
 * What a CSV field must read back as, written from the rules in docs/export.md (not from the
 * writer's code), so the round-trip tests check the writer against the documentation.
 */
import { parse } from 'csv-parse/sync';
import type { CellValue, ResultColumn, ResultSet } from '../../../src/core/results/resultSet';

const FORMULA_START = /^[=+\-@\t\r]/;
const DECIMAL_LITERAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMERIC = ['int', 'long', 'real', 'decimal'];

export function expectedField(v: CellValue | undefined, column: ResultColumn, guard = true): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  let text: string;
  if (typeof v === 'string') {
    if (NUMERIC.includes(column.type) && DECIMAL_LITERAL.test(v)) return v;
    text = column.type === 'datetime' && /[+-]\d\d:?\d\d$/.test(v) ? new Date(v).toISOString() : v;
  } else {
    text = JSON.stringify(v);
  }
  return guard && FORMULA_START.test(text) ? `'${text}` : text;
}

export function expectedHeader(name: string, guard = true): string {
  return guard && FORMULA_START.test(name) ? `'${name}` : name;
}

type Sep = ',' | ';' | '\t';

/** Parses with csv-parse (an independent implementation) exactly as RFC 4180 reads it. */
export function parseCsv(text: string, delimiter: Sep = ','): string[][] {
  return parse(text, { delimiter, record_delimiter: ['\r\n'], bom: true, relax_column_count: false, skip_empty_lines: false }) as string[][];
}

/** Cell-by-cell comparison; returns the differences (expected to be none). */
export function differences(result: ResultSet, records: string[][], guard = true, rowOrder?: readonly number[], columns?: readonly number[]): string[] {
  const cols = columns ?? result.columns.map((_, i) => i);
  const order = rowOrder ?? result.rows.map((_, i) => i);
  const diffs: string[] = [];
  const header = cols.map((c) => expectedHeader(result.columns[c].name, guard));
  if (JSON.stringify(records[0]) !== JSON.stringify(header)) diffs.push(`header ${JSON.stringify(records[0])} != ${JSON.stringify(header)}`);
  if (records.length - 1 !== order.length) diffs.push(`row count ${records.length - 1} != ${order.length}`);
  for (let i = 0; i < order.length; i++) {
    const rec = records[i + 1] ?? [];
    cols.forEach((c, j) => {
      const want = expectedField(result.rows[order[i]][c], result.columns[c], guard);
      if (rec[j] !== want) diffs.push(`row ${i} col ${result.columns[c].name}: ${JSON.stringify(rec[j])} != ${JSON.stringify(want)}`);
    });
  }
  return diffs;
}
