/** Names of aggregation functions: valid only inside summarize (and friends). */
export const AGGREGATE_NAMES: ReadonlySet<string> = new Set([
  'count', 'countif', 'dcount', 'dcountif', 'count_distinct', 'count_distinctif', 'sum', 'sumif', 'avg', 'avgif', 'min', 'max', 'minif', 'maxif',
  'make_set', 'make_set_if', 'makeset', 'make_list', 'make_list_if', 'makelist', 'make_bag', 'make_bag_if', 'arg_max', 'arg_min', 'argmax', 'argmin',
  'take_any', 'any', 'take_anyif', 'anyif', 'stdev', 'stdevif', 'variance', 'varianceif', 'percentile', 'percentiles', 'percentiles_array',
  'binary_all_and', 'binary_all_or', 'hll', 'hll_merge', 'tdigest', 'make_list_with_nulls',
]);
