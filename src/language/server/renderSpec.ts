/**
 * `kql/prepareHunt`: finds a query's trailing `render` operator in Kusto.Language's syntax tree,
 * returns it as a visualization hint and the query without it. The hunting APIs return only the
 * table and may reject `render`; removing the last operator of the last statement never changes
 * the rows, so the Run command sends the stripped text and charts the result with the hint.
 *
 * Parsing (not regex) is what tells `| render timechart` from the word "render" in a string,
 * a comment, a column name, or a `render` that is not the last operator (which the service
 * rejects on its own; we then change nothing).
 */
import type { PrepareHuntResult, RenderHint } from '../../shared/lsp';
import { childNamed, kindOf, type SyntaxElement, type SyntaxNode } from './syntax';

/** Properties whose value is a list of column names; always returned as arrays. */
const LIST_PROPERTIES = new Set(['ycolumns', 'series', 'anomalycolumns']);

export function prepareHunt(K: typeof Kusto, text: string, globals?: Kusto.Language.GlobalState | null): PrepareHuntResult {
  const code = K.Language.KustoCode.Parse(text, globals ?? null);
  const render = code?.Syntax ? trailingRender(code.Syntax) : undefined;
  // A render with syntax errors (no chart type, an unclosed `with (`) goes to the service as
  // written, which reports the error where the user made it.
  if (!render || render.node.ContainsSyntaxDiagnostics) return { query: text };
  const bar = previousBar(render);
  if (!bar) return { query: text };
  const hint = renderHint(render.node, text);
  // Everything before the `|` keeps its offsets, so error positions the service reports still
  // point at the user's text; what follows the operator (comments) is kept too.
  const query = text.slice(0, bar.TextStart).replace(/\s+$/, '') + text.slice(render.node.End);
  return { query: query.trimEnd() === '' ? text : query, render: hint };
}

interface RenderAt { readonly node: SyntaxNode }

/** The RenderOperator that is the last operator of the query's last statement, if any. */
function trailingRender(root: SyntaxNode): RenderAt | undefined {
  const statements = childNamed(root, 'Statements');
  if (!statements) return undefined;
  // The last SeparatedElement that holds a statement (a query may end with `;`).
  let last: SyntaxElement | undefined;
  for (let i = 0; i < statements.ChildCount; i++) {
    const element = statements.GetChild(i);
    const statement = element && (kindOf(element) === 'SeparatedElement' ? element.GetChild(0) : element);
    if (statement && !statement.IsMissing && statement.Width > 0) last = statement;
  }
  if (!last || kindOf(last) !== 'ExpressionStatement') return undefined;
  let expression = childNamed(last, 'Expression');
  // `(T | render x)` is still the whole query; look through parentheses.
  while (expression && kindOf(expression) === 'ParenthesizedExpression') expression = childNamed(expression, 'Expression');
  if (!expression || kindOf(expression) !== 'PipeExpression') return undefined;
  const operator = childNamed(expression, 'Operator');
  if (!operator || kindOf(operator) !== 'RenderOperator') return undefined;
  return { node: operator as SyntaxNode };
}

function previousBar(render: RenderAt): SyntaxElement | undefined {
  const pipe = render.node.Parent;
  const bar = pipe ? childNamed(pipe, 'Bar') : undefined;
  return bar && !bar.IsMissing ? bar : undefined;
}

function renderHint(node: SyntaxNode, text: string): RenderHint {
  const chartType = childNamed(node, 'ChartType');
  const visualization = chartType && !chartType.IsMissing ? (chartType as Kusto.Language.Syntax.SyntaxToken).Text?.toLowerCase() ?? '' : '';
  const properties: Record<string, string | string[]> = {};
  // Old syntax `render timechart kind=stacked title="x"` and the `with (...)` clause.
  const lists = [childNamed(node, 'Parameters'), childNamed(childNamed(node, 'WithClause') ?? node, 'Properties')];
  for (const list of lists) {
    if (!list || list === node) continue;
    for (const p of namedParameters(list)) {
      const name = (childNamed(p, 'Name') as Kusto.Language.Syntax.NameDeclaration | undefined)?.SimpleName?.toLowerCase();
      const value = childNamed(p, 'Expression');
      if (!name || !value || value.IsMissing) continue;
      const values = expressionValues(value, text);
      properties[name] = LIST_PROPERTIES.has(name) ? values : values.join(', ');
    }
  }
  return { visualization, properties };
}

function* namedParameters(list: SyntaxElement): Generator<SyntaxElement> {
  for (let i = 0; i < list.ChildCount; i++) {
    const c = list.GetChild(i);
    if (!c) continue;
    if (kindOf(c) === 'NamedParameter') yield c;
    else if (kindOf(c) === 'SeparatedElement') { const inner = c.GetChild(0); if (inner && kindOf(inner) === 'NamedParameter') yield inner; }
  }
}

/** The element's text as written, without its leading trivia. */
function source(e: SyntaxElement, text: string): string {
  return text.slice(e.TextStart, e.End).trim();
}

/** A property value as text: names as their simple names, string literals decoded, anything else as written. */
function expressionValues(e: SyntaxElement, text: string): string[] {
  const kind = kindOf(e);
  if (kind === 'NameReferenceList') {
    const out: string[] = [];
    const list = childNamed(e, 'Names');
    for (let i = 0; list && i < list.ChildCount; i++) {
      const sep = list.GetChild(i);
      const ref = sep && (kindOf(sep) === 'SeparatedElement' ? sep.GetChild(0) : sep);
      if (ref && !ref.IsMissing) out.push(...expressionValues(ref, text));
    }
    return out;
  }
  if (kind === 'NameReference') return [(e as Kusto.Language.Syntax.NameReference).SimpleName ?? source(e, text)];
  if (kind === 'StringLiteralExpression') {
    const value = (e as Kusto.Language.Syntax.LiteralExpression).LiteralValueInfo?.ValueText;
    return [typeof value === 'string' ? value : source(e, text)];
  }
  return [source(e, text)];
}
