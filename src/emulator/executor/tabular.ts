/**
 * Evaluates tabular expressions: table and variable references, pipes, user tabular functions,
 * datatable, materialize, and the operators that can start a query (print, union, range).
 */
import { Frame, type ExecContext } from './context';
import { QueryError, UnsupportedError } from './errors';
import { callArgs, callName, compileParameterBinding } from './calls';
import { applyOperator } from './operators/index';
import { literalValue } from './literals';
import { compileScalar, rowScope, symbolKind, type Scope } from './scalar';
import { elements, kind, resultColumns, textOf, type Expr } from './syntax';
import { nullOf, type Row, type Table, type Value } from './values';
import { normalizeType } from './values';

export interface Env {
  readonly ctx: ExecContext;
  readonly frame: Frame;
}

/** A scalar scope over a table's rows, wired back to this evaluator for sub-queries. */
export function scopeFor(env: Env, columns: Table['columns']): Scope {
  return rowScope({ ctx: env.ctx, frame: env.frame, tabular: (e, frame) => evalTabular(e, { ctx: env.ctx, frame }) }, columns);
}

export function evalTabular(expr: Expr, env: Env): Table {
  const k = kind(expr);
  switch (k) {
    case 'PipeExpression': {
      const pipe = expr as Kusto.Language.Syntax.PipeExpression;
      const input = evalTabular(pipe.Expression as Expr, env);
      return applyOperator(pipe.Operator as Kusto.Language.Syntax.QueryOperator, input, env);
    }
    case 'ParenthesizedExpression':
      return evalTabular((expr as Kusto.Language.Syntax.ParenthesizedExpression).Expression as Expr, env);
    case 'MaterializeExpression':
      return evalTabular((expr as Kusto.Language.Syntax.MaterializeExpression).Expression as Expr, env);
    case 'NameReference':
      return evalName(expr as Kusto.Language.Syntax.NameReference, env);
    case 'FunctionCallExpression':
      return evalTabularCall(expr as Kusto.Language.Syntax.FunctionCallExpression, env);
    case 'DataTableExpression':
      return evalDataTable(expr as Kusto.Language.Syntax.DataTableExpression, env);
    case 'ExternalDataExpression':
      throw new UnsupportedError('externaldata (the emulator never downloads anything)', expr.TextStart);
  }
  if (k.endsWith('Operator')) return applyOperator(expr as unknown as Kusto.Language.Syntax.QueryOperator, { columns: [], rows: [] }, env);
  throw new UnsupportedError(`The tabular expression '${textOf(expr).slice(0, 40)}' (${k})`, expr.TextStart);
}

function evalName(ref: Kusto.Language.Syntax.NameReference, env: Env): Table {
  const name = ref.SimpleName ?? '';
  const sk = symbolKind(ref);
  const bound = env.frame.get(name);
  if (bound && (sk === 'Variable' || sk === 'Parameter' || sk === 'Function')) {
    if (bound.kind === 'table') return bound.table;
    if (bound.kind === 'lazy') return bound.get();
    if (bound.kind === 'function') return evalTabularCall(ref as unknown as Kusto.Language.Syntax.FunctionCallExpression, env);
  }
  if (sk === 'Table') {
    const t = env.ctx.source.table(name);
    if (t) return t;
    // a table of the schema without sample data: empty, with its columns
    return { columns: resultColumns(ref), rows: [] };
  }
  throw new QueryError(`Failed to resolve table or column expression named '${name}'`, 'semantic', ref.TextStart);
}

function evalTabularCall(call: Kusto.Language.Syntax.FunctionCallExpression, env: Env): Table {
  const name = callName(call);
  const bound = env.frame.get(name);
  if (bound && bound.kind === 'function') {
    const body = call.GetExpansion() as Kusto.Language.Syntax.FunctionBody | null;
    if (!body || kind(body) !== 'FunctionBody') throw new UnsupportedError(`The call to '${name}'`, call.TextStart);
    const frame = new Frame(env.frame);
    compileParameterBinding(call, bound.declaration, scopeFor(env, []), frame)([]);
    const inner: Env = { ctx: env.ctx, frame };
    runStatements(elements<Kusto.Language.Syntax.Statement>(body.Statements), inner);
    return evalTabular(body.Expression as Expr, inner);
  }
  if (name === 'table') {
    const tableName = String(literalValue(callArgs(call)[0]));
    const t = env.ctx.source.table(tableName);
    if (!t) throw new QueryError(`Failed to resolve table expression named '${tableName}'`, 'semantic', call.TextStart);
    return t;
  }
  throw new UnsupportedError(`The function '${name}'`, call.TextStart);
}

