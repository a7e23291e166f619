/**
 * Function calls in scalar position: user functions from `let f = (...) { ... }` (evaluated
 * through Kusto.Language's per-call-site expansion), the special forms that need the syntax or
 * the row (iff/case short-circuit, isnull on typed values, pack_all, column_ifexists), and
 * everything else through the built-in function table.
 */
import type { KqlType } from '../../core/schema/schema';
import { Frame, type Evaluator } from './context';
import { QueryError, UnsupportedError } from './errors';
import { AGGREGATE_NAMES } from './aggregateNames';
import { scalarFunctions, type CallInfo } from './functions/registry';
import './functions/all';
import { compileScalar, type Scope } from './scalar';
import { elements, isTabular, kind, typeOf, type Expr } from './syntax';
import { nullOf, toDynamic, type Value } from './values';

type Call = Kusto.Language.Syntax.FunctionCallExpression;

export function callName(call: Call): string {
  return call.Name?.SimpleName ?? call.ReferencedSymbol?.Name ?? '';
}

export function callArgs(call: Call): Expr[] {
  return elements<Expr>(call.ArgumentList?.Expressions);
}

export function compileCall(call: Call, scope: Scope): Evaluator {
  const name = callName(call);
  const binding = scope.frame.get(name);
  if (binding && binding.kind === 'function') return compileUserCall(call, scope, binding.declaration);
  const slot = scope.aggregateSlot?.(call);
  if (slot) return slot;
  if (AGGREGATE_NAMES.has(name)) {
    throw new QueryError(`Function '${name}' cannot be invoked in the current context`, 'semantic', call.TextStart);
  }
  const args = callArgs(call);
  const special = compileSpecial(name, call, args, scope);
  if (special) return special;
  const fn = scalarFunctions.get(name);
  if (!fn) throw new UnsupportedError(`The function '${name}'`, call.TextStart);
  const evals = args.map((a) => compileScalar(a, scope));
  const info: CallInfo = { name, argTypes: args.map(typeOf), resultType: typeOf(call), ctx: scope.ctx, cache: new Map() };
  switch (evals.length) {
    case 0: return () => fn([], info);
    case 1: { const [a] = evals; return (row) => fn([a(row)], info); }
    case 2: { const [a, b] = evals; return (row) => fn([a(row), b(row)], info); }
    default: return (row) => fn(evals.map((e) => e(row)), info);
  }
}

function compileSpecial(name: string, call: Call, args: Expr[], scope: Scope): Evaluator | undefined {
  const c = () => args.map((a) => compileScalar(a, scope));
  switch (name) {
    case 'iff': case 'iif': {
      const [test, a, b] = c();
      return (row) => (test(row) === true ? a(row) : b(row));
    }
    case 'case': {
      const evals = c();
      return (row) => {
        let i = 0;
        for (; i + 1 < evals.length; i += 2) if (evals[i](row) === true) return evals[i + 1](row);
        return evals[i](row);
      };
    }
    case 'coalesce': {
      const evals = c();
      const t = typeOf(call);
      return (row) => {
        for (const e of evals) {
          const v = e(row);
          if (v !== null && !(t === 'string' && v === '')) return v;
        }
        return t === 'string' ? '' : null;
      };
    }
    case 'isnull': case 'isnotnull': case 'notnull': case 'isempty': case 'isnotempty': case 'notempty': {
      const [a] = c();
      const emptyTest = name.endsWith('empty');
      // strings are never null in KQL, so isnull("") is false while isempty("") is true
      const test = (v: Value) => v === null || v === undefined || (emptyTest && v === '');
      const negate = name.startsWith('isnot') || name.startsWith('not');
      return (row) => negate !== test(a(row));
    }
    case 'pack_all': case 'bag_pack_all': {
      const cols = [...scope.columns.entries()];
      const types = columnTypes(scope);
      const ignoreNulls = args.length > 0 ? compileScalar(args[0], scope) : () => false;
      return (row) => {
        const skip = ignoreNulls(row) === true;
        const out: Record<string, unknown> = {};
        for (const [n, i] of cols) {
          const v = toDynamic(row[i], types.get(n) ?? 'dynamic');
          if (skip && (v === null || v === '')) continue;
          out[n] = v;
        }
        return out;
      };
    }
    case 'column_ifexists': {
      const col = args[0];
      const colName = String(compileScalar(col, scope)([]));
      const i = scope.columns.get(colName);
      if (i !== undefined) return (row) => row[i];
      return compileScalar(args[1], scope);
    }
    case 'ingestion_time': {
      // the sample data is "ingested" at its event time
      const i = scope.columns.get('Timestamp');
      return i === undefined ? () => null : (row) => row[i];
    }
    case 'row_number': case 'prev': case 'next':
      return compileRowFunction(name, call, args, scope);
    case 'row_cumsum': case 'row_window_session': case 'row_rank_dense': case 'row_rank_min':
      throw new UnsupportedError(`The function '${name}'`, call.TextStart);
  }
  return undefined;
}

