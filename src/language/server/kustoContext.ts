/**
 * The schema the server checks queries against and Kusto.Language's GlobalState built from it.
 * Replaced at run time by the `kql/schema` notification; each replacement bumps `generation` so
 * caches keyed on analyses know they are stale.
 */
import { LEGACY_NAMES } from '../../core/schema/legacyNames';
import { defenderSchema, type HuntingSchema } from '../../core/schema/schema';
import { installCompletionMemo } from '../../kusto/completionMemo';
import { buildGlobals, loadKusto } from '../../kusto/kusto';

export class KustoContext {
  private currentSchema: HuntingSchema;
  private currentGlobals: Kusto.Language.GlobalState | undefined;
  private tableNames: Set<string>;
  private functionNames: Set<string>;
  /** Bumped on every schema change. */
  generation = 0;

  constructor(schema: HuntingSchema = defenderSchema()) {
    this.currentSchema = schema;
    this.tableNames = new Set(schema.tables.map((t) => t.name));
    this.functionNames = new Set(schema.functions.map((f) => f.name));
  }

  private memoInstalled = false;

  /** Kusto.Language's root namespace (loads the library on first use, with the completion memo). */
  get K(): typeof Kusto {
    const K = loadKusto();
    if (!this.memoInstalled) {
      installCompletionMemo(K);
      this.memoInstalled = true;
    }
    return K;
  }

  get schema(): HuntingSchema {
    return this.currentSchema;
  }

  /** Built on first use: loading Kusto.Language and the schema costs a few hundred ms. */
  get globals(): Kusto.Language.GlobalState {
    this.currentGlobals ??= buildGlobals(this.currentSchema, 'DefenderXDR', {
      // Removed tables stay resolvable (as open tables) so the only report is our targeted warning.
      openTables: LEGACY_NAMES.filter((l) => l.kind === 'table' && l.status === 'removed').map((l) => l.name),
    });
    return this.currentGlobals;
  }

  setSchema(schema: HuntingSchema): void {
    this.currentSchema = schema;
    this.tableNames = new Set(schema.tables.map((t) => t.name));
    this.functionNames = new Set(schema.functions.map((f) => f.name));
    this.currentGlobals = undefined;
    this.generation++;
  }

  hasTable(name: string): boolean {
    return this.tableNames.has(name);
  }

  hasFunction(name: string): boolean {
    return this.functionNames.has(name);
  }
}
