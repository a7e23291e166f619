/** make-series, top-nested and find. */
import { compileAggregate, type Accumulator } from '../aggregates';
import { callName } from '../calls';
import { QueryError, UnsupportedError } from '../errors';
import { toArray } from '../../../kusto/kusto';
import { compileScalar, rowScope, symbolKind } from '../scalar';
import { allowParameters, elements, kind, namedParameters, parameterText, resultColumns, typeOf, unnamed, type Expr } from '../syntax';
import { evalTabular, scopeFor, type Env } from '../tabular';
import { keyOf, nullOf, toDynamic, type Column, type Row, type Table, type Value } from '../values';

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

function textName(e: Expr | null | undefined): string {
  return e && kind(e) === 'NameReference' ? (e as Kusto.Language.Syntax.NameReference).SimpleName ?? '' : '';
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

/**
 * search [in (T1, T2, ...)] <predicate>: rows of the piped table, the listed tables or every table
 * with data, where bare strings are terms looked up in every column; `$table` names the source.
 */
export function searchOperator(op: Kusto.Language.Syntax.SearchOperator, input: Table, env: Env): Table {
  const params = namedParameters(op.Parameters);
  allowParameters(params, ['kind'], 'search');
  if ((parameterText(params, 'kind') ?? 'case_insensitive') !== 'case_insensitive') throw new UnsupportedError('search kind=case_sensitive', op.TextStart);
  const piped = !!op.Parent && kind(op.Parent) === 'PipeExpression' && (op.Parent as Kusto.Language.Syntax.PipeExpression).Operator === op;
  let sources: { name: string; table: Table }[];
  if (piped) sources = [{ name: pipedName(op.Parent as Kusto.Language.Syntax.PipeExpression), table: input }];
  else if (op.InClause) sources = elements<Expr>(op.InClause.Expressions).flatMap((e) => tablesOf(e, env));
  else sources = (env.ctx.source.tableNames?.() ?? []).map((name) => ({ name, table: env.ctx.source.table(name) ?? { columns: [], rows: [] } }));
  return filterSources(op, op.Condition as Expr, sources, '$table', env);
}

function pipedName(pipe: Kusto.Language.Syntax.PipeExpression): string {
  return textName(pipe.Expression) || '';
}

function tablesOf(e: Expr, env: Env): { name: string; table: Table }[] {
  if (kind(e) === 'NameReference' && symbolKind(e) === 'Group') {
    return toArray<Kusto.Language.Symbols.Symbol>((e.ReferencedSymbol as unknown as { Members: unknown }).Members).map((t) => ({ name: t.Name ?? '', table: env.ctx.source.table(t.Name ?? '') ?? { columns: [], rows: [] } }));
  }
  return [{ name: textName(e) || 'union_arg', table: evalTabular(e, env) }];
}

/** Rows of several tables that satisfy `condition`, laid out as the operator's result columns. */
function filterSources(op: Kusto.Language.Syntax.QueryOperator, condition: Expr, sources: { name: string; table: Table }[], sourceColumnName: string, env: Env): Table {
  const columns = resultColumns(op);
  // the predicate sees every column of every table; columns a table lacks are null
  const all: Column[] = [];
  for (const s of sources) for (const c of s.table.columns) if (!all.some((x) => x.name === c.name)) all.push(c);
  const test = compileScalar(condition, rowScope(scopeFor(env, []), all));
  const sourceColumn = columns.findIndex((c) => c.name === sourceColumnName);
  const rows: Row[] = [];
  for (const s of sources) {
    const index = new Map(s.table.columns.map((c, i) => [c.name, i]));
    const widen = all.map((c) => index.get(c.name));
    const picks = columns.map((c) => index.get(c.name));
    for (const r of s.table.rows) {
      const wide = widen.map((i, k) => (i === undefined ? nullOf(all[k].type) : r[i]));
      if (test(wide) !== true) continue;
      rows.push(columns.map((c, k) => (k === sourceColumn ? s.name : picks[k] === undefined ? nullOf(c.type) : r[picks[k] as number])));
    }
  }
  return { columns, rows };
}

/** find in (T1, T2, ...) where <predicate> [project ...]: matching rows of every table, with `source_`. */
export function findOperator(op: Kusto.Language.Syntax.FindOperator, _input: Table, env: Env): Table {
  allowParameters(namedParameters(op.Parameters), ['withsource'], 'find');
  if (!op.InClause) throw new UnsupportedError("find without 'in (tables)'", op.TextStart);
  if (op.ProjectAway) throw new UnsupportedError('find ... project-away', op.TextStart);
  const sources = elements<Expr>(op.InClause.Expressions).flatMap((e) => tablesOf(e, env));
  return filterSources(op, op.Condition as Expr, sources, parameterText(namedParameters(op.Parameters), 'withsource', true) ?? 'source_', env);
}
