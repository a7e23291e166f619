/**
 * summarize: groups rows by the `by` expressions and runs the aggregates per group. Aggregates
 * may sit inside scalar expressions (`summarize x = dcount(a) * 2`, `tostring(make_set(b))`):
 * each aggregate call becomes a slot that the surrounding expression reads.
 */
import { AGGREGATE_NAMES } from '../aggregateNames';
import { compileAggregate, type Accumulator, type CompiledAggregate } from '../aggregates';
import { callName } from '../calls';
import type { Evaluator } from '../context';
import { QueryError } from '../errors';
import { compileScalar, type Scope } from '../scalar';
import { allowParameters, elements, kind, namedParameters, resultColumns, unnamed, type Expr } from '../syntax';
import { scopeFor, type Env } from '../tabular';
import { keyOf, type Row, type Table, type Value } from '../values';

type Call = Kusto.Language.Syntax.FunctionCallExpression;

interface AggregateColumnGroup {
  readonly aggregates: CompiledAggregate[];
  /** Computes the output value(s) from the aggregates' results. */
  readonly finish: (results: Value[][]) => Value[];
  readonly width: number;
}

function isAggregateCall(node: Kusto.Language.Syntax.SyntaxElement): node is Call {
  return kind(node) === 'FunctionCallExpression' && AGGREGATE_NAMES.has(callName(node as Call));
}

/** Compiles one item of the aggregate list. */
export function compileAggregateItem(expr: Expr, scope: Scope): AggregateColumnGroup {
  const body = unnamed(expr);
  if (isAggregateCall(body) && !scope.frame.get(callName(body))) {
    const agg = compileAggregate(body, scope);
    return { aggregates: [agg], finish: (r) => r[0], width: agg.width };
  }
  // an expression over aggregates: replace each aggregate call with a slot
  const calls: Call[] = [];
  body.WalkElements((e) => { if (isAggregateCall(e) && !calls.some((c) => c.IsAncestorOf(e))) calls.push(e); });
  if (calls.length === 0) throw new QueryError('Summarize expression must contain an aggregation function', 'semantic', expr.TextStart);
  const aggregates = calls.map((c) => compileAggregate(c, scope));
  let current: Value[][] = [];
  const slots = new Map<Call, Evaluator>(calls.map((c, i) => [c, () => current[i][0]]));
  const outer = compileScalar(body, { ...scope, aggregateSlot: (c) => slots.get(c) });
  return { aggregates, width: 1, finish: (results) => { current = results; return [outer([])]; } };
}

export function summarizeOperator(op: Kusto.Language.Syntax.SummarizeOperator, input: Table, env: Env): Table {
  allowParameters(namedParameters(op.Parameters), [], 'summarize');
  const columns = resultColumns(op);
  const scope = scopeFor(env, input.columns);
  const keys = elements<Expr>(op.ByClause?.Expressions).map((e) => compileScalar(unnamed(e), scope));
  const items = elements<Expr>(op.Aggregates).map((e) => compileAggregateItem(e, scope));
  const width = keys.length + items.reduce((n, it) => n + it.width, 0);
  if (width !== columns.length) throw new QueryError(`internal: summarize yields ${width} columns for ${columns.length}`, 'runtime', op.TextStart);

  const groups = new Map<string, { keys: Value[]; acc: Accumulator[][] }>();
  const newGroup = (k: Value[]) => ({ keys: k, acc: items.map((it) => it.aggregates.map((a) => a.create())) });
  for (const row of input.rows) {
    const k = keys.map((f) => f(row));
    const id = k.length === 1 ? keyOf(k[0]) : k.map(keyOf).join('\u0001');
    let g = groups.get(id);
    if (!g) { g = newGroup(k); groups.set(id, g); }
    for (const accs of g.acc) for (const a of accs) a.add(row);
  }
  // no `by`: one row even over no input (count() = 0), as in Kusto
  if (keys.length === 0 && groups.size === 0) groups.set('', newGroup([]));
  const rows: Row[] = [];
  for (const g of groups.values()) {
    const out: Row = [...g.keys];
    g.acc.forEach((accs, i) => out.push(...items[i].finish(accs.map((a) => a.result()))));
    rows.push(out);
  }
  return { columns, rows };
}
