/**
 * parse / parse-where (kinds simple, regex, relaxed): the pattern becomes one regular expression;
 * when it does not match, every extracted column is null (parse) or the row is dropped
 * (parse-where).
 */
import type { KqlType } from '../../../core/schema/schema';
import { QueryError, UnsupportedError } from '../errors';
import { literalValue } from '../literals';
import { compileScalar } from '../scalar';
import { kqlRegex } from '../stringOps';
import { allowParameters, kind, namedParameters, parameterText, outputColumns, textOf, typeOf, type Expr } from '../syntax';
import { scopeFor, type Env } from '../tabular';
import { convert, normalizeType, nullOf, toStringValue, type Row, type Table } from '../values';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function capture(t: KqlType, last: boolean): string {
  switch (t) {
    case 'long': case 'int': return '([+-]?\\d+)';
    case 'real': case 'decimal': return '([+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)';
    default: return last ? '(.*)' : '(.*?)';
  }
}

export function parseOperator(op: Kusto.Language.Syntax.ParseOperator, input: Table, env: Env): Table {
  const params = namedParameters(op.Parameters);
  allowParameters(params, ['kind', 'flags'], 'parse');
  const mode = parameterText(params, 'kind') ?? 'simple';
  if (!['simple', 'regex', 'relaxed'].includes(mode)) throw new UnsupportedError(`parse kind=${mode}`, op.TextStart);
  const flags = (parameterText(params, 'flags', true) ?? '').replace(/[^imsU]/g, '');
  const whereMode = kind(op) === 'ParseWhereOperator';

  const items = patternItems(op.Patterns, env);
  const targets: { name: string; type: KqlType }[] = [];
  let pattern = '^';
  items.forEach((item, i) => {
    const isLast = i === items.length - 1;
    if (item.kind === 'star') pattern += isLast ? '.*' : '.*?';
    else if (item.kind === 'text') pattern += mode === 'regex' ? item.text : escape(item.text);
    else { pattern += capture(item.type, isLast); targets.push({ name: item.name, type: item.type }); }
  });
  if (items.length === 0 || items[items.length - 1].kind !== 'star') pattern += mode === 'relaxed' ? '' : '$';
  const regex = kqlRegex(pattern, (flags.includes('i') ? 'i' : '') + (flags.includes('s') ? 's' : '') + (mode === 'regex' ? '' : 's'));

  const columns = outputColumns(op, input.columns);
  const outIndex = new Map(columns.map((c, i) => [c.name, i]));
  const targetIndex = targets.map((t) => {
    const i = outIndex.get(t.name);
    if (i === undefined) throw new QueryError(`internal: parse column '${t.name}'`, 'runtime', op.TextStart);
    return i;
  });
  const inputIndex = new Map(input.columns.map((c, i) => [c.name, i]));
  const copies = columns.map((c) => inputIndex.get(c.name));
  const source = compileScalar(op.Expression as Expr, scopeFor(env, input.columns));
  const sourceType = typeOf(op.Expression as Expr);
  const rows: Row[] = [];
  for (const r of input.rows) {
    const m = regex.exec(toStringValue(source(r), sourceType));
    if (!m && whereMode) continue;
    const out: Row = copies.map((i) => (i === undefined ? null : r[i]));
    targets.forEach((t, k) => {
      out[targetIndex[k]] = m ? convert(m[k + 1] ?? '', 'string', t.type) : nullOf(t.type);
    });
    rows.push(out);
  }
  return { columns, rows };
}

type Item = { kind: 'star' } | { kind: 'text'; text: string } | { kind: 'column'; name: string; type: KqlType };

function patternItems(list: Kusto.Language.Syntax.SyntaxList | null, env: Env): Item[] {
  const items: Item[] = [];
  for (let i = 0; list && i < list.Count; i++) {
    const node = list.getItem(i) as Kusto.Language.Syntax.SyntaxNode;
    const k = kind(node);
    if (k === 'StarExpression') items.push({ kind: 'star' });
    else if (k === 'StringLiteralExpression' || k === 'CompoundStringLiteralExpression') items.push({ kind: 'text', text: String(literalValue(node as Expr)) });
    else if (k === 'NameAndTypeDeclaration') {
      const d = node as Kusto.Language.Syntax.NameAndTypeDeclaration;
      items.push({ kind: 'column', name: d.Name?.SimpleName ?? '', type: normalizeType(textOf(d.Type)) });
    } else if (k === 'NameDeclaration') {
      items.push({ kind: 'column', name: (node as Kusto.Language.Syntax.NameDeclaration).SimpleName ?? '', type: 'string' });
    } else if (k === 'NameReference') {
      // a let-bound string used as literal text
      items.push({ kind: 'text', text: String(compileScalar(node as Expr, scopeFor(env, []))([]) ?? '') });
    } else throw new UnsupportedError(`The parse pattern element '${textOf(node)}'`, node.TextStart);
  }
  return items;
}
