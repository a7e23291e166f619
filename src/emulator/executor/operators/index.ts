/** Dispatches a query operator node to its implementation. */
import { UnsupportedError } from '../errors';
import { kind } from '../syntax';
import type { Env } from '../tabular';
import type { Table } from '../values';
import * as basic from './basic';
import { evaluateOperator, invokeOperator } from './functions';
import { joinOperator, lookupOperator } from './join';
import { mvExpandOperator } from './mvExpand';
import { parseOperator } from './parse';
import * as project from './project';
import { findOperator, searchOperator } from './search';
import { makeSeriesOperator, topNestedOperator } from './series';
import { summarizeOperator } from './summarize';
import { unionOperator } from './union';

type Op = Kusto.Language.Syntax.QueryOperator;
type Impl = (op: never, input: Table, env: Env) => Table;

const OPERATORS: Record<string, Impl> = {
  FilterOperator: basic.filterOperator,
  TakeOperator: basic.takeOperator,
  CountOperator: basic.countOperator,
  DistinctOperator: basic.distinctOperator,
  SortOperator: basic.sortOperator,
  TopOperator: basic.topOperator,
  SerializeOperator: basic.serializeOperator,
  RenderOperator: basic.renderOperator,
  PrintOperator: basic.printOperator,
  RangeOperator: basic.rangeOperator,
  GetSchemaOperator: basic.getSchemaOperator,
  ProjectOperator: project.projectOperator,
  ExtendOperator: project.extendOperator,
  ProjectAwayOperator: project.reshapeOperator,
  ProjectKeepOperator: project.reshapeOperator,
  ProjectReorderOperator: project.reshapeOperator,
  ProjectRenameOperator: project.renameOperator,
  SummarizeOperator: summarizeOperator,
  JoinOperator: joinOperator,
  LookupOperator: lookupOperator,
  UnionOperator: unionOperator,
  MvExpandOperator: mvExpandOperator,
  ParseOperator: parseOperator,
  ParseWhereOperator: parseOperator,
  InvokeOperator: invokeOperator,
  EvaluateOperator: evaluateOperator,
  MakeSeriesOperator: makeSeriesOperator,
  TopNestedOperator: topNestedOperator,
  FindOperator: findOperator,
  SearchOperator: searchOperator,
};

/** Operator keywords for "not supported" messages. */
const KEYWORDS: Record<string, string> = {
  MakeSeriesOperator: 'make-series', MvApplyOperator: 'mv-apply', TopNestedOperator: 'top-nested', TopHittersOperator: 'top-hitters',
  FindOperator: 'find', SearchOperator: 'search', PartitionOperator: 'partition', ScanOperator: 'scan', FacetOperator: 'facet',
  ForkOperator: 'fork', SampleOperator: 'sample', SampleDistinctOperator: 'sample-distinct', ReduceByOperator: 'reduce',
  ParseKvOperator: 'parse-kv', AsOperator: 'as', ConsumeOperator: 'consume', MakeGraphOperator: 'make-graph', ExecuteAndCacheOperator: 'execute-and-cache',
};

export function applyOperator(op: Op, input: Table, env: Env): Table {
  const k = kind(op);
  const impl = OPERATORS[k];
  if (!impl) {
    const keyword = KEYWORDS[k] ?? op.GetFirstToken()?.Text ?? k;
    throw new UnsupportedError(`The '${keyword}' operator`, op.TextStart);
  }
  return impl(op as never, input, env);
}
