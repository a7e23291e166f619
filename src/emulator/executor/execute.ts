/**
 * Runs one KQL query: analyse it with Kusto.Language (errors become engine-like 400s), then
 * interpret its statements over a TableSource. Returns the first tabular result and the hints
 * gathered on the way (`render`).
 */
import { Frame, type QueryHints, type TableSource } from './context';
import { analyzeQuery } from './analyze';
import { QueryError, positionMarker } from './errors';
import { elements } from './syntax';
import { runStatements } from './tabular';
import type { Table } from './values';

export interface ExecuteOptions {
  readonly source: TableSource;
  /** `now()` in ticks; fixed for the whole query. */
  readonly now: number;
  /** Guard against runaway joins and expansions (default 5,000,000 rows). */
  readonly maxIntermediateRows?: number;
}

export interface QueryOutput {
  readonly table: Table;
  readonly hints: QueryHints;
}

export function executeQuery(query: string, globals: Kusto.Language.GlobalState, options: ExecuteOptions): QueryOutput {
  try {
    const code = analyzeQuery(query, globals);
    const block = code.Syntax as Kusto.Language.Syntax.QueryBlock;
    const hints: QueryHints = {};
    const ctx = { query, now: options.now, source: options.source, maxIntermediateRows: options.maxIntermediateRows ?? 5_000_000, hints };
    const results = runStatements(elements<Kusto.Language.Syntax.Statement>(block.Statements), { ctx, frame: new Frame() });
    const table = results[0];
    if (!table) throw new QueryError(`Syntax error: the query has no tabular expression to run ${positionMarker(query, query.length)}`, 'syntax', query.length);
    return { table, hints };
  } catch (e) {
    if (e instanceof QueryError && e.offset !== undefined && !/\[line:position=\d+:\d+\]$/.test(e.message)) {
      e.message = `${e.message} ${positionMarker(query, e.offset)}`;
    }
    throw e;
  }
}

