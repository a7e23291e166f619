/**
 * The Defender XDR hunting schema: tables with typed columns, and the Defender functions.
 * The bundled snapshot (defender-schema.json) is the default; a tenant's own schema can replace
 * it at run time (same shape).
 */
import bundled from './defender-schema.json';

/** KQL scalar type names as Kusto.Language spells them. */
export type KqlType = 'string' | 'long' | 'int' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export const KQL_TYPES: readonly KqlType[] = ['string', 'long', 'int', 'real', 'decimal', 'bool', 'datetime', 'timespan', 'guid', 'dynamic'];

export interface SchemaColumn { readonly name: string; readonly type: KqlType }
export interface SchemaTable { readonly name: string; readonly columns: readonly SchemaColumn[] }
export interface SchemaFunctionParameter { readonly name: string; readonly type: KqlType; readonly default?: string }
export interface SchemaFunction {
  readonly name: string;
  /** `invoke`: used as `T | invoke F(...)`, adds its output columns to the input; `call`: a tabular function. */
  readonly kind: 'invoke' | 'call';
  readonly parameters: readonly SchemaFunctionParameter[];
  readonly outputColumns: readonly SchemaColumn[];
  readonly preservesInput?: boolean;
}
export interface HuntingSchema {
  readonly tables: readonly SchemaTable[];
  readonly functions: readonly SchemaFunction[];
}

/**
 * Columns every table also has in the unified portal though the docs omit them. `TimeGenerated`
 * appears in many recent public Defender queries; without it they show false errors.
 */
export const EXTRA_COLUMNS: readonly SchemaColumn[] = [{ name: 'TimeGenerated', type: 'datetime' }];

export function isKqlType(t: unknown): t is KqlType {
  return typeof t === 'string' && (KQL_TYPES as readonly string[]).includes(t);
}

/** Validates and normalises a schema document (bundled or from a tenant); adds {@link EXTRA_COLUMNS}. */
export function parseSchema(doc: unknown, extraColumns: readonly SchemaColumn[] = EXTRA_COLUMNS): HuntingSchema {
  const d = doc as { tables?: unknown; functions?: unknown };
  if (!d || !Array.isArray(d.tables)) throw new Error('schema: "tables" must be an array');
  const tables = d.tables.map((t: { name?: unknown; columns?: unknown }) => {
    if (typeof t?.name !== 'string' || !Array.isArray(t.columns)) throw new Error('schema: each table needs a name and columns');
    const columns = t.columns.map((c: { name?: unknown; type?: unknown }) => {
      if (typeof c?.name !== 'string' || !isKqlType(c.type)) throw new Error(`schema: bad column in ${t.name as string}`);
      return { name: c.name, type: c.type };
    });
    for (const x of extraColumns) if (!columns.some((c) => c.name === x.name)) columns.push(x);
    return { name: t.name, columns };
  });
  const functions = Array.isArray(d.functions) ? (d.functions as SchemaFunction[]) : [];
  return { tables, functions };
}

let cached: HuntingSchema | undefined;
/** The bundled Defender schema (with TimeGenerated on every table). */
export function defenderSchema(): HuntingSchema {
  cached ??= parseSchema(bundled);
  return cached;
}

/** Case-sensitive lookup, as KQL is. */
export function findTable(schema: HuntingSchema, name: string): SchemaTable | undefined {
  return schema.tables.find((t) => t.name === name);
}
