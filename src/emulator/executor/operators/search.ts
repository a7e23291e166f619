/** search and find: predicates over several tables at once, with a column naming each row's source. */
import { toArray } from '../../../kusto/kusto';
import { UnsupportedError } from '../errors';
import { compileScalar, rowScope, symbolKind } from '../scalar';
import { allowParameters, elements, kind, namedParameters, parameterText, resultColumns, type Expr } from '../syntax';
import { evalTabular, scopeFor, type Env } from '../tabular';
import { nullOf, type Column, type Row, type Table } from '../values';

function textName(e: Expr | null | undefined): string {
  return e && kind(e) === 'NameReference' ? (e as Kusto.Language.Syntax.NameReference).SimpleName ?? '' : '';
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
