/**
 * The query engine behind both endpoints: Kusto.Language's global state for the Defender schema
 * (built once, warmed up in the background after start) and the sample dataset, queried through a
 * time window.
 */
import { defenderSchema, type HuntingSchema } from '../core/schema/schema';
import { buildGlobals, loadKusto } from '../kusto/kusto';
import type { TableSource } from './executor/context';
import { executeQuery, type QueryOutput } from './executor/execute';
import { ticksFromMs } from './executor/time';
import type { Dataset } from './data/dataset';
import type { TimeWindow } from './timespan';

/** One Kusto global state per schema per process: building it costs a few hundred ms. */
const globalsBySchema = new WeakMap<HuntingSchema, Kusto.Language.GlobalState>();

export class QueryEngine {
  private globals?: Kusto.Language.GlobalState;

  constructor(
    private readonly dataset: Dataset,
    private readonly clock: () => number,
    private readonly schema: HuntingSchema = defenderSchema(),
  ) {}

  /** Loads Kusto.Language and pays its first-analysis cost (about a second) before the first hunt. */
  warmUp(): void {
    const globals = this.globalState();
    loadKusto().Language.KustoCode.ParseAndAnalyze('DeviceProcessEvents | where Timestamp > ago(1d) | summarize count() by DeviceName | take 1', globals);
  }

  private globalState(): Kusto.Language.GlobalState {
    if (!this.globals) {
      this.globals = globalsBySchema.get(this.schema) ?? buildGlobals(this.schema);
      globalsBySchema.set(this.schema, this.globals);
    }
    return this.globals;
  }

  run(query: string, window: TimeWindow, source?: TableSource): QueryOutput {
    return executeQuery(query, this.globalState(), {
      source: source ?? this.dataset.windowed(window.from, window.to),
      now: ticksFromMs(this.clock()),
    });
  }
}
