/**
 * Small helpers over Kusto.Language's syntax tree. Bridge.NET exposes the C# classes with
 * generic methods that are awkward from TypeScript, so we walk children and parents by hand and
 * compare kinds by name.
 */
import { enumName, loadKusto } from '../../kusto/kusto';

export type SyntaxElement = Kusto.Language.Syntax.SyntaxElement;
export type SyntaxNode = Kusto.Language.Syntax.SyntaxNode;

/** The SyntaxKind name of an element, e.g. 'FunctionCallExpression', 'IdentifierToken'. */
export function kindOf(e: SyntaxElement): string {
  return enumName(loadKusto().Language.Syntax.SyntaxKind, e.Kind);
}

/** Parents of an element, nearest first. */
export function* ancestors(e: SyntaxElement | null | undefined): Generator<SyntaxNode> {
  for (let p = e?.Parent ?? null; p; p = p.Parent) yield p;
}

/** The child a node holds under this name (e.g. 'ArgumentList', 'Name', 'OpenParen'). */
export function childNamed(node: SyntaxElement, name: string): SyntaxElement | undefined {
  for (let i = 0; i < node.ChildCount; i++) if (node.GetName(i) === name) return node.GetChild(i) ?? undefined;
  return undefined;
}

/** Every descendant node or token, depth first. */
export function* descendants(e: SyntaxElement): Generator<SyntaxElement> {
  for (let i = 0; i < e.ChildCount; i++) {
    const c = e.GetChild(i);
    if (!c) continue;
    yield c;
    yield* descendants(c);
  }
}

/** The function name of a FunctionCallExpression, resolved or not. */
export function calledName(call: SyntaxElement): string {
  const node = call as SyntaxNode;
  return node.ReferencedSymbol?.Name ?? childNamed(call, 'Name')?.GetFirstToken()?.Text ?? '';
}

export interface ArgumentSpan {
  /** Offset just after `(`. */
  readonly start: number;
  /** Offset of `)` (or the end of the text when it is missing). */
  readonly end: number;
  /** Start offsets of the commas separating the arguments. */
  readonly commas: readonly number[];
}

/** Where a call's arguments are: between its parentheses, and where its commas are. */
export function argumentSpan(call: SyntaxElement): ArgumentSpan | undefined {
  const list = childNamed(call, 'ArgumentList');
  if (!list) return undefined;
  const open = childNamed(list, 'OpenParen');
  const close = childNamed(list, 'CloseParen');
  if (!open || open.IsMissing) return undefined;
  const commas: number[] = [];
  const expressions = childNamed(list, 'Expressions');
  if (expressions) {
    for (const e of descendants(expressions)) {
      // only the separators of this list, not commas nested in inner calls
      if (kindOf(e) === 'CommaToken' && e.Parent?.Parent === expressions) commas.push(e.TextStart);
    }
  }
  const end = close && !close.IsMissing ? close.TextStart : Number.MAX_SAFE_INTEGER;
  return { start: open.TextStart + 1, end, commas };
}

/** The innermost ancestor (or self) of this kind. */
export function enclosing(e: SyntaxElement | null | undefined, kind: string): SyntaxNode | undefined {
  if (!e) return undefined;
  if (!e.IsToken && kindOf(e) === kind) return e as SyntaxNode;
  for (const a of ancestors(e)) if (kindOf(a) === kind) return a;
  return undefined;
}