/**
 * row_number(), prev(col[, offset[, default]]), next(...): need the row's position in a serialized
 * table, which the operator running the expression publishes in `scope.cursor`.
 */
function compileRowFunction(name: string, call: Call, args: Expr[], scope: Scope): Evaluator {
  const cursor = scope.cursor;
  if (!cursor) throw new UnsupportedError(`The function '${name}' outside extend/project/where over serialized rows`, call.TextStart);
  if (name === 'row_number') {
    const start = args[0] ? Number(compileScalar(args[0], scope)([]) ?? 1) : 1;
    return () => cursor.index + start;
  }
  const value = compileScalar(args[0], scope);
  const offset = args[1] ? Number(compileScalar(args[1], scope)([]) ?? 1) : 1;
  const fallback = args[2] ? compileScalar(args[2], scope) : () => nullOf(typeOf(call));
  const step = name === 'prev' ? -offset : offset;
  return (row) => {
    const other = cursor.rows[cursor.index + step];
    return other ? value(other) : fallback(row);
  };
}

function columnTypes(scope: Scope): ReadonlyMap<string, KqlType> {
  return scope.columnTypes ?? new Map();
}

/** A user function call in scalar position: bind the parameters, evaluate the body's expansion. */
function compileUserCall(call: Call, scope: Scope, decl: Kusto.Language.Syntax.FunctionDeclaration): Evaluator {
  if (isTabular(call)) throw new QueryError(`The function '${callName(call)}' returns a table where a scalar was expected`, 'semantic', call.TextStart);
  const body = call.GetExpansion() as Kusto.Language.Syntax.FunctionBody | null;
  if (!body || kind(body) !== 'FunctionBody') throw new UnsupportedError(`The call to '${callName(call)}'`, call.TextStart);
  const frame = new Frame(scope.frame);
  const bindParams = compileParameterBinding(call, decl, scope, frame);
  const inner: Scope = { ...scope, frame };
  const lets = elements<Kusto.Language.Syntax.Statement>(body.Statements).map((st) => {
    if (kind(st) !== 'LetStatement') throw new UnsupportedError(`The statement '${kind(st)}' in a function body`, st.TextStart);
    const let_ = st as Kusto.Language.Syntax.LetStatement;
    return { name: let_.Name?.SimpleName ?? '', ev: compileScalar(let_.Expression as Expr, inner) };
  });
  const result = compileScalar(body.Expression as Expr, inner);
  return (row) => {
    bindParams(row);
    for (const l of lets) frame.set(l.name, { kind: 'scalar', value: l.ev(row) });
    return result(row);
  };
}

/** Evaluates a call's arguments (or the declared defaults) into the callee's frame. */
export function compileParameterBinding(call: Call, decl: Kusto.Language.Syntax.FunctionDeclaration, scope: Scope, frame: Frame): (row: Value[]) => void {
  const params = elements<Kusto.Language.Syntax.FunctionParameter>(decl.Parameters?.Parameters);
  const args = callArgs(call);
  const binders = params.map((p, i) => {
    const name = p.NameAndType?.Name?.SimpleName ?? '';
    const arg = args[i] ?? p.DefaultValue?.Value ?? null;
    if (!arg) return (_row: Value[]) => frame.set(name, { kind: 'scalar', value: null });
    if (kind(p.NameAndType?.Type) !== 'PrimitiveTypeExpression' || isTabular(arg)) {
      // a tabular parameter: bind the table once
      return () => frame.set(name, { kind: 'table', table: scope.tabular(arg, scope.frame) });
    }
    const ev = compileScalar(arg, scope);
    return (row: Value[]) => frame.set(name, { kind: 'scalar', value: ev(row) });
  });
  return (row) => { for (const b of binders) b(row); };
}
