/**
 * Scalar operators: arithmetic (with datetime/timespan rules), comparisons with KQL's null
 * semantics, three-valued and/or, the string predicates, `in`/`!in`/`in~`, `has_any`/`has_all`
 * and `matches regex`.
 */
import type { KqlType } from '../../core/schema/schema';
import type { Evaluator } from './context';
import { UnsupportedError } from './errors';
import { compileScalar, dependsOnRow, type Scope } from './scalar';
import * as S from './stringOps';
import { elements, isTabular, kind, typeOf, type Expr } from './syntax';
import { compareValues, convert, fromDynamic, isNumericType, keyOf, toStringValue, valuesEqual, type Value } from './values';

type Binary = Kusto.Language.Syntax.BinaryExpression;

const STRING_PREDICATES: Record<string, (h: string, n: string) => boolean> = {
  HasExpression: (h, n) => S.has(h, n),
  HasCsExpression: (h, n) => S.has(h, n, true),
  NotHasExpression: (h, n) => !S.has(h, n),
  NotHasCsExpression: (h, n) => !S.has(h, n, true),
  HasPrefixExpression: (h, n) => S.hasPrefix(h, n),
  HasPrefixCsExpression: (h, n) => S.hasPrefix(h, n, true),
  NotHasPrefixExpression: (h, n) => !S.hasPrefix(h, n),
  NotHasPrefixCsExpression: (h, n) => !S.hasPrefix(h, n, true),
  HasSuffixExpression: (h, n) => S.hasSuffix(h, n),
  HasSuffixCsExpression: (h, n) => S.hasSuffix(h, n, true),
  NotHasSuffixExpression: (h, n) => !S.hasSuffix(h, n),
  NotHasSuffixCsExpression: (h, n) => !S.hasSuffix(h, n, true),
  ContainsExpression: (h, n) => S.contains(h, n),
  ContainsCsExpression: (h, n) => S.contains(h, n, true),
  NotContainsExpression: (h, n) => !S.contains(h, n),
  NotContainsCsExpression: (h, n) => !S.contains(h, n, true),
  StartsWithExpression: (h, n) => S.startsWith(h, n),
  StartsWithCsExpression: (h, n) => S.startsWith(h, n, true),
  NotStartsWithExpression: (h, n) => !S.startsWith(h, n),
  NotStartsWithCsExpression: (h, n) => !S.startsWith(h, n, true),
  EndsWithExpression: (h, n) => S.endsWith(h, n),
  EndsWithCsExpression: (h, n) => S.endsWith(h, n, true),
  NotEndsWithExpression: (h, n) => !S.endsWith(h, n),
  NotEndsWithCsExpression: (h, n) => !S.endsWith(h, n, true),
  EqualTildeExpression: (a, b) => S.equalsIgnoreCase(a, b),
  BangTildeExpression: (a, b) => !S.equalsIgnoreCase(a, b),
};

const COMPARISONS: Record<string, (c: number) => boolean> = {
  LessThanExpression: (c) => c < 0,
  LessThanOrEqualExpression: (c) => c <= 0,
  GreaterThanExpression: (c) => c > 0,
  GreaterThanOrEqualExpression: (c) => c >= 0,
};

const ARITHMETIC = new Set(['AddExpression', 'SubtractExpression', 'MultiplyExpression', 'DivideExpression', 'ModuloExpression']);

/** Returns the compiled operator, or undefined when `expr` is not a binary/list operator. */
export function compileBinary(expr: Expr, scope: Scope): Evaluator | undefined {
  const k = kind(expr);
  switch (k) {
    case 'AndExpression': case 'OrExpression': return compileLogical(expr as Binary, scope, k === 'AndExpression');
    case 'EqualExpression': case 'NotEqualExpression': return compileEquality(expr as Binary, scope, k === 'NotEqualExpression');
    case 'InExpression': case 'InCsExpression': case 'NotInExpression': case 'NotInCsExpression':
      // decided by the token (`in~`, `!in~`): Kusto.Language's kind names don't say which is which
      return compileIn(expr as Kusto.Language.Syntax.InExpression, scope, ((expr as Kusto.Language.Syntax.InExpression).Operator?.Text ?? '').includes('~'), k.startsWith('Not'));
    case 'HasAnyExpression': case 'HasAllExpression':
      return compileHasAnyAll(expr as Kusto.Language.Syntax.HasAnyExpression, scope, k === 'HasAllExpression');
    case 'MatchesRegexExpression': return compileRegex(expr as Binary, scope);
  }
  if (k in STRING_PREDICATES) return compileStringPredicate(expr as Binary, scope, STRING_PREDICATES[k]);
  if (k in COMPARISONS) return compileComparison(expr as Binary, scope, COMPARISONS[k]);
  if (ARITHMETIC.has(k)) return compileArithmetic(expr as Binary, scope, k);
  if (k.includes('Like')) throw new UnsupportedError("The 'like' operator", expr.TextStart);
  return undefined;
}

