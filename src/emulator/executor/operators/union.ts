/**
 * union: concatenates tables, aligning columns by name; a name with different types in different
 * inputs becomes `name_type` columns, as Kusto.Language's result type says.
 */
import { toArray } from '../../../kusto/kusto';
import { UnsupportedError } from '../errors';
import { allowParameters, elements, kind, namedParameters, parameterText, resultColumns, type Expr } from '../syntax';
import { symbolKind } from '../scalar';
import { evalTabular, type Env } from '../tabular';
import { nullOf, type Column, type Row, type Table } from '../values';

interface Source { readonly name: string; readonly table: Table }

function sources(op: Kusto.Language.Syntax.UnionOperator, input: Table, env: Env): Source[] {
  const out: Source[] = [];
  const piped = !!op.Parent && kind(op.Parent) === 'PipeExpression' && (op.Parent as Kusto.Language.Syntax.PipeExpression).Operator === op;
  if (piped) out.push({ name: 'union_arg0', table: input });
  for (const e of elements<Expr>(op.Expressions)) {
    if (kind(e) === 'NameReference' && symbolKind(e) === 'Group') {
      // a wildcard (`Device*`): every matching table
      for (const t of toArray<Kusto.Language.Symbols.Symbol>((e.ReferencedSymbol as unknown as { Members: unknown }).Members)) {
        const name = t.Name ?? '';
        out.push({ name, table: env.ctx.source.table(name) ?? { columns: [], rows: [] } });
      }
      continue;
    }
    const name = kind(e) === 'NameReference' ? (e as Kusto.Language.Syntax.NameReference).SimpleName ?? '' : `union_arg${out.length}`;
    out.push({ name, table: evalTabular(e, env) });
  }
  return out;
}

export function unionOperator(op: Kusto.Language.Syntax.UnionOperator, input: Table, env: Env): Table {
  const params = namedParameters(op.Parameters);
  allowParameters(params, ['kind', 'withsource', 'isfuzzy'], 'union');
  const withSource = parameterText(params, 'withsource', true);
  const columns = resultColumns(op);
  const rows: Row[] = [];
  for (const src of sources(op, input, env)) {
    const picks = columns.map((c) => {
      if (withSource && c.name === withSource) return { source: true as const };
      const i = findColumn(src.table.columns, c);
      return i === undefined ? { nullValue: nullOf(c.type) } : { index: i };
    });
    for (const r of src.table.rows) {
      rows.push(picks.map((p) => ('source' in p ? src.name : 'index' in p ? r[p.index as number] : p.nullValue)));
    }
  }
  if (columns.length === 0 && rows.length > 0) throw new UnsupportedError('union without a known result schema', op.TextStart);
  return { columns, rows };
}

function findColumn(cols: readonly Column[], target: Column): number | undefined {
  let i = cols.findIndex((c) => c.name === target.name && c.type === target.type);
  if (i >= 0) return i;
  i = cols.findIndex((c) => `${c.name}_${c.type}` === target.name && c.type === target.type);
  if (i >= 0) return i;
  i = cols.findIndex((c) => c.name === target.name);
  return i >= 0 ? i : undefined;
}
