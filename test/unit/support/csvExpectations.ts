/**
 * What a CSV field must read back as, written from the rules in docs/export.md (not from the
 * writer's code), so the round-trip tests check the writer against the documentation.
 */
import type { CellValue, ResultColumn } from '../../../src/core/results/resultSet';

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
