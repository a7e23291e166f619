/** where, take/limit, count, distinct, sort/order, top, serialize, render, print, range, getschema. */
import { clrTypeName } from '../../clrTypes';
import { QueryError } from '../errors';
import { literalValue } from '../literals';
import { compileScalar, type RowCursor } from '../scalar';
import { usesRowPosition } from './project';
import { allowParameters, elements, kind, namedParameters, resultColumns, textOf, unnamed, type Expr } from '../syntax';
import { scopeFor, type Env } from '../tabular';
import { compareValues, keyOf, type Row, type Table, type Value } from '../values';

export function filterOperator(op: Kusto.Language.Syntax.FilterOperator, input: Table, env: Env): Table {
  const cursor: RowCursor | undefined = usesRowPosition(op) ? { rows: input.rows, index: 0 } : undefined;
  const test = compileScalar(op.Condition as Expr, { ...scopeFor(env, input.columns), cursor });
  return { columns: input.columns, rows: input.rows.filter((r, i) => { if (cursor) cursor.index = i; return test(r) === true; }) };
}

function constantCount(expr: Expr, env: Env): number {
  const v = compileScalar(expr, scopeFor(env, []))([]);
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new QueryError(`'${textOf(expr)}' is not a valid row count`, 'semantic', expr.TextStart);
  return Math.floor(n);
}

export function takeOperator(op: Kusto.Language.Syntax.TakeOperator, input: Table, env: Env): Table {
  return { columns: input.columns, rows: input.rows.slice(0, constantCount(op.Expression as Expr, env)) };
}

export function countOperator(op: Kusto.Language.Syntax.CountOperator, input: Table): Table {
  return { columns: resultColumns(op), rows: [[input.rows.length]] };
}

export function distinctOperator(op: Kusto.Language.Syntax.DistinctOperator, input: Table, env: Env): Table {
  const columns = resultColumns(op);
  const exprs = elements<Expr>(op.Expressions);
  const scope = scopeFor(env, input.columns);
  const readers = exprs.length === 1 && kind(exprs[0]) === 'StarExpression'
    ? input.columns.map((_, i) => (r: Row) => r[i])
    : exprs.map((e) => compileScalar(unnamed(e), scope));
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const r of input.rows) {
    const out = readers.map((f) => f(r));
    const key = out.map(keyOf).join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(out);
  }
  return { columns, rows };
}

interface SortKey { readonly read: (r: Row) => Value; readonly desc: boolean; readonly nullsFirst: boolean }

export function sortKeys(exprs: Expr[], env: Env, columns: Table['columns']): SortKey[] {
  const scope = scopeFor(env, columns);
  return exprs.map((e) => {
    let inner = e;
    let desc = true;
    let nulls: string | undefined;
    if (kind(e) === 'OrderedExpression') {
      const o = e as Kusto.Language.Syntax.OrderedExpression;
      inner = o.Expression as Expr;
      const dir = o.Ordering?.AscOrDescKeyword?.Text?.toLowerCase();
      if (dir === 'asc') desc = false;
      nulls = o.Ordering?.NullsClause?.FirstOrLastKeyword?.Text?.toLowerCase();
    }
    return { read: compileScalar(inner, scope), desc, nullsFirst: nulls ? nulls === 'first' : !desc };
  });
}

export function compareRows(keys: SortKey[]): (a: { k: Value[] }, b: { k: Value[] }) => number {
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.k[i], y = b.k[i];
      const xn = x === null, yn = y === null;
      if (xn || yn) {
        if (xn && yn) continue;
        return (xn ? -1 : 1) * (keys[i].nullsFirst ? 1 : -1);
      }
      const c = compareValues(x, y);
      if (c !== 0) return keys[i].desc ? -c : c;
    }
    return 0;
  };
}

function sorted(input: Table, keys: SortKey[]): Row[] {
  const decorated = input.rows.map((r) => ({ r, k: keys.map((key) => key.read(r)) }));
  decorated.sort(compareRows(keys));
  return decorated.map((d) => d.r);
}

export function sortOperator(op: Kusto.Language.Syntax.SortOperator, input: Table, env: Env): Table {
  allowParameters(namedParameters(op.Parameters), [], 'sort');
  return { columns: input.columns, rows: sorted(input, sortKeys(elements<Expr>(op.Expressions), env, input.columns)) };
}

export function topOperator(op: Kusto.Language.Syntax.TopOperator, input: Table, env: Env): Table {
  const n = constantCount(op.Expression as Expr, env);
  return { columns: input.columns, rows: sorted(input, sortKeys([op.ByExpression as Expr], env, input.columns)).slice(0, n) };
}

export function serializeOperator(op: Kusto.Language.Syntax.SerializeOperator, input: Table, env: Env): Table {
  if (elements(op.Expressions).length > 0) {
    // serialize x = expr is extend after serialization
    throw new QueryError("'serialize' with new columns is not supported by the offline emulator", 'unsupported', op.TextStart);
  }
  void env;
  return input;
}

export function renderOperator(op: Kusto.Language.Syntax.RenderOperator, input: Table, env: Env): Table {
  const properties: Record<string, string> = {};
  for (const p of elements<Kusto.Language.Syntax.NamedParameter>(op.WithClause?.Properties)) {
    const e = p.Expression as Expr | null;
    properties[p.Name?.SimpleName ?? ''] = e && kind(e) === 'StringLiteralExpression' ? String(literalValue(e)) : textOf(e).trim();
  }
  env.ctx.hints.render = { visualization: op.ChartType?.Text ?? 'table', properties };
  return input;
}

export function printOperator(op: Kusto.Language.Syntax.PrintOperator, _input: Table, env: Env): Table {
  const scope = scopeFor(env, []);
  const row = elements<Expr>(op.Expressions).map((e) => compileScalar(unnamed(e), scope)([]));
  return { columns: resultColumns(op), rows: [row] };
}

export function rangeOperator(op: Kusto.Language.Syntax.RangeOperator, _input: Table, env: Env): Table {
  const scope = scopeFor(env, []);
  const from = compileScalar(op.From as Expr, scope)([]) as number;
  const to = compileScalar(op.To as Expr, scope)([]) as number;
  const step = compileScalar(op.Step as Expr, scope)([]) as number;
  if (from === null || to === null || !step) throw new QueryError("'range' needs non-null from, to and step", 'semantic', op.TextStart);
  const rows: Row[] = [];
  for (let v = from; step > 0 ? v <= to : v >= to; v += step) {
    rows.push([v]);
    if (rows.length > env.ctx.maxIntermediateRows) throw new QueryError('Query stopped due to excessive resource consumption.', 'limit', op.TextStart);
  }
  return { columns: resultColumns(op), rows };
}

export function getSchemaOperator(op: Kusto.Language.Syntax.GetSchemaOperator, input: Table): Table {
  return {
    columns: resultColumns(op),
    rows: input.columns.map((c, i) => [c.name, i, `System.${clrTypeName(c.type) === 'Object' ? 'Object' : clrTypeName(c.type)}`, c.type]),
  };
}
