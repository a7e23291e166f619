/**
 * join (inner, innerunique, leftouter, rightouter, fullouter, leftsemi, leftanti, rightsemi,
 * rightanti) and lookup, as hash joins on equality keys: `on Col`, `on $left.A == $right.B`.
 */
import type { Evaluator } from '../context';
import { QueryError, UnsupportedError } from '../errors';
import { compileScalar } from '../scalar';
import { allowParameters, elements, kind, namedParameters, parameterText, resultColumns, textOf, type Expr } from '../syntax';
import { evalTabular, scopeFor, type Env } from '../tabular';
import { keyOf, nullOf, type Row, type Table } from '../values';

type Side = 'left' | 'right';

interface KeyPair { left: Evaluator; right: Evaluator; rightColumn?: string }

/** The equality keys of an `on` clause. */
function joinKeys(clause: Kusto.Language.Syntax.JoinConditionClause | null, left: Table, right: Table, env: Env): KeyPair[] {
  if (!clause || kind(clause) !== 'JoinOnClause') throw new UnsupportedError("'join ... where' (only 'join ... on' is supported)", clause?.TextStart);
  const leftScope = scopeFor(env, left.columns);
  const rightScope = scopeFor(env, right.columns);
  const sideOf = (e: Expr): Side | undefined => {
    if (kind(e) !== 'PathExpression') return undefined;
    const head = textOf((e as Kusto.Language.Syntax.PathExpression).Expression).replace(/\s+/g, '');
    return head === '$left' ? 'left' : head === '$right' ? 'right' : undefined;
  };
  const selector = (e: Expr) => (e as Kusto.Language.Syntax.PathExpression).Selector as Expr;
  // `on $left.a == $right.b and $left.c == $right.d` is the same as a comma list
  const flatten = (e: Expr): Expr[] => (kind(e) === 'AndExpression'
    ? [...flatten((e as Kusto.Language.Syntax.BinaryExpression).Left as Expr), ...flatten((e as Kusto.Language.Syntax.BinaryExpression).Right as Expr)]
    : kind(e) === 'ParenthesizedExpression' ? flatten((e as Kusto.Language.Syntax.ParenthesizedExpression).Expression as Expr) : [e]);
  return elements<Expr>((clause as Kusto.Language.Syntax.JoinOnClause).Expressions).flatMap(flatten).map((e) => {
    if (kind(e) === 'NameReference') {
      return { left: compileScalar(e, leftScope), right: compileScalar(e, rightScope), rightColumn: (e as Kusto.Language.Syntax.NameReference).SimpleName ?? undefined };
    }
    if (kind(e) === 'EqualExpression') {
      const b = e as Kusto.Language.Syntax.BinaryExpression;
      const l = b.Left as Expr, r = b.Right as Expr;
      const ls = sideOf(l), rs = sideOf(r);
      if (ls && rs && ls !== rs) {
        const [le, re] = ls === 'left' ? [l, r] : [r, l];
        const rightSel = selector(re);
        return {
          left: compileScalar(selector(le), leftScope),
          right: compileScalar(rightSel, rightScope),
          rightColumn: kind(rightSel) === 'NameReference' ? (rightSel as Kusto.Language.Syntax.NameReference).SimpleName ?? undefined : undefined,
        };
      }
    }
    throw new UnsupportedError(`The join condition '${textOf(e)}'`, e.TextStart);
  });
}

function keyFunction(readers: Evaluator[]): (r: Row) => string | undefined {
  return (r) => {
    let k = '';
    for (const f of readers) {
      const v = f(r);
      if (v === null) return undefined; // null keys never match
      k += keyOf(v) + '\u0001';
    }
    return k;
  };
}

function guard(count: number, env: Env, op: Kusto.Language.Syntax.SyntaxNode): void {
  if (count > env.ctx.maxIntermediateRows) {
    throw new QueryError(`Query stopped. Adjust use of the join operator to avoid excessive resource consumption.`, 'limit', op.TextStart);
  }
}

