/**
 * mv-expand: one output row per element of the expanded arrays (or bag entries), expanded in
 * parallel; a null value gives one row with null, an empty array or bag gives none.
 */
import { loadKusto } from '../../../kusto/kusto';
import { QueryError, UnsupportedError } from '../errors';
import { compileScalar } from '../scalar';
import { allowParameters, declaredName, elements, kind, namedParameters, parameterText, outputColumns, textOf, typeOf, unnamed, type Expr } from '../syntax';
import { scopeFor, type Env } from '../tabular';
import { fromDynamic, normalizeType, type Row, type Table, type Value } from '../values';

export function mvExpandOperator(op: Kusto.Language.Syntax.MvExpandOperator, input: Table, env: Env): Table {
  const params = namedParameters(op.Parameters);
  allowParameters(params, ['bagexpansion', 'kind', 'with_itemindex'], 'mv-expand');
  const bagAsArray = (parameterText(params, 'bagexpansion') ?? parameterText(params, 'kind')) === 'array';
  const indexColumn = parameterText(params, 'with_itemindex', true);
  const columns = outputColumns(op, input.columns);
  const outIndex = new Map(columns.map((c, i) => [c.name, i]));
  const scope = scopeFor(env, input.columns);
  const limit = op.RowLimitClause ? Number(compileScalar(op.RowLimitClause.RowLimit as Expr, scope)([])) : Infinity;

  const list = elements<Kusto.Language.Syntax.MvExpandExpression>(op.Expressions);
  const inputNames = new Set(input.columns.map((c) => c.name));
  const declared = new Set(list.map((mv) => declaredName(mv.Expression as Expr)).filter((n): n is string => !!n));
  // unnamed expressions get the names Kusto.Language generated: the new columns, in order
  const generated = columns.filter((c) => !inputNames.has(c.name) && !declared.has(c.name) && c.name !== indexColumn).map((c) => c.name);
  const expansions = list.map((mv) => {
    const e = mv.Expression as Expr;
    const kustoName = loadKusto().Language.KustoFacts.GetExpressionResultName(unnamed(e), null, null) ?? undefined;
    const name = declaredName(e) ?? (kind(unnamed(e)) === 'NameReference' ? (unnamed(e) as Kusto.Language.Syntax.NameReference).SimpleName ?? ''
      : kustoName && outIndex.has(kustoName) ? kustoName : generated.shift());
    if (name === undefined) throw new UnsupportedError(`mv-expand of the unnamed expression '${textOf(e)}'`, e.TextStart);
    const target = outIndex.get(name);
    if (target === undefined) throw new QueryError(`internal: mv-expand column '${name}'`, 'runtime', e.TextStart);
    const toType = mv.ToTypeOf ? normalizeType(textOf(mv.ToTypeOf.TypeOf).replace(/^typeof\s*\((.*)\)$/s, '$1').trim()) : 'dynamic';
    const sourceType = typeOf(unnamed(e));
    return { target, ev: compileScalar(unnamed(e), scope), toType, sourceType };
  });
  const indexTarget = indexColumn ? outIndex.get(indexColumn) : undefined;

  const inputIndex = new Map(input.columns.map((c, i) => [c.name, i]));
  const copies = columns.map((c) => inputIndex.get(c.name));
  const rows: Row[] = [];
  for (const r of input.rows) {
    const lists = expansions.map((x) => elementsOf(x.sourceType === 'string' ? parseMaybe(x.ev(r)) : x.ev(r), bagAsArray));
    const n = Math.min(limit, Math.max(...lists.map((l) => l.length)));
    for (let k = 0; k < n; k++) {
      const out: Row = copies.map((i) => (i === undefined ? null : r[i]));
      expansions.forEach((x, j) => { out[x.target] = fromDynamic(k < lists[j].length ? lists[j][k] : null, x.toType); });
      if (indexTarget !== undefined) out[indexTarget] = k;
      rows.push(out);
    }
    if (rows.length > env.ctx.maxIntermediateRows) throw new QueryError('Query stopped. Adjust use of the mv-expand operator to avoid excessive resource consumption.', 'limit', op.TextStart);
  }
  return { columns, rows };
}

function parseMaybe(v: Value): unknown {
  if (typeof v !== 'string') return v;
  try { return JSON.parse(v); } catch { return v; }
}

function elementsOf(v: unknown, bagAsArray: boolean): unknown[] {
  if (v === null || v === undefined) return [null];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
  return [v];
}
