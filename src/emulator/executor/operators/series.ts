/** make-series and top-nested. */
import { compileAggregate, type Accumulator } from '../aggregates';
import { callName } from '../calls';
import { QueryError, UnsupportedError } from '../errors';
import { compileScalar } from '../scalar';
import { allowParameters, elements, kind, namedParameters, resultColumns, typeOf, unnamed, type Expr } from '../syntax';
import { scopeFor, type Env } from '../tabular';
import { keyOf, toDynamic, type Row, type Table, type Value } from '../values';

/**
 * make-series Agg [default=x], ... on Axis from A to B step S [by keys]: one row per key with one
 * array per aggregate (a value per step of the axis, `default` where a bin is empty) and the axis.
 */
export function makeSeriesOperator(op: Kusto.Language.Syntax.MakeSeriesOperator, input: Table, env: Env): Table {
  allowParameters(namedParameters(op.Parameters), [], 'make-series');
  const columns = resultColumns(op);
  const scope = scopeFor(env, input.columns);
  const constant = (e: Expr | null | undefined) => (e ? compileScalar(e, scopeFor(env, []))([]) : null);
  const range = op.RangeClause as Kusto.Language.Syntax.SyntaxNode;
  let from: Value, to: Value, step: Value;
  if (kind(range) === 'MakeSeriesFromToStepClause') {
    const r = range as Kusto.Language.Syntax.MakeSeriesFromToStepClause;
    from = constant(r.MakeSeriesFromClause?.Expression);
    to = constant(r.MakeSeriesToClause?.Expression);
    step = constant(r.MakeSeriesStepClause?.Expression);
  } else if (kind(range) === 'MakeSeriesInRangeClause') {
    [from, to, step] = elements<Expr>((range as Kusto.Language.Syntax.MakeSeriesInRangeClause).Arguments?.Expressions).map(constant);
  } else throw new UnsupportedError("make-series without 'from ... to ... step' or 'in range(...)'", op.TextStart);
  if (typeof from !== 'number' || typeof to !== 'number' || typeof step !== 'number' || step <= 0) {
    throw new QueryError("make-series needs a constant 'from', 'to' and positive 'step'", 'semantic', op.TextStart);
  }
  const bins = Math.max(0, Math.ceil((to - from) / step));
  if (bins > 100_000) throw new QueryError('make-series: too many bins', 'limit', op.TextStart);
  const axis = compileScalar(op.OnClause?.Expression as Expr, scope);
  const axisType = typeOf(op.OnClause?.Expression as Expr);
  const keys = elements<Expr>(op.ByClause?.Expressions).map((e) => compileScalar(unnamed(e), scope));
  const aggregates = elements<Kusto.Language.Syntax.MakeSeriesExpression>(op.Aggregates).map((m) => {
    const call = unnamed(m.Expression as Expr) as Kusto.Language.Syntax.FunctionCallExpression;
    if (kind(call) !== 'FunctionCallExpression') throw new UnsupportedError('make-series over an expression of aggregates', m.TextStart);
    const agg = compileAggregate(call, scope);
    const fallback = m.DefaultExpression ? constant(m.DefaultExpression.Expression) : ['count', 'countif', 'dcount', 'dcountif', 'sum', 'sumif'].includes(callName(call)) ? 0 : null;
    return { agg, fallback };
  });
  if (columns.length !== keys.length + aggregates.length + 1) throw new QueryError('internal: make-series column count', 'runtime', op.TextStart);
  const groups = new Map<string, { keys: Value[]; acc: (Accumulator | undefined)[][] }>();
  for (const row of input.rows) {
    const t = axis(row);
    if (typeof t !== 'number' || t < from || t >= to) continue;
    const bin = Math.floor((t - from) / step);
    const k = keys.map((f) => f(row));
    const id = k.map(keyOf).join('\u0001');
    let g = groups.get(id);
    if (!g) { g = { keys: k, acc: aggregates.map(() => new Array(bins)) }; groups.set(id, g); }
    aggregates.forEach((a, i) => { const slot = (g as { acc: (Accumulator | undefined)[][] }).acc[i]; (slot[bin] ??= a.agg.create()).add(row); });
  }
  const axisValues = Array.from({ length: bins }, (_, i) => toDynamic(from as number + i * (step as number), axisType));
  const rows: Row[] = [...groups.values()].map((g) => [
    ...g.keys,
    ...aggregates.map((a, i) => Array.from({ length: bins }, (_, b) => { const acc = g.acc[i][b]; return acc ? acc.result()[0] : a.fallback; })),
    axisValues,
  ]);
  return { columns, rows };
}


/**
 * top-nested N of Col by Agg [asc|desc], ...: the N best values of Col by the aggregate, and within
 * each, the next clause's best values (no `with others`).
 */
export function topNestedOperator(op: Kusto.Language.Syntax.TopNestedOperator, input: Table, env: Env): Table {
  const columns = resultColumns(op);
  const scope = scopeFor(env, input.columns);
  const clauses = elements<Kusto.Language.Syntax.TopNestedClause>(op.Clauses).map((c) => {
    if (c.WithOthersClause) throw new UnsupportedError("top-nested 'with others'", c.TextStart);
    let byExpr = c.ByExpression as Expr;
    let desc = true;
    if (kind(byExpr) === 'OrderedExpression') {
      desc = (byExpr as Kusto.Language.Syntax.OrderedExpression).Ordering?.AscOrDescKeyword?.Text?.toLowerCase() !== 'asc';
      byExpr = (byExpr as Kusto.Language.Syntax.OrderedExpression).Expression as Expr;
    }
    const call = unnamed(byExpr) as Kusto.Language.Syntax.FunctionCallExpression;
    if (kind(call) !== 'FunctionCallExpression') throw new UnsupportedError('top-nested by a non-aggregate expression', c.TextStart);
    return {
      n: c.Expression ? Number(compileScalar(c.Expression, scopeFor(env, []))([])) : Infinity,
      of: compileScalar(unnamed(c.OfExpression as Expr), scope),
      agg: compileAggregate(call, scope),
      desc,
    };
  });
  const rows: Row[] = [];
  const level = (rowsIn: readonly Row[], depth: number, prefix: Value[]) => {
    const c = clauses[depth];
    const groups = new Map<string, { key: Value; rows: Row[]; acc: Accumulator }>();
    for (const r of rowsIn) {
      const key = c.of(r);
      const id = keyOf(key);
      let g = groups.get(id);
      if (!g) { g = { key, rows: [], acc: c.agg.create() }; groups.set(id, g); }
      g.rows.push(r);
      g.acc.add(r);
    }
    const ranked = [...groups.values()].map((g) => ({ ...g, value: g.acc.result()[0] }))
      .sort((a, b) => { const x = a.value as number, y = b.value as number; return c.desc ? y - x : x - y; })
      .slice(0, c.n);
    for (const g of ranked) {
      const here = [...prefix, g.key, g.value];
      if (depth + 1 < clauses.length) level(g.rows, depth + 1, here); else rows.push(here);
    }
  };
  level(input.rows, 0, []);
  if (rows[0] && rows[0].length !== columns.length) throw new QueryError('internal: top-nested column count', 'runtime', op.TextStart);
  return { columns, rows };
}
