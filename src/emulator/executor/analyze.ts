/**
 * Parses and binds a query with Kusto.Language against the hunting schema and turns its first
 * error into an engine-like 400 message. Two known Kusto.Language false positives that the real
 * engine accepts are dropped (see language-service.md §2 and §6.2): `count(expr)` and column
 * references inside `invoke FileProfile|DeviceFromIP|SeenBy(...)` arguments.
 */
import { enumName, loadKusto, toArray } from '../../kusto/kusto';
import { QueryError, positionMarker } from './errors';

type Syntax = Kusto.Language.Syntax.SyntaxNode;

const INVOKE_WITH_COLUMN_ARGS = new Set(['FileProfile', 'DeviceFromIP', 'SeenBy']);

export function kindName(node: Kusto.Language.Syntax.SyntaxElement): string {
  return enumName(loadKusto().Language.Syntax.SyntaxKind, node.Kind);
}

/** Parses and analyses; throws the first error as a QueryError. */
export function analyzeQuery(query: string, globals: Kusto.Language.GlobalState): Kusto.Language.KustoCode {
  const K = loadKusto();
  const code = K.Language.KustoCode.ParseAndAnalyze(query, globals);
  if (!code?.Syntax) throw new QueryError(`Syntax error: the query could not be parsed ${positionMarker(query, 0)}`, 'syntax', 0);
  const errors = toArray<Kusto.Language.Diagnostic>(code.GetDiagnostics())
    .filter((d) => d.Severity === 'Error' && !isKnownFalsePositive(code, d))
    .sort((a, b) => a.Start - b.Start);
  const syntaxErrors = toArray<Kusto.Language.Diagnostic>(code.GetSyntaxDiagnostics());
  const first = errors[0];
  if (first) {
    const isSyntax = syntaxErrors.some((s) => s.Code === first.Code && s.Start === first.Start);
    throw new QueryError(describe(query, code, first, isSyntax), isSyntax ? 'syntax' : 'semantic', first.Start);
  }
  if (query.trim() === '' || code.Syntax.GetFirstToken()?.Kind === K.Language.Syntax.SyntaxKind.EndOfTextToken) {
    throw new QueryError(`Syntax error: the query is empty ${positionMarker(query, 0)}`, 'syntax', 0);
  }
  return code;
}

function describe(query: string, code: Kusto.Language.KustoCode, d: Kusto.Language.Diagnostic, isSyntax: boolean): string {
  const where = positionMarker(query, d.Start);
  if (isSyntax) {
    const near = query.substr(d.Start, Math.max(d.Length, 1)).trim();
    return `Syntax error: ${stripDot(d.Message ?? 'A recognition error occurred')}${near ? ` near '${near}'` : ''}. ${where}`;
  }
  const node = code.Syntax?.GetNodeAt(d.Start, d.Length) ?? null;
  const op = operatorKeyword(node);
  const prefix = op ? `'${op}' operator: ` : '';
  const unknown = /^The name '(.*)' does not refer to any known (column|table)/.exec(d.Message ?? '');
  let text: string;
  if (unknown) {
    text = unknown[2] === 'table' ? `Failed to resolve table or column expression named '${unknown[1]}'` : `Failed to resolve scalar expression named '${unknown[1]}'`;
  } else {
    text = stripDot(d.Message ?? 'Semantic error');
  }
  return `${prefix}${text}. Fix semantic errors in your query. ${where}`;
}

const stripDot = (s: string) => s.replace(/\.\s*$/, '');

/** The keyword of the query operator a node belongs to (`where`, `summarize`, `mv-expand`, ...). */
export function operatorKeyword(node: Syntax | null): string | undefined {
  let child: Syntax | null = null;
  for (let n = node; n; child = n, n = n.Parent) {
    const kind = kindName(n);
    if (kind.endsWith('Operator') && kind !== 'BadQueryOperator') return n.GetFirstToken()?.Text ?? undefined;
    if (kind === 'PipeExpression' && child && child === (n as Kusto.Language.Syntax.PipeExpression).Expression) {
      // a failing source table is reported against the first operator applied to it
      const op = (n as Kusto.Language.Syntax.PipeExpression).Operator;
      return op?.GetFirstToken()?.Text ?? undefined;
    }
  }
  return undefined;
}

function isKnownFalsePositive(code: Kusto.Language.KustoCode, d: Kusto.Language.Diagnostic): boolean {
  const node = code.Syntax?.GetNodeAt(d.Start, d.Length) ?? null;
  for (let n: Syntax | null = node; n; n = n.Parent) {
    const kind = kindName(n);
    if (kind === 'FunctionCallExpression') {
      const name = (n as Kusto.Language.Syntax.FunctionCallExpression).Name?.SimpleName;
      if (d.Code === 'KS107' && name === 'count') return true;
      if (d.Code === 'KS142' && name && INVOKE_WITH_COLUMN_ARGS.has(name) && n.Parent && kindName(n.Parent) === 'InvokeOperator') return true;
    }
    if (kind.endsWith('Operator') || kind === 'ExpressionStatement') break;
  }
  return false;
}
