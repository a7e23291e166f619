/**
 * Compiles a scalar expression of the analysed syntax tree into a JavaScript closure over one
 * row. Types come from the binder (`ResultType`), so each closure knows whether it adds ticks or
 * numbers and how to turn a dynamic into a string.
 */
import type { KqlType } from '../../core/schema/schema';
import { enumName, loadKusto } from '../../kusto/kusto';
import type { Evaluator, ExecContext, Frame } from './context';
import { QueryError, UnsupportedError } from './errors';
import { compileCall } from './calls';
import { isLiteralKind, literalValue } from './literals';
import { compileBinary } from './operatorsScalar';
import { isTabular, kind, textOf, typeOf, type Expr } from './syntax';
import * as S from './stringOps';
import { compareValues, fromDynamic, toStringValue, type Column, type Table, type Value } from './values';

export interface Scope {
  readonly ctx: ExecContext;
  readonly frame: Frame;
  /** Column name -> index in the rows this expression sees. */
  readonly columns: ReadonlyMap<string, number>;
  /** Column name -> type (pack_all needs them to turn datetimes into strings). */
  readonly columnTypes?: ReadonlyMap<string, KqlType>;
  /** The position of the row being evaluated, for row_number()/prev()/next(). */
  readonly cursor?: RowCursor;
  /** Inside summarize: aggregate calls read the group's result from a slot. */
  readonly aggregateSlot?: (call: Kusto.Language.Syntax.FunctionCallExpression) => Evaluator | undefined;
  /** Evaluates a tabular sub-expression (toscalar, `in (T)`); injected to avoid a module cycle. */
  readonly tabular: (expr: Expr, frame: Frame) => Table;
}

export interface RowCursor {
  rows: readonly Value[][];
  index: number;
}

export function columnIndex(columns: readonly { name: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  columns.forEach((c, i) => { if (!m.has(c.name)) m.set(c.name, i); });
  return m;
}

/** A scope over the rows of a table with these columns. */
export function rowScope(base: Pick<Scope, 'ctx' | 'frame' | 'tabular'>, columns: readonly Column[]): Scope {
  return { ...base, columns: columnIndex(columns), columnTypes: new Map(columns.map((c) => [c.name, c.type])) };
}

export function symbolKind(node: Expr): string {
  const s = node.ReferencedSymbol;
  return s ? enumName(loadKusto().Language.Symbols.SymbolKind, s.Kind) : '';
}

/**
 * True when the expression reads a column of the current row (so it cannot be precomputed).
 * Sub-queries (toscalar, `in (T | ...)`) have rows of their own and do not count.
 */
export function dependsOnRow(expr: Kusto.Language.Syntax.SyntaxElement): boolean {
  if (expr.IsToken) return false;
  const k = kind(expr);
  if (k === 'ToScalarExpression' || (k !== 'NameReference' && isTabular(expr as Expr))) return false;
  if (k === 'NameReference' && symbolKind(expr as Expr) === 'Column') return true;
  if (k === 'FunctionCallExpression' && ROW_FUNCTIONS.has((expr as Kusto.Language.Syntax.FunctionCallExpression).Name?.SimpleName ?? '')) return true;
  for (let i = 0; i < expr.ChildCount; i++) {
    const c = expr.GetChild(i);
    if (c && dependsOnRow(c)) return true;
  }
  return false;
}

const ROW_FUNCTIONS = new Set(['rand', 'pack_all', 'bag_pack_all', 'column_ifexists', 'row_number', 'prev', 'next', 'ingestion_time', 'new_guid']);

export function compileScalar(expr: Expr, scope: Scope): Evaluator {
  const k = kind(expr);
  // inside `search`, a bare string is a term looked up in every column
  if (k === 'StringLiteralExpression' && typeOf(expr) === 'bool') return compileSearchTerm(String(literalValue(expr)), [...scope.columns.entries()], scope);
  if (k === 'SearchExpression') {
    const b = expr as Kusto.Language.Syntax.BinaryExpression;
    const name = kind(b.Left) === 'NameReference' ? (b.Left as Kusto.Language.Syntax.NameReference).SimpleName ?? '' : '';
    const i = scope.columns.get(name);
    return compileSearchTerm(String(literalValue(b.Right as Expr)), i === undefined ? [] : [[name, i]], scope);
  }
  if (isLiteralKind(k)) {
    const v = literalValue(expr);
    return () => v;
  }
  switch (k) {
    case 'ParenthesizedExpression':
      return compileScalar((expr as Kusto.Language.Syntax.ParenthesizedExpression).Expression as Expr, scope);
    case 'SimpleNamedExpression':
      return compileScalar((expr as Kusto.Language.Syntax.SimpleNamedExpression).Expression as Expr, scope);
    case 'NameReference':
      return compileName(expr as Kusto.Language.Syntax.NameReference, scope);
    case 'BracketedExpression':
      return compileScalar((expr as Kusto.Language.Syntax.BracketedExpression).Expression as Expr, scope);
    case 'FunctionCallExpression':
      return compileCall(expr as Kusto.Language.Syntax.FunctionCallExpression, scope);
    case 'PathExpression':
      return compilePath(expr as Kusto.Language.Syntax.PathExpression, scope);
    case 'ElementExpression':
      return compileElement(expr as Kusto.Language.Syntax.ElementExpression, scope);
    case 'ToScalarExpression':
      return compileToScalar(expr as Kusto.Language.Syntax.ToScalarExpression, scope);
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression': {
      const inner = compileScalar((expr as Kusto.Language.Syntax.PrefixUnaryExpression).Expression as Expr, scope);
      if (k === 'UnaryPlusExpression') return inner;
      return (row) => { const v = inner(row); return v === null ? null : -(v as number); };
    }
    case 'TypeOfLiteralExpression':
      // `typeof(string)` as an argument (extractjson): the call's static result type already says it
      return () => null;
    case 'BetweenExpression':
    case 'NotBetweenExpression':
      return compileBetween(expr as Kusto.Language.Syntax.BetweenExpression, scope, k === 'NotBetweenExpression');
    default: {
      const binary = compileBinary(expr, scope);
      if (binary) return binary;
      throw new UnsupportedError(`The expression '${shorten(textOf(expr))}' (${k})`, expr.TextStart);
    }
  }
}