function sides(b: Binary, scope: Scope) {
  return {
    left: compileScalar(b.Left as Expr, scope), right: compileScalar(b.Right as Expr, scope),
    lt: typeOf(b.Left as Expr), rt: typeOf(b.Right as Expr),
  };
}

function compileLogical(b: Binary, scope: Scope, isAnd: boolean): Evaluator {
  const { left, right } = sides(b, scope);
  if (isAnd) {
    return (row) => {
      const l = left(row);
      if (l === false) return false;
      const r = right(row);
      if (r === false) return false;
      return l === null || r === null ? null : true;
    };
  }
  return (row) => {
    const l = left(row);
    if (l === true) return true;
    const r = right(row);
    if (r === true) return true;
    return l === null || r === null ? null : false;
  };
}

/** Brings the two sides of a comparison to one type: dynamic follows the other side; numbers mix. */
function aligned(lt: KqlType, rt: KqlType): { l: (v: Value) => Value; r: (v: Value) => Value } {
  const id = (v: Value) => v;
  if (lt === 'dynamic' && rt !== 'dynamic') return { l: (v) => fromDynamic(v, rt), r: id };
  if (rt === 'dynamic' && lt !== 'dynamic') return { l: id, r: (v) => fromDynamic(v, lt) };
  if (lt === 'string' && rt !== 'string') return { l: id, r: (v) => toStringValue(v, rt) };
  if (rt === 'string' && lt !== 'string') return { l: (v) => toStringValue(v, lt), r: id };
  return { l: id, r: id };
}

function compileEquality(b: Binary, scope: Scope, negate: boolean): Evaluator {
  const { left, right, lt, rt } = sides(b, scope);
  const a = aligned(lt, rt);
  return (row) => {
    const l = a.l(left(row));
    const r = a.r(right(row));
    if (l === null || r === null) {
      if (l === null && r === null) return null;
      return negate;
    }
    const eq = valuesEqual(l, r);
    return negate ? !eq : eq;
  };
}

function compileComparison(b: Binary, scope: Scope, test: (c: number) => boolean): Evaluator {
  const { left, right, lt, rt } = sides(b, scope);
  const a = aligned(lt, rt);
  return (row) => {
    const l = a.l(left(row));
    const r = a.r(right(row));
    if (l === null || r === null) return null;
    return test(compareValues(l, r));
  };
}

function compileStringPredicate(b: Binary, scope: Scope, test: (h: string, n: string) => boolean): Evaluator {
  const { left, right, lt, rt } = sides(b, scope);
  return (row) => test(toStringValue(left(row), lt), toStringValue(right(row), rt));
}

function compileRegex(b: Binary, scope: Scope): Evaluator {
  const { left, right, lt } = sides(b, scope);
  let cachedPattern: string | undefined;
  let regex: RegExp | undefined;
  return (row) => {
    const p = String(right(row) ?? '');
    if (p !== cachedPattern) { regex = S.kqlRegex(p); cachedPattern = p; }
    return (regex as RegExp).test(toStringValue(left(row), lt));
  };
}

