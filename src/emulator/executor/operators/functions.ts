/**
 * `invoke` of the Defender functions the sample data can answer (FileProfile, DeviceFromIP) and
 * `evaluate bag_unpack`. Other plugins and functions are reported as unsupported.
 */
import type { KqlType } from '../../../core/schema/schema';
import { UnsupportedError } from '../errors';
import { literalValue } from '../literals';
import { compileScalar } from '../scalar';
import { elements, kind, resultColumns, textOf, type Expr } from '../syntax';
import { Frame } from '../context';
import { evalTabular, runStatements, scopeFor, type Env } from '../tabular';
import { nullOf, type Column, type Row, type Table, type Value } from '../values';

/** The column an invoke argument names: `SHA1`, `"SHA1"`, or the declared default. */
function columnArgument(arg: Expr | undefined, fallback: string): string {
  if (!arg) return fallback;
  if (kind(arg) === 'NameReference') return (arg as Kusto.Language.Syntax.NameReference).SimpleName ?? fallback;
  if (kind(arg) === 'StringLiteralExpression') return String(literalValue(arg));
  return fallback;
}

export function invokeOperator(op: Kusto.Language.Syntax.InvokeOperator, input: Table, env: Env): Table {
  const call = op.Function as Kusto.Language.Syntax.FunctionCallExpression;
  const name = call?.Name?.SimpleName ?? textOf(op.Function);
  const args = elements<Expr>(call?.ArgumentList?.Expressions);
  const columns = resultColumns(op);
  const inputIndex = new Map(input.columns.map((c, i) => [c.name, i]));
  let lookup: (row: Row) => Record<string, Value> | undefined;
  switch (name) {
    case 'FileProfile': {
      const col = inputIndex.get(columnArgument(args[0], 'SHA1'));
      const profiles = env.ctx.source.fileProfile;
      if (col === undefined || !profiles) throw new UnsupportedError(`invoke FileProfile(${textOf(call?.ArgumentList)})`, op.TextStart);
      lookup = (row) => profiles(String(row[col] ?? ''));
      break;
    }
    case 'DeviceFromIP': {
      const col = inputIndex.get(columnArgument(args[0], 'IP'));
      if (col === undefined) throw new UnsupportedError(`invoke DeviceFromIP(${textOf(call?.ArgumentList)})`, op.TextStart);
      const byIp = devicesByIp(env);
      lookup = (row) => {
        const ip = String(row[col] ?? '');
        return { IP: ip, DeviceId: byIp.get(ip) ?? '' };
      };
      break;
    }
    default: {
      const bound = env.frame.get(name);
      if (bound?.kind === 'function') return invokeUserFunction(call, bound.declaration, input, env);
      throw new UnsupportedError(`invoke ${name}()`, op.TextStart);
    }
  }
  const readers = columns.map((c) => {
    const i = inputIndex.get(c.name);
    return { c, i };
  });
  const rows = input.rows.map((r) => {
    const extra = lookup(r);
    return readers.map(({ c, i }) => (extra && c.name in extra ? extra[c.name] : i !== undefined ? r[i] : nullOf(c.type)));
  });
  return { columns, rows };
}

/** `T | invoke F(a, b)`: F's first parameter is the piped table, the others take a, b (or defaults). */
function invokeUserFunction(call: Kusto.Language.Syntax.FunctionCallExpression, decl: Kusto.Language.Syntax.FunctionDeclaration, input: Table, env: Env): Table {
  const body = call.GetExpansion() as Kusto.Language.Syntax.FunctionBody | null;
  if (!body || kind(body) !== 'FunctionBody') throw new UnsupportedError(`invoke ${call.Name?.SimpleName ?? ''}()`, call.TextStart);
  const frame = new Frame(env.frame);
  const params = elements<Kusto.Language.Syntax.FunctionParameter>(decl.Parameters?.Parameters);
  const args = elements<Expr>(call.ArgumentList?.Expressions);
  const scope = scopeFor(env, []);
  params.forEach((p, i) => {
    const name = p.NameAndType?.Name?.SimpleName ?? '';
    if (i === 0) { frame.set(name, { kind: 'table', table: input }); return; }
    const arg = args[i - 1] ?? p.DefaultValue?.Value;
    frame.set(name, { kind: 'scalar', value: arg ? compileScalar(arg as Expr, scope)([]) : null });
  });
  const inner: Env = { ctx: env.ctx, frame };
  runStatements(elements<Kusto.Language.Syntax.Statement>(body.Statements), inner);
  return evalTabular(body.Expression as Expr, inner);
}

function devicesByIp(env: Env): Map<string, string> {
  const m = new Map<string, string>();
  const t = env.ctx.source.table('DeviceNetworkInfo');
  if (!t) return m;
  const id = t.columns.findIndex((c) => c.name === 'DeviceId');
  const ips = t.columns.findIndex((c) => c.name === 'IPAddresses');
  for (const r of t.rows) {
    try {
      for (const a of JSON.parse(String(r[ips] ?? '[]')) as { IPAddress?: string }[]) if (a.IPAddress) m.set(a.IPAddress, String(r[id]));
    } catch { /* not JSON */ }
  }
  return m;
}

export function evaluateOperator(op: Kusto.Language.Syntax.EvaluateOperator, input: Table, env: Env): Table {
  const call = op.FunctionCall;
  const name = call?.Name?.SimpleName ?? '';
  if (name !== 'bag_unpack') throw new UnsupportedError(`The '${name}' plugin (evaluate)`, op.TextStart);
  const args = elements<Expr>(call?.ArgumentList?.Expressions);
  const scope = scopeFor(env, input.columns);
  const bag = compileScalar(args[0], scope);
  const prefix = args[1] ? String(compileScalar(args[1], scope)([]) ?? '') : '';
  const unpacked = kind(args[0]) === 'NameReference' ? (args[0] as Kusto.Language.Syntax.NameReference).SimpleName : undefined;
  const kept = input.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.name !== unpacked);
  const bags = input.rows.map((r) => {
    const v = bag(r);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  });
  const keys: string[] = [];
  const seen = new Set(kept.map(({ c }) => c.name));
  for (const b of bags) for (const k of Object.keys(b)) if (!seen.has(prefix + k)) { seen.add(prefix + k); keys.push(k); }
  const types = keys.map((k) => inferType(bags.map((b) => b[k])));
  const columns: Column[] = [...kept.map(({ c }) => c), ...keys.map((k, j) => ({ name: prefix + k, type: types[j] }))];
  const rows = input.rows.map((r, n) => [...kept.map(({ i }) => r[i]), ...keys.map((k, j) => cell(bags[n][k], types[j]))]);
  return { columns, rows };
}

/** bag_unpack types a column by its values: all strings -> string, integers -> long, ... */
function inferType(values: unknown[]): KqlType {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length === 0) return 'dynamic';
  if (present.every((v) => typeof v === 'string')) return 'string';
  if (present.every((v) => typeof v === 'boolean')) return 'bool';
  if (present.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'long';
  if (present.every((v) => typeof v === 'number')) return 'real';
  return 'dynamic';
}

function cell(v: unknown, t: KqlType): Value {
  if (v === undefined || v === null) return nullOf(t);
  return v as Value;
}