/**
 * `search "term"`: true when a column's text has the term (case-insensitive, whole terms);
 * `term*`, `*term` and `*term*` match prefixes, suffixes and substrings.
 */
function compileSearchTerm(term: string, columns: readonly (readonly [string, number])[], scope: Scope): Evaluator {
  const types = scope.columnTypes ?? new Map<string, KqlType>();
  const readers = columns.map(([name, i]) => ({ i, t: types.get(name) ?? 'string' }));
  const starts = term.startsWith('*'), ends = term.endsWith('*');
  const core = term.replace(/^\*|\*$/g, '');
  let test: (s: string) => boolean;
  if (core.includes('*')) {
    const re = new RegExp(core.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*'), 'i');
    test = (s) => re.test(s);
  } else if (starts && ends) test = (s) => S.contains(s, core);
  else if (ends) test = (s) => S.hasPrefix(s, core);
  else if (starts) test = (s) => S.hasSuffix(s, core);
  else test = (s) => S.has(s, core);
  // tables searched together may type a column differently: go by the value
  const text = (v: Value, t: KqlType) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : typeof v === 'number' && (t === 'datetime' || t === 'timespan') ? toStringValue(v, t) : String(v));
  return (row) => readers.some(({ i, t }) => row[i] !== null && row[i] !== '' && test(text(row[i], t)));
}

