/**
 * Per-column filter expressions typed in the grid's filter row, and the global search.
 *
 *   text      cell contains text (case-insensitive)        !text    does not contain
 *   =text     equals (case-insensitive; numerically for    !=text   not equal
 *             numbers, datetimes, timespans, booleans)     =        is empty or null
 *   >x >=x <x <=x   compares (numbers, datetimes such as 2024-05-01T10:00Z, timespans 01:00:00);
 *             on text columns, or when x does not parse for the column's type, compares text
 *   "text"    contains text literally (quotes let text start with = ! < >)
 */
import type { KqlType } from '../schema/schema';
import { cellText } from './cellText';
import type { CellValue } from './resultSet';
import { isNumericType, numericValue, parseOperand } from './scalars';

export type CellPredicate = (value: CellValue | undefined) => boolean;

/** A case-insensitive "contains" test that allocates nothing per cell. */
export function containsIgnoringCase(needle: string): (haystack: string) => boolean {
  if (needle === '') return () => true;
  const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return (haystack) => re.test(haystack);
}

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'contains' | '!contains';

export function parseFilterText(raw: string): { op: Op; operand: string } | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return { op: 'contains', operand: text.slice(1, -1) };
  const m = /^(==|=|!=|>=|<=|>|<|!)\s*(.*)$/s.exec(text);
  if (!m) return { op: 'contains', operand: text };
  const op = m[1] === '==' ? '=' : m[1] === '!' ? '!contains' : (m[1] as Op);
  return { op, operand: m[2] };
}

/** Compiles one filter expression for a column of `type`; undefined when the text filters nothing. */
export function compileColumnFilter(raw: string, type: KqlType): CellPredicate | undefined {
  const parsed = parseFilterText(raw);
  if (!parsed) return undefined;
  const { op, operand } = parsed;
  if (op === 'contains' || op === '!contains') {
    const test = containsIgnoringCase(operand);
    return op === 'contains' ? (v) => test(cellText(v)) : (v) => !test(cellText(v));
  }
  if ((op === '=' || op === '!=') && operand === '') {
    const isEmpty: CellPredicate = (v) => v === null || v === undefined || v === '';
    return op === '=' ? isEmpty : (v) => !isEmpty(v);
  }
  const number = isNumericType(type) ? parseOperand(operand, type) : NaN;
  if (!Number.isNaN(number)) {
    const cmp = comparer(op, number);
    return (v) => {
      const n = numericValue(v, type);
      return Number.isNaN(n) ? op === '!=' : cmp(n);
    };
  }
  // Text comparison: case-insensitive equality, code-unit order for < and > (ISO datetimes order right).
  const lower = operand.toLowerCase();
  if (op === '=') return (v) => v !== null && v !== undefined && cellText(v).toLowerCase() === lower;
  if (op === '!=') return (v) => v === null || v === undefined || cellText(v).toLowerCase() !== lower;
  return (v) => {
    if (v === null || v === undefined) return false;
    const t = cellText(v).toLowerCase();
    return comparer(op, 0)(t < lower ? -1 : t > lower ? 1 : 0);
  };
}

function comparer(op: Op, operand: number): (n: number) => boolean {
  switch (op) {
    case '=': return (n) => n === operand;
    case '!=': return (n) => n !== operand;
    case '>': return (n) => n > operand;
    case '>=': return (n) => n >= operand;
    case '<': return (n) => n < operand;
    default: return (n) => n <= operand;
  }
}
