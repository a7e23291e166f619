/**
 * Small helpers over Kusto.Language's syntax tree (Bridge.NET objects): list elements, node
 * kinds, static result types and column lists.
 */
import type { KqlType } from '../../core/schema/schema';
import { enumName, loadKusto, toArray } from '../../kusto/kusto';
import { UnsupportedError } from './errors';
import { normalizeType, type Column } from './values';

export type Node = Kusto.Language.Syntax.SyntaxNode;
export type Expr = Kusto.Language.Syntax.Expression;

export function kind(node: Kusto.Language.Syntax.SyntaxElement | null | undefined): string {
  return node ? enumName(loadKusto().Language.Syntax.SyntaxKind, node.Kind) : 'None';
}

/** The elements of a `SyntaxList<SeparatedElement<T>>` (or a plain `SyntaxList<T>`). */
export function elements<T = Node>(list: Kusto.Language.Syntax.SyntaxList | null | undefined): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) {
    const item = list.getItem(i) as Kusto.Language.Syntax.SyntaxElement;
    if (kind(item) === 'SeparatedElement') {
      const el = (item as Kusto.Language.Syntax.SeparatedElement).Element;
      if (el) out.push(el as T);
    } else out.push(item as T);
  }
  return out;
}

/** The static KQL type of a scalar expression. */
export function typeOf(expr: Expr | null | undefined): KqlType {
  return normalizeType(expr?.ResultType?.Name);
}

/** True when an expression produces a table (a tabular let, a pipe, a table name...). */
export function isTabular(expr: Expr | null | undefined): boolean {
  const t = expr?.ResultType;
  if (!t) return false;
  const K = loadKusto();
  return t.Kind === K.Language.Symbols.SymbolKind.Table;
}

/** The columns of a table-typed symbol (an operator's or a tuple's result type). */
export function symbolColumns(type: Kusto.Language.Symbols.TypeSymbol | null | undefined): Column[] {
  const cols = (type as unknown as { Columns?: unknown } | null)?.Columns;
  if (!cols) return [];
  return toArray<Kusto.Language.Symbols.ColumnSymbol>(cols).map((c) => ({ name: c.Name ?? '', type: normalizeType(c.Type?.Name) }));
}

/** The output columns Kusto.Language computed for an operator or tabular expression. */
export function resultColumns(node: Node): Column[] {
  return symbolColumns((node as Expr).ResultType);
}

/** True when Kusto.Language could not know the columns (after `evaluate bag_unpack`). */
export function isOpenSchema(node: Node): boolean {
  return !!((node as Expr).ResultType as unknown as { IsOpen?: boolean } | null)?.IsOpen;
}

/**
 * The operator's output columns; over an open schema, the runtime input columns come first and
 * the columns the operator adds (known to Kusto.Language) follow.
 */
export function outputColumns(node: Node, input: readonly Column[]): Column[] {
  const declared = resultColumns(node);
  if (!isOpenSchema(node)) return declared;
  const byName = new Map(declared.map((c) => [c.name, c]));
  const merged = input.map((c) => byName.get(c.name) ?? c);
  for (const c of declared) if (!input.some((i) => i.name === c.name)) merged.push(c);
  return merged;
}

/** A Bridge literal number (System.Int64 objects have toNumber) as a JS number. */
export function literalNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v && 'toNumber' in v && typeof (v as { toNumber: unknown }).toNumber === 'function') {
    return (v as { toNumber(): number }).toNumber();
  }
  const n = Number(String(v));
  return Number.isNaN(n) ? null : n;
}

/** The source text of a node without surrounding trivia. */
export function textOf(node: Kusto.Language.Syntax.SyntaxElement | null | undefined): string {
  if (!node) return '';
  const K = loadKusto();
  return node.ToString(K.Language.Syntax.IncludeTrivia.Interior) ?? '';
}

/** Named parameters of an operator (`kind=leftouter`, `withsource=T`) as lowercase name -> node. */
export function namedParameters(list: Kusto.Language.Syntax.SyntaxList | null | undefined): Map<string, Expr> {
  const out = new Map<string, Expr>();
  for (const p of elements<Kusto.Language.Syntax.NamedParameter>(list)) {
    const name = p.Name?.SimpleName?.toLowerCase();
    if (name && p.Expression) out.set(name, p.Expression);
  }
  return out;
}

/** A parameter's value as written (`leftouter`, `T`, `true`), lowercased unless asked not to. */
export function parameterText(params: Map<string, Expr>, name: string, keepCase = false): string | undefined {
  const e = params.get(name);
  if (!e) return undefined;
  const t = textOf(e).trim();
  return keepCase ? t : t.toLowerCase();
}

/** Rejects operator parameters we do not implement, rather than ignoring them. */
export function allowParameters(params: Map<string, Expr>, allowed: readonly string[], operator: string): void {
  for (const [name, node] of params) {
    if (!allowed.includes(name) && !name.startsWith('hint.')) throw new UnsupportedError(`The '${name}' parameter of '${operator}'`, node.TextStart);
  }
}

/** The declared name of a SimpleNamedExpression, or undefined for other expressions. */
export function declaredName(expr: Node): string | undefined {
  if (kind(expr) === 'SimpleNamedExpression') return (expr as Kusto.Language.Syntax.SimpleNamedExpression).Name?.SimpleName ?? undefined;
  return undefined;
}

/** Strips `name =` from a named expression. */
export function unnamed(expr: Node): Expr {
  const k = kind(expr);
  if (k === 'SimpleNamedExpression') return (expr as Kusto.Language.Syntax.SimpleNamedExpression).Expression as Expr;
  if (k === 'CompoundNamedExpression') return (expr as Kusto.Language.Syntax.CompoundNamedExpression).Expression as Expr;
  return expr as Expr;
}

export function unwrapParens(expr: Expr): Expr {
  let e = expr;
  while (kind(e) === 'ParenthesizedExpression') e = (e as Kusto.Language.Syntax.ParenthesizedExpression).Expression as Expr;
  return e;
}