export function shorten(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

function compileName(ref: Kusto.Language.Syntax.NameReference, scope: Scope): Evaluator {
  const name = ref.SimpleName ?? '';
  const sk = symbolKind(ref);
  if (sk === 'Column') {
    const i = scope.columns.get(name);
    if (i === undefined) throw new QueryError(`Failed to resolve scalar expression named '${name}'`, 'semantic', ref.TextStart);
    return (row) => row[i];
  }
  if (sk === 'Variable' || sk === 'Parameter') {
    const frame = scope.frame;
    return () => {
      const b = frame.get(name);
      if (!b) throw new QueryError(`Failed to resolve scalar expression named '${name}'`, 'semantic', ref.TextStart);
      if (b.kind === 'scalar') return b.value;
      throw new QueryError(`'${name}' is a table where a scalar value was expected`, 'semantic', ref.TextStart);
    };
  }
  if (sk === 'Function') {
    // a zero-argument function referenced without parentheses (`now` is not allowed; user functions are)
    return compileCall(ref as unknown as Kusto.Language.Syntax.FunctionCallExpression, scope);
  }
  throw new UnsupportedError(`The name '${name}' (${sk || 'unresolved'})`, ref.TextStart);
}

/** `d.a`, `d.a.b`: member access on a dynamic value. */
function compilePath(path: Kusto.Language.Syntax.PathExpression, scope: Scope): Evaluator {
  const base = compileScalar(path.Expression as Expr, scope);
  const selector = path.Selector as Expr;
  const sk = kind(selector);
  let key: string;
  if (sk === 'NameReference') key = (selector as Kusto.Language.Syntax.NameReference).SimpleName ?? '';
  else if (sk === 'BracketedExpression') key = String(literalValue((selector as Kusto.Language.Syntax.BracketedExpression).Expression as Expr));
  else throw new UnsupportedError(`The path '${shorten(textOf(path))}'`, path.TextStart);
  const baseType = typeOf(path.Expression as Expr);
  const resultType = typeOf(path);
  return (row) => member(asDynamic(base(row), baseType), key, resultType);
}

function asDynamic(v: Value, t: KqlType): unknown {
  if (t === 'string' && typeof v === 'string') {
    // string columns that hold JSON (AdditionalFields) are dynamic in some tenants: read them as JSON
    try { return JSON.parse(v); } catch { return undefined; }
  }
  return v;
}

function member(obj: unknown, key: string | number, resultType: KqlType): Value {
  if (obj === null || obj === undefined || typeof obj !== 'object') return fromDynamic(undefined, resultType);
  let v: unknown;
  if (Array.isArray(obj)) {
    if (typeof key !== 'number') return fromDynamic(undefined, resultType);
    v = obj[key < 0 ? obj.length + key : key];
  } else {
    v = typeof key === 'number' ? undefined : (obj as Record<string, unknown>)[key];
  }
  return fromDynamic(v === undefined ? null : v, resultType);
}

/** `d["a"]`, `d[0]`, `d[-1]`. */
function compileElement(el: Kusto.Language.Syntax.ElementExpression, scope: Scope): Evaluator {
  const base = compileScalar(el.Expression as Expr, scope);
  let sel = el.Selector as Expr;
  if (kind(sel) === 'BracketedExpression') sel = (sel as Kusto.Language.Syntax.BracketedExpression).Expression as Expr;
  const index = compileScalar(sel, scope);
  const resultType = typeOf(el);
  return (row) => {
    const k = index(row);
    if (k === null) return fromDynamic(undefined, resultType);
    return member(base(row), typeof k === 'number' ? k : String(k), resultType);
  };
}

/** `toscalar(T)`: the first column of the first row, computed once per query. */
function compileToScalar(ts: Kusto.Language.Syntax.ToScalarExpression, scope: Scope): Evaluator {
  const inner = ts.Expression as Expr;
  if (!isTabular(inner)) return compileScalar(inner, scope);
  let done = false;
  let value: Value = null;
  return () => {
    if (!done) {
      const t = scope.tabular(inner, scope.frame);
      const first = t.rows[0];
      value = first && first.length > 0 ? first[0] : null;
      done = true;
    }
    return value;
  };
}

function compileBetween(b: Kusto.Language.Syntax.BetweenExpression, scope: Scope, negate: boolean): Evaluator {
  const left = compileScalar(b.Left as Expr, scope);
  const couple = b.Right as Kusto.Language.Syntax.ExpressionCouple;
  const lo = compileScalar(couple.First as Expr, scope);
  const hi = compileScalar(couple.Second as Expr, scope);
  const leftType = typeOf(b.Left as Expr);
  // `Timestamp between (datetime(...) .. 1h)`: the upper bound is relative to the lower
  const relative = leftType === 'datetime' && typeOf(couple.Second as Expr) === 'timespan';
  return (row) => {
    const v = left(row);
    const a = lo(row);
    let z = hi(row);
    if (v === null || a === null || z === null) return null;
    if (relative) z = (a as number) + (z as number);
    const inside = compareValues(v, a) >= 0 && compareValues(v, z) <= 0;
    return negate ? !inside : inside;
  };
}
