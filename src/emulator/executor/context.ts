/**
 * What an executing query can see: the data, the clock, the time window, and the variables bound
 * by `let` statements and function calls (a chain of frames).
 */
import type { Row, Table, Value } from './values';

/** Where database tables come from (the seeded sample data, or a fixed dataset in tests). */
export interface TableSource {
  /** Rows of a database table already limited to the query's time window, or undefined if unknown. */
  table(name: string): Table | undefined;
  /** Names of the tables that have data (for `search` without `in`). */
  tableNames?(): readonly string[];
  /** What `invoke FileProfile()` knows about a file hash (SHA1 or SHA256), if the source has profiles. */
  fileProfile?(hash: string): Record<string, Value> | undefined;
}

export interface ExecContext {
  readonly query: string;
  /** `now()` for the whole query, in ticks (Kusto fixes it once per query). */
  readonly now: number;
  readonly source: TableSource;
  /** Stops runaway queries (cross joins, mv-expand blow-ups) with a 400 like the engine's. */
  readonly maxIntermediateRows: number;
  /** Filled while running: what the query asked for beyond its rows (the `render` hint). */
  readonly hints: QueryHints;
}

export interface QueryHints {
  render?: RenderHint;
}

/** `render <visualization> [with (k=v, ...)]`: the API returns no chart, so this is only a hint. */
export interface RenderHint {
  readonly visualization: string;
  readonly properties: Record<string, string>;
}

/** A let-bound user function: its declaration node, called through Kusto.Language's expansion. */
export interface UserFunction {
  readonly kind: 'function';
  readonly declaration: Kusto.Language.Syntax.FunctionDeclaration;
}

/** What a name can be bound to. */
export type Binding =
  | { readonly kind: 'scalar'; readonly value: Value }
  | { readonly kind: 'table'; readonly table: Table }
  | UserFunction
  | LazyTable;

/** A tabular `let` evaluated on first use (unused lets cost nothing, as in Kusto). */
export interface LazyTable {
  readonly kind: 'lazy';
  get(): Table;
}

export class Frame {
  private readonly vars = new Map<string, Binding>();
  constructor(readonly parent?: Frame) {}

  set(name: string, value: Binding): void {
    this.vars.set(name, value);
  }

  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): Binding | undefined {
    if (this.vars.has(name)) return this.vars.get(name);
    return this.parent?.get(name);
  }
}

/** Compiled scalar expression: evaluates against one row. */
export type Evaluator = (row: Row) => Value;
