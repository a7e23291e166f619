// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the package declares global namespaces only; there is nothing to import
/// <reference path="../../node_modules/@kusto/language-service-next/Kusto.Language.Bridge.d.ts" />
/**
 * Loads Microsoft's Kusto.Language (the real KQL parser, binder and editor services, compiled to
 * JavaScript with Bridge.NET) and builds its GlobalState from a hunting schema.
 *
 * Kusto.Language is a global-script library: loading it defines the globals `Bridge`, `System`
 * and `Kusto`. So it is only ever loaded in our own child processes (the language server and the
 * emulator), never in the shared extension host. The two files ship beside the server bundle
 * (dist/server/kusto/) rather than through esbuild; from source they come from node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HuntingSchema, SchemaFunction, KqlType } from '../core/schema/schema';

const FILES = ['bridge.min.js', 'Kusto.Language.Bridge.min.js'] as const;

let loaded = false;

function candidateDirs(): string[] {
  const dirs = [
    path.join(__dirname, 'kusto'),                 // dist/server/server.js -> dist/server/kusto
    path.join(__dirname, '..', 'server', 'kusto'), // dist/emulator/emulator.js -> dist/server/kusto
  ];
  if (process.env.DH_KUSTO_DIR) dirs.unshift(process.env.DH_KUSTO_DIR);
  try {
    dirs.push(path.dirname(require.resolve('@kusto/language-service-next/package.json')));
  } catch { /* not installed: packaged extension */ }
  return dirs;
}

/** Loads Kusto.Language once per process and returns its root namespace. */
export function loadKusto(): typeof Kusto {
  if (!loaded) {
    const dir = candidateDirs().find((d) => FILES.every((f) => fs.existsSync(path.join(d, f))));
    if (!dir) throw new Error(`Kusto.Language not found (looked in ${candidateDirs().join(', ')})`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a global script, loaded for its side effects
    for (const f of FILES) require(path.join(dir, f));
    loaded = true;
  }
  return (globalThis as unknown as { Kusto: typeof Kusto }).Kusto;
}

/** Bridge's IReadOnlyList/IEnumerable -> a JS array. */
export function toArray<T>(list: unknown): T[] {
  if (list == null) return [];
  return (globalThis as unknown as { Bridge: { toArray(l: unknown): T[] } }).Bridge.toArray(list);
}

/** Bridge enums are plain objects ({Column: 13, ...}): reverse lookup for display and switches. */
const enumNames = new Map<object, Map<number, string>>();
export function enumName(enumObject: object, value: number): string {
  let names = enumNames.get(enumObject);
  if (!names) {
    names = new Map(Object.entries(enumObject).filter(([k, v]) => !k.startsWith('$') && typeof v === 'number').map(([k, v]) => [v as number, k]));
    enumNames.set(enumObject, names);
  }
  return names.get(value) ?? String(value);
}

function scalarType(K: typeof Kusto, t: KqlType): Kusto.Language.Symbols.ScalarSymbol {
  const symbol = K.Language.Symbols.ScalarTypes.GetSymbol(t);
  if (!symbol) throw new Error(`unknown scalar type ${t}`);
  return symbol;
}

/** KQL has no `string(null)`: an empty string literal stands for a null string default. */
function typedNull(t: KqlType): string {
  return t === 'string' ? '""' : `${t}(null)`;
}

/**
 * A Defender function as a Kusto symbol.
 * - `invoke` functions (FileProfile, DeviceFromIP, SeenBy, Get*Behaviors) take the piped table and
 *   return its columns plus their documented output columns.
 * - `call` functions (AssignedIPAddresses) are plain tabular functions with a typed body.
 */
function functionSymbol(K: typeof Kusto, fn: SchemaFunction): Kusto.Language.Symbols.FunctionSymbol {
  const S = K.Language.Symbols;
  if (fn.kind === 'invoke') {
    const param = (name: string, kind: Kusto.Language.Symbols.ParameterTypeKind, min: number) =>
      new S.Parameter.ctor(name, kind, S.ArgumentKind.Expression, null, null, false, null, min, 1, null, null);
    const params = [param('T', S.ParameterTypeKind.Tabular, 1), ...fn.parameters.map((p) =>
      param(p.name, p.type === 'int' || p.type === 'long' ? S.ParameterTypeKind.Integer : S.ParameterTypeKind.Scalar, p.default === undefined ? 1 : 0))];
    const added = fn.outputColumns.map((c) => new S.ColumnSymbol(c.name, scalarType(K, c.type), null, null, null, null));
    const addedNames = new Set(fn.outputColumns.map((c) => c.name));
    const returnType = (ctx: Kusto.Language.Symbols.CustomReturnTypeContext) => {
      const input = toArray<Kusto.Language.Symbols.TableSymbol>(ctx.ArgumentTypes)[0];
      const inputColumns = input?.Columns ? toArray<Kusto.Language.Symbols.ColumnSymbol>(input.Columns) : [];
      return new S.TableSymbol.ctor(inputColumns.filter((c) => !addedNames.has(c.Name ?? '')).concat(added));
    };
    return new S.FunctionSymbol.ctor(fn.name, returnType as never, S.Tabularity.Tabular, params);
  }
  const params = fn.parameters.map((p) => `${p.name}:${p.type}` + (p.default === undefined ? '' : '=' + (p.default === 'null' ? typedNull(p.type) : p.default)));
  const body = `{ datatable(${fn.outputColumns.map((c) => `${c.name}:${c.type}`).join(', ')})[] }`;
  return new S.FunctionSymbol.$ctor16(fn.name, `(${params.join(', ')})`, body, null);
}

export interface GlobalsOptions {
  /**
   * Tables to declare *open*: any column name resolves on them. The language server declares
   * removed Defender tables this way so a query that still uses one gets a single targeted
   * warning on the table name instead of an error on every column after it.
   */
  readonly openTables?: readonly string[];
}

/** Kusto's GlobalState with one database holding the hunting schema's tables and functions. */
export function buildGlobals(schema: HuntingSchema, databaseName = 'DefenderXDR', options: GlobalsOptions = {}): Kusto.Language.GlobalState {
  const K = loadKusto();
  const S = K.Language.Symbols;
  const members: Kusto.Language.Symbols.Symbol[] = schema.tables.map((t) =>
    new S.TableSymbol.$ctor4(t.name, t.columns.map((c) => new S.ColumnSymbol(c.name, scalarType(K, c.type), null, null, null, null))));
  for (const name of options.openTables ?? []) {
    if (schema.tables.some((t) => t.name === name)) continue;
    const open = new S.TableSymbol.$ctor4(name, []).WithIsOpen(true);
    if (open) members.push(open);
  }
  for (const fn of schema.functions) members.push(functionSymbol(K, fn));
  const db = new S.DatabaseSymbol.$ctor1(databaseName, members as never, false);
  const globals = K.Language.GlobalState.Default?.WithDatabase(db);
  if (!globals) throw new Error('Kusto.Language: could not build the global state');
  return globals;
}
