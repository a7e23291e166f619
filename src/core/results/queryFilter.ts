/**
 * "Add filter to query": the KQL clause for a cell (`| where Col == value`) and where it goes in
 * the query block the run came from. Pure, so the text rules are unit-tested; the editor edit is
 * made by src/vscode/results.
 */
import type { FilterOperator } from '../../shared/protocol';
import type { KqlType } from '../schema/schema';
import { codeOf } from '../query/blocks';
import { cellText } from './cellText';
import type { CellValue } from './resultSet';

/** Words that cannot be bare column names in KQL (a conservative list: quoting more is harmless). */
const RESERVED = new Set(['and', 'or', 'not', 'by', 'on', 'in', 'has', 'contains', 'where', 'project', 'extend', 'let', 'true', 'false', 'null', 'with', 'as', 'of', 'to', 'between', 'like', 'asc', 'desc', 'typeof', 'dynamic', 'datetime', 'timespan', 'guid', 'bool', 'int', 'long', 'real', 'string', 'decimal']);

/** A column reference: bare when it is a plain identifier, else `['name']`. */
export function columnRef(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase())) return name;
  return `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** A KQL string literal that means exactly `text` (double quotes, backslash escapes). */
export function stringLiteral(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c)}"`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const TIMESPAN = /^-?(?:\d+\.)?\d{1,2}:\d{2}:\d{2}(?:\.\d+)?$/;

/**
 * The `| where …` clause that keeps rows whose `column` relates to `value` by `op`.
 * Throws with a user-readable message when the combination makes no sense (e.g. `has` on null).
 */
export function filterClause(column: { readonly name: string; readonly type: KqlType }, value: CellValue | undefined, op: FilterOperator): string {
  const col = columnRef(column.name);
  if (value === null || value === undefined || (value === '' && column.type !== 'string')) {
    if (op === 'has') throw new Error(`"has" needs a value; ${column.name} is empty here.`);
    return `| where ${op === '==' ? 'isnull' : 'isnotnull'}(${col})`;
  }
  const text = cellText(value);
  if (op === 'has') {
    const target = column.type === 'string' ? col : `tostring(${col})`;
    return `| where ${target} has ${stringLiteral(text)}`;
  }
  return `| where ${typedComparison(col, column.type, value, text, op)}`;
}

function typedComparison(col: string, type: KqlType, value: CellValue, text: string, op: '==' | '!='): string {
  switch (type) {
    case 'long': case 'int': case 'real': case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return `${col} ${op} ${type === 'real' && Number.isInteger(value) ? `${value}.0` : String(value)}`;
      if (typeof value === 'string' && /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(value)) return `${col} ${op} ${value}`;
      break;
    case 'bool':
      if (typeof value === 'boolean') return `${col} ${op} ${value}`;
      break;
    case 'datetime':
      if (typeof value === 'string' && DATETIME.test(value)) return `${col} ${op} datetime(${value})`;
      break;
    case 'timespan':
      if (typeof value === 'string' && TIMESPAN.test(value)) return `${col} ${op} timespan(${value})`;
      break;
    case 'guid':
      if (typeof value === 'string' && GUID.test(value)) return `${col} ${op} guid(${value})`;
      break;
    case 'string':
      return `${col} ${op} ${stringLiteral(text)}`;
    default:
      break;
  }
  // dynamic, or a value that does not look like its column's type: compare as text.
  return `tostring(${col}) ${op} ${stringLiteral(text)}`;
}

/** Where to insert the clause: `text` at zero-based `line`/`character`. */
export interface Insertion {
  readonly line: number;
  readonly character: number;
  readonly text: string;
  /** The block's lines once the clause is in (zero-based, inclusive): where the next filter goes. */
  readonly block: { readonly startLine: number; readonly endLine: number };
}

export interface FilterTarget {
  /** The query text the run executed. */
  readonly query: string;
  /** Zero-based inclusive lines the query came from. */
  readonly startLine: number;
  readonly endLine: number;
}

/**
 * Plans the insertion of `clause` into the block that produced the run: after its last code line,
 * or before a final `| render` (render must stay last). When the document changed since the run,
 * the query is looked up by its text; if it is gone, throws a user-readable message.
 */
export function planFilterInsertion(documentText: string, target: FilterTarget, clause: string): Insertion {
  const lines = documentText.split(/\r?\n/);
  const block = locateBlock(lines, target);
  if (!block) throw new Error('The query was edited since it ran, so the filter cannot be placed. Run it again first.');
  let last = block.end;
  while (last > block.start && codeOf(lines[last]) === '') last--;
  const indent = pipeIndent(lines, block.start, last);
  for (let i = last; i > block.start; i--) {
    const code = codeOf(lines[i]);
    if (!code.startsWith('|')) continue;
    if (/^\|\s*render\b/.test(code)) return { line: i, character: 0, text: `${indent}${clause}\n`, block: { startLine: block.start, endLine: block.end + 1 } };
    break;
  }
  return { line: last, character: lines[last].length, text: `\n${indent}${clause}`, block: { startLine: block.start, endLine: block.end + 1 } };
}

function locateBlock(lines: readonly string[], t: FilterTarget): { start: number; end: number } | undefined {
  const norm = (s: string) => s.replace(/\r\n/g, '\n').trim();
  const query = norm(t.query);
  if (query === '') return undefined;
  if (t.startLine >= 0 && t.endLine < lines.length && t.startLine <= t.endLine && norm(lines.slice(t.startLine, t.endLine + 1).join('\n')).includes(query)) {
    return { start: t.startLine, end: t.endLine };
  }
  const all = lines.join('\n');
  const at = all.indexOf(query);
  if (at < 0) return undefined;
  const start = all.slice(0, at).split('\n').length - 1;
  return { start, end: start + query.split('\n').length - 1 };
}

function pipeIndent(lines: readonly string[], start: number, end: number): string {
  for (let i = end; i >= start; i--) {
    const m = /^(\s*)\|/.exec(lines[i]);
    if (m) return m[1];
  }
  return '';
}