function compileArithmetic(b: Binary, scope: Scope, k: string): Evaluator {
  const { left, right, lt, rt } = sides(b, scope);
  const result = typeOf(b);
  const integer = result === 'long' || result === 'int';
  const toNum = (t: KqlType) => (t === 'dynamic' ? (v: Value) => fromDynamic(v, 'real') : t === 'bool' ? (v: Value) => (v === null ? null : v ? 1 : 0) : (v: Value) => v);
  const ln = toNum(lt);
  const rn = toNum(rt);
  let op: (x: number, y: number) => number | null;
  switch (k) {
    case 'AddExpression': op = (x, y) => x + y; break;
    case 'SubtractExpression': op = (x, y) => x - y; break;
    case 'MultiplyExpression': op = (x, y) => x * y; break;
    case 'DivideExpression':
      op = integer ? (x, y) => (y === 0 ? null : Math.trunc(x / y)) : (x, y) => x / y;
      break;
    default:
      op = integer ? (x, y) => (y === 0 ? null : x % y) : (x, y) => x % y;
  }
  const timespanResult = result === 'timespan' && (lt === 'timespan' || rt === 'timespan') && (isNumericType(lt) || isNumericType(rt));
  return (row) => {
    const x = ln(left(row));
    const y = rn(right(row));
    if (x === null || y === null) return null;
    const v = op(x as number, y as number);
    if (v === null) return null;
    return integer || timespanResult ? Math.round(v) : v;
  };
}

/**
 * The right side of `in`, `has_any`, `has_all`: literal items, dynamic arrays (expanded) and
 * tabular expressions (their first column). Lists that don't read the row are evaluated once.
 */
function compileList(list: Kusto.Language.Syntax.ExpressionList, scope: Scope): (row: Value[]) => { values: Value[]; types: KqlType[] } {
  const items = elements<Expr>(list.Expressions);
  const parts = items.map((e) => {
    if (isTabular(e)) {
      return { eval: (): { values: Value[]; types: KqlType[] } => {
        const t = scope.tabular(e, scope.frame);
        const type = t.columns[0]?.type ?? 'string';
        return { values: t.rows.map((r) => r[0]), types: t.rows.map(() => type) };
      } };
    }
    const ev = compileScalar(e, scope);
    const t = typeOf(e);
    return { eval: (row: Value[]) => {
      const v = ev(row);
      if (t === 'dynamic' && Array.isArray(v)) return { values: v as Value[], types: v.map(() => 'dynamic' as KqlType) };
      return { values: [v], types: [t] };
    } };
  });
  const evalAll = (row: Value[]) => {
    const values: Value[] = [];
    const types: KqlType[] = [];
    for (const p of parts) { const r = p.eval(row); values.push(...r.values); types.push(...r.types); }
    return { values, types };
  };
  if (items.some((e) => dependsOnRow(e))) return evalAll;
  let memo: { values: Value[]; types: KqlType[] } | undefined;
  return (row) => (memo ??= evalAll(row));
}

function compileIn(e: Kusto.Language.Syntax.InExpression, scope: Scope, ignoreCase: boolean, negate: boolean): Evaluator {
  const left = compileScalar(e.Left as Expr, scope);
  const lt = typeOf(e.Left as Expr);
  const list = compileList(e.Right as Kusto.Language.Syntax.ExpressionList, scope);
  const norm = (v: Value, t: KqlType): string => {
    let x: Value = v;
    if (lt === 'string' || ignoreCase) x = t === 'dynamic' ? (typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v)) : toStringValue(v, t);
    else if (t !== lt) x = t === 'dynamic' ? fromDynamic(v, lt) : convert(v, t, lt);
    if (ignoreCase && typeof x === 'string') x = x.toLowerCase();
    return keyOf(x);
  };
  let lastValues: Value[] | undefined;
  let set = new Set<string>();
  return (row) => {
    const { values, types } = list(row);
    if (values !== lastValues) {
      set = new Set(values.map((v, i) => norm(v, types[i])));
      lastValues = values;
    }
    const v = left(row);
    if (v === null && lt !== 'string') return negate ? true : false;
    const hit = set.has(norm(v, lt));
    return negate ? !hit : hit;
  };
}

function compileHasAnyAll(e: Kusto.Language.Syntax.HasAnyExpression, scope: Scope, all: boolean): Evaluator {
  const left = compileScalar(e.Left as Expr, scope);
  const lt = typeOf(e.Left as Expr);
  const list = compileList(e.Right as Kusto.Language.Syntax.ExpressionList, scope);
  return (row) => {
    const { values, types } = list(row);
    const h = toStringValue(left(row), lt);
    const needles = values.map((v, i) => toStringValue(v, types[i] === 'dynamic' && typeof v === 'string' ? 'string' : types[i]));
    if (needles.length === 0) return false;
    return all ? needles.every((n) => S.has(h, n)) : needles.some((n) => S.has(h, n));
  };
}