function evalDataTable(dt: Kusto.Language.Syntax.DataTableExpression, env: Env): Table {
  const columns = elements<Kusto.Language.Syntax.NameAndTypeDeclaration>(dt.Schema?.Columns).map((c) => ({
    name: c.Name?.SimpleName ?? '',
    type: normalizeType(textOf(c.Type).replace(/^typeof\((.*)\)$/, '$1')),
  }));
  const scope = scopeFor(env, []);
  const values = elements<Expr>(dt.Values).map((v) => compileScalar(v, scope)([]));
  if (columns.length === 0) return { columns, rows: [] };
  if (values.length % columns.length !== 0) throw new QueryError('datatable: the number of values is not a multiple of the number of columns', 'semantic', dt.TextStart);
  const rows: Row[] = [];
  for (let i = 0; i < values.length; i += columns.length) {
    rows.push(columns.map((c, j) => coerceLiteral(values[i + j], c.type)));
  }
  return { columns, rows };
}

/** datatable(x:real)[1] holds the long literal 1 as a real; strings stay strings, nulls typed. */
function coerceLiteral(v: Value, t: Table['columns'][number]['type']): Value {
  if (v === null) return nullOf(t);
  return v;
}

/** Runs let statements into the frame; returns the tabular results of expression statements. */
export function runStatements(statements: readonly Kusto.Language.Syntax.Statement[], env: Env): Table[] {
  const results: Table[] = [];
  for (const st of statements) {
    const k = kind(st);
    if (k === 'LetStatement') bindLet(st as Kusto.Language.Syntax.LetStatement, env);
    else if (k === 'ExpressionStatement') {
      const e = (st as Kusto.Language.Syntax.ExpressionStatement).Expression as Expr;
      results.push(evalTabularOrScalar(e, env));
    } else if (k === 'SetOptionStatement') {
      // `set` options tune the engine (hints, limits); the emulator has nothing to tune
    } else {
      throw new UnsupportedError(`The statement '${textOf(st).split(/\s/)[0]}'`, st.TextStart);
    }
  }
  return results;
}

function evalTabularOrScalar(e: Expr, env: Env): Table {
  const t = e.ResultType;
  const K = (globalThis as unknown as { Kusto: typeof Kusto }).Kusto;
  if (t && t.Kind !== K.Language.Symbols.SymbolKind.Table) {
    // a scalar statement (`1 + 1`, `now()`): the engine returns it as a one-cell table
    const value = compileScalar(e, scopeFor(env, []))([]);
    return { columns: [{ name: 'print_0', type: normalizeType(t.Name) }], rows: [[value]] };
  }
  return evalTabular(e, env);
}

function bindLet(st: Kusto.Language.Syntax.LetStatement, env: Env): void {
  const name = st.Name?.SimpleName ?? '';
  const e = st.Expression as Expr;
  const k = kind(e);
  if (k === 'FunctionDeclaration') {
    env.frame.set(name, { kind: 'function', declaration: e as Kusto.Language.Syntax.FunctionDeclaration });
    return;
  }
  const K = (globalThis as unknown as { Kusto: typeof Kusto }).Kusto;
  const t = e.ResultType;
  if (t && t.Kind === K.Language.Symbols.SymbolKind.Table) {
    let table: Table | undefined;
    env.frame.set(name, { kind: 'lazy', get: () => (table ??= evalTabular(e, env)) });
    return;
  }
  const value = compileScalar(e, scopeFor(env, []))([]);
  env.frame.set(name, { kind: 'scalar', value });
}
