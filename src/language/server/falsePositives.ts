/**
 * Kusto.Language is stricter than the Defender hunting engine in two places that real queries
 * hit often; these filters drop exactly those diagnostics (measured on Microsoft's public
 * hunting queries, see docs/language.md):
 *
 *  - KS142 "unknown name" for a column passed to `invoke FileProfile(SHA1, 1000)`,
 *    `DeviceFromIP(RemoteIP)` or `SeenBy(DeviceId)`: Defender resolves those arguments against
 *    the piped rows; Kusto.Language resolves them outside the row scope.
 *  - KS107 "A value of type bool expected" inside `count(expr)`: the engine accepts an argument
 *    to count() (and names the column count_expr); Kusto.Language only knows count() and countif().
 */
import { argumentSpan, calledName, enclosing, type SyntaxElement } from './syntax';

/** Defender functions that take a column of the piped table as an argument. */
export const COLUMN_ARGUMENT_FUNCTIONS: ReadonlySet<string> = new Set(['FileProfile', 'DeviceFromIP', 'SeenBy']);

function insideArguments(call: SyntaxElement, offset: number): boolean {
  const span = argumentSpan(call);
  return span !== undefined && offset >= span.start && offset <= span.end;
}

/** True when Kusto's diagnostic is one of the known false positives above. */
export function isFalsePositive(code: Kusto.Language.KustoCode, d: Kusto.Language.Diagnostic): boolean {
  if (d.Code !== 'KS142' && d.Code !== 'KS107') return false;
  const token = code.Syntax?.GetTokenAt(d.Start);
  if (!token) return false;
  if (d.Code === 'KS142') {
    // the call directly under `invoke`, with the name inside its argument list
    for (let call = enclosing(token, 'FunctionCallExpression'); call; call = enclosing(call.Parent, 'FunctionCallExpression')) {
      const parent = call.Parent;
      if (parent && enclosing(parent, 'InvokeOperator') === parent && COLUMN_ARGUMENT_FUNCTIONS.has(calledName(call)) && insideArguments(call, d.Start)) return true;
    }
    return false;
  }
  if (!/bool/.test(d.Message ?? '')) return false;
  const call = enclosing(token, 'FunctionCallExpression');
  return call !== undefined && calledName(call) === 'count' && insideArguments(call, d.Start);
}
