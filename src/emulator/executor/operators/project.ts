/**
 * project, extend, project-away/-keep/-reorder, project-rename. Output column names and types are
 * the ones Kusto.Language computed for the operator (`Column1`, `a_b`, renamed duplicates), so
 * only the values are computed here.
 */
import type { Evaluator } from '../context';
import { QueryError, UnsupportedError } from '../errors';
import { compileScalar, rowScope, type RowCursor } from '../scalar';
import { declaredName, elements, isOpenSchema, kind, outputColumns, resultColumns, textOf, unnamed, type Expr } from '../syntax';
import { scopeFor, type Env } from '../tabular';
import type { Column, Row, Table } from '../values';

function mismatch(op: Kusto.Language.Syntax.SyntaxNode, what: string): never {
  throw new QueryError(`internal: ${what} does not match the operator's columns`, 'runtime', op.TextStart);
}

/** True when an operator's expressions use row_number()/prev()/next(). */
export function usesRowPosition(op: Kusto.Language.Syntax.SyntaxNode): boolean {
  let found = false;
  op.WalkElements((e) => {
    if (!found && kind(e) === 'FunctionCallExpression' && ['row_number', 'prev', 'next'].includes((e as Kusto.Language.Syntax.FunctionCallExpression).Name?.SimpleName ?? '')) found = true;
  });
  return found;
}

export function projectOperator(op: Kusto.Language.Syntax.ProjectOperator, input: Table, env: Env): Table {
  const columns = resultColumns(op);
  const cursor: RowCursor | undefined = usesRowPosition(op) ? { rows: input.rows, index: 0 } : undefined;
  const scope = { ...scopeFor(env, input.columns), cursor };
  const exprs = elements<Expr>(op.Expressions);
  const evals: Evaluator[] = exprs.map((e) => {
    if (kind(e) === 'CompoundNamedExpression') throw new UnsupportedError("'project (a, b) = ...'", e.TextStart);
    return compileScalar(unnamed(e), scope);
  });
  if (evals.length !== columns.length) mismatch(op, 'project');
  return { columns, rows: input.rows.map((r, i) => { if (cursor) cursor.index = i; return evals.map((f) => f(r)); }) };
}

export function extendOperator(op: Kusto.Language.Syntax.ExtendOperator, input: Table, env: Env): Table {
  const columns = outputColumns(op, input.columns);
  const outIndex = new Map(columns.map((c, i) => [c.name, i]));
  const exprs = elements<Expr>(op.Expressions);
  const declared = new Set(exprs.map(declaredName).filter((n): n is string => !!n));
  const inputNames = new Set(input.columns.map((c) => c.name));
  const generated = columns.filter((c) => !inputNames.has(c.name) && !declared.has(c.name)).map((c) => c.name);
  // expressions see the columns computed before them in the same extend
  const cursor: RowCursor | undefined = usesRowPosition(op) ? { rows: [], index: 0 } : undefined;
  const scope = { ...rowScope({ ctx: env.ctx, frame: env.frame, tabular: scopeFor(env, []).tabular }, columns), cursor };
  const steps = exprs.map((e) => {
    if (kind(e) === 'CompoundNamedExpression') throw new UnsupportedError("'extend (a, b) = ...'", e.TextStart);
    const name = declaredName(e) ?? (kind(e) === 'NameReference' ? (e as Kusto.Language.Syntax.NameReference).SimpleName ?? '' : generated.shift());
    const target = name === undefined ? undefined : outIndex.get(name);
    if (target === undefined) mismatch(op, 'extend');
    return { target, ev: compileScalar(unnamed(e), scope) };
  });
  const copy = copier(input.columns, columns);
  const rows = input.rows.map(copy);
  if (cursor) cursor.rows = input.rows.map(copy);
  rows.forEach((out, i) => {
    if (cursor) cursor.index = i;
    for (const s of steps) out[s.target] = s.ev(out);
  });
  return { columns, rows };
}

/** Copies input values into a row laid out as `to`, by column name. */
function copier(from: readonly Column[], to: readonly Column[]): (r: Row) => Row {
  const fromIndex = new Map(from.map((c, i) => [c.name, i]));
  const pairs: [number, number][] = [];
  to.forEach((c, i) => { const j = fromIndex.get(c.name); if (j !== undefined) pairs.push([i, j]); });
  const n = to.length;
  return (r) => {
    const out: Row = new Array(n).fill(null);
    for (const [i, j] of pairs) out[i] = r[j];
    return out;
  };
}

/** project-away, project-keep, project-reorder: the output columns are picked by name. */
export function reshapeOperator(op: Kusto.Language.Syntax.QueryOperator, input: Table): Table {
  const columns = isOpenSchema(op) ? openReshape(op, input.columns) : resultColumns(op);
  const fromIndex = new Map(input.columns.map((c, i) => [c.name, i]));
  const picks = columns.map((c) => {
    const i = fromIndex.get(c.name);
    if (i === undefined) mismatch(op, `column '${c.name}'`);
    return i;
  });
  return { columns, rows: input.rows.map((r) => picks.map((i) => r[i])) };
}

/** Over an open schema (after bag_unpack) the listed names and wildcards are applied to the runtime columns. */
function openReshape(op: Kusto.Language.Syntax.QueryOperator, input: readonly Column[]): Column[] {
  const patterns = elements<Expr>((op as Kusto.Language.Syntax.ProjectAwayOperator).Expressions).map((e) => {
    const text = textOf(unnamed(e)).trim().replace(/^\[['"](.*)['"]\]$/, '$1');
    return new RegExp('^' + text.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  });
  const matches = (c: Column) => patterns.some((p) => p.test(c.name));
  switch (kind(op)) {
    case 'ProjectAwayOperator': return input.filter((c) => !matches(c));
    case 'ProjectKeepOperator': return input.filter(matches);
    default: {
      const first = patterns.flatMap((p) => input.filter((c) => p.test(c.name)));
      const seen = new Set(first.map((c) => c.name));
      return [...first.filter((c, i) => first.findIndex((x) => x.name === c.name) === i), ...input.filter((c) => !seen.has(c.name))];
    }
  }
}

export function renameOperator(op: Kusto.Language.Syntax.ProjectRenameOperator, input: Table): Table {
  const columns = resultColumns(op);
  const renamed = new Map<string, string>();
  for (const e of elements<Expr>(op.Expressions)) {
    const to = declaredName(e);
    const from = unnamed(e);
    if (to && kind(from) === 'NameReference') renamed.set(to, (from as Kusto.Language.Syntax.NameReference).SimpleName ?? '');
  }
  const sources = new Set(renamed.values());
  const fromIndex = new Map(input.columns.map((c, i) => [c.name, i]));
  const picks = columns.map((c) => {
    const src = renamed.get(c.name) ?? (sources.has(c.name) ? undefined : c.name);
    const i = src === undefined ? undefined : fromIndex.get(src);
    if (i === undefined) mismatch(op, `column '${c.name}'`);
    return i;
  });
  return { columns, rows: input.rows.map((r) => picks.map((i) => r[i])) };
}