export function joinOperator(op: Kusto.Language.Syntax.JoinOperator, left: Table, env: Env): Table {
  const params = namedParameters(op.Parameters);
  allowParameters(params, ['kind'], 'join');
  const joinKind = (parameterText(params, 'kind') ?? 'innerunique').replace(/^anti$/, 'leftanti').replace(/^(left|right)antisemi$/, '$1anti').replace(/^semi$/, 'leftsemi');
  const right = evalTabular(op.Expression as Expr, env);
  const keys = joinKeys(op.ConditionClause, left, right, env);
  const lk = keyFunction(keys.map((k) => k.left));
  const rk = keyFunction(keys.map((k) => k.right));
  const columns = resultColumns(op);

  const index = new Map<string, Row[]>();
  for (const r of right.rows) {
    const k = rk(r);
    if (k === undefined) continue;
    const list = index.get(k);
    if (list) list.push(r); else index.set(k, [r]);
  }
  let leftRows = left.rows;
  if (joinKind === 'innerunique') {
    const seen = new Set<string>();
    leftRows = left.rows.filter((r) => { const k = lk(r); if (k === undefined || seen.has(k)) return false; seen.add(k); return true; });
  }
  const nullLeft = left.columns.map((c) => nullOf(c.type));
  const nullRight = right.columns.map((c) => nullOf(c.type));
  const rows: Row[] = [];
  const matchedRight = new Set<Row>();

  switch (joinKind) {
    case 'inner': case 'innerunique': case 'leftouter': case 'rightouter': case 'fullouter': {
      if (columns.length !== left.columns.length + right.columns.length) throw new QueryError('internal: join column count', 'runtime', op.TextStart);
      for (const l of leftRows) {
        const k = lk(l);
        const matches = k === undefined ? undefined : index.get(k);
        if (matches) {
          for (const r of matches) { rows.push([...l, ...r]); matchedRight.add(r); }
          guard(rows.length, env, op);
        } else if (joinKind === 'leftouter' || joinKind === 'fullouter') rows.push([...l, ...nullRight]);
      }
      if (joinKind === 'rightouter' || joinKind === 'fullouter') {
        for (const r of right.rows) if (!matchedRight.has(r)) rows.push([...nullLeft, ...r]);
      }
      return { columns, rows };
    }
    case 'leftsemi': case 'leftanti': {
      const want = joinKind === 'leftsemi';
      return { columns, rows: left.rows.filter((l) => { const k = lk(l); return (k !== undefined && index.has(k)) === want; }) };
    }
    case 'rightsemi': case 'rightanti': {
      const leftKeys = new Set(left.rows.map(lk).filter((k): k is string => k !== undefined));
      const want = joinKind === 'rightsemi';
      return { columns, rows: right.rows.filter((r) => { const k = rk(r); return (k !== undefined && leftKeys.has(k)) === want; }) };
    }
    default:
      throw new UnsupportedError(`The join kind '${joinKind}'`, op.TextStart);
  }
}

export function lookupOperator(op: Kusto.Language.Syntax.LookupOperator, left: Table, env: Env): Table {
  const params = namedParameters(op.Parameters);
  allowParameters(params, ['kind'], 'lookup');
  const lookupKind = parameterText(params, 'kind') ?? 'leftouter';
  if (lookupKind !== 'leftouter' && lookupKind !== 'inner') throw new UnsupportedError(`The lookup kind '${lookupKind}'`, op.TextStart);
  const right = evalTabular(op.Expression as Expr, env);
  const keys = joinKeys(op.LookupClause, left, right, env);
  const lk = keyFunction(keys.map((k) => k.left));
  const rk = keyFunction(keys.map((k) => k.right));
  const keyColumns = new Set(keys.map((k) => k.rightColumn).filter((n): n is string => !!n));
  const keep = right.columns.map((c, i) => ({ c, i })).filter(({ c }) => !keyColumns.has(c.name));
  const columns = resultColumns(op);
  if (columns.length !== left.columns.length + keep.length) throw new QueryError('internal: lookup column count', 'runtime', op.TextStart);
  const index = new Map<string, Row[]>();
  for (const r of right.rows) {
    const k = rk(r);
    if (k === undefined) continue;
    const list = index.get(k);
    if (list) list.push(r); else index.set(k, [r]);
  }
  const nulls = keep.map(({ c }) => nullOf(c.type));
  const rows: Row[] = [];
  for (const l of left.rows) {
    const k = lk(l);
    const matches = k === undefined ? undefined : index.get(k);
    if (matches) for (const r of matches) rows.push([...l, ...keep.map(({ i }) => r[i])]);
    else if (lookupKind === 'leftouter') rows.push([...l, ...nulls]);
    guard(rows.length, env, op);
  }
  return { columns, rows };
}
