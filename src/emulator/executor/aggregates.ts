/**
 * Aggregation functions for summarize. Each compiles to a factory of per-group accumulators.
 * dcount is exact here (the engine's is an estimate; exact counts make tests hand-checkable).
 */
import type { KqlType } from '../../core/schema/schema';
import type { Evaluator } from './context';
import { QueryError, UnsupportedError } from './errors';
import { callArgs, callName } from './calls';
import { compileScalar, type Scope } from './scalar';
import { kind, symbolColumns, typeOf, type Expr } from './syntax';
import { compareValues, keyOf, toDynamic, type Row, type Value } from './values';

export interface Accumulator {
  add(row: Row): void;
  /** One value, or several for multi-column aggregates (arg_max(x, *), percentiles). */
  result(): Value[];
}

export interface CompiledAggregate {
  /** Number of output columns. */
  readonly width: number;
  create(): Accumulator;
}

type Call = Kusto.Language.Syntax.FunctionCallExpression;

const ALIASES: Record<string, string> = {
  makeset: 'make_set', makelist: 'make_list', argmax: 'arg_max', argmin: 'arg_min', any: 'take_any', anyif: 'take_anyif',
  count_distinct: 'dcount', count_distinctif: 'dcountif',
};

const MAX_SET = 1_048_576;

export function compileAggregate(call: Call, scope: Scope): CompiledAggregate {
  const raw = callName(call);
  const name = ALIASES[raw] ?? raw;
  const args = callArgs(call);
  const ev = (i: number): Evaluator => compileScalar(args[i], scope);
  const t = (i: number): KqlType => typeOf(args[i]);
  const limit = (i: number): number => (args[i] ? Number(compileScalar(args[i], scope)([]) ?? MAX_SET) : MAX_SET);
  const single = (create: () => { add(row: Row): void; value(): Value }): CompiledAggregate => ({
    width: 1,
    create: () => { const a = create(); return { add: a.add, result: () => [a.value()] }; },
  });
  const present = (v: Value) => v !== null && v !== undefined;

  switch (name) {
    case 'count': {
      if (args.length === 0) return single(() => { let n = 0; return { add: () => { n++; }, value: () => n }; });
      const x = ev(0);
      return single(() => { let n = 0; return { add: (r) => { const v = x(r); if (present(v) && v !== '') n++; }, value: () => n }; });
    }
    case 'countif': {
      const p = ev(0);
      return single(() => { let n = 0; return { add: (r) => { if (p(r) === true) n++; }, value: () => n }; });
    }
    case 'dcount': case 'dcountif': {
      const x = ev(0);
      const p = name === 'dcountif' ? ev(1) : () => true;
      return single(() => { const s = new Set<string>(); return { add: (r) => { if (p(r) !== true) return; const v = x(r); if (present(v)) s.add(keyOf(v)); }, value: () => s.size }; });
    }
    case 'sum': case 'sumif': {
      const x = ev(0);
      const p = name === 'sumif' ? ev(1) : () => true;
      const integer = ['long', 'int', 'timespan'].includes(typeOf(call));
      return single(() => {
        let s = 0, any = false;
        return { add: (r) => { if (p(r) !== true) return; const v = x(r); if (typeof v === 'number') { s += v; any = true; } else if (typeof v === 'boolean') { s += v ? 1 : 0; any = true; } },
          value: () => (any ? (integer ? Math.round(s) : s) : integer ? 0 : 0) };
      });
    }
    case 'avg': case 'avgif': {
      const x = ev(0);
      const p = name === 'avgif' ? ev(1) : () => true;
      return single(() => { let s = 0, n = 0; return { add: (r) => { if (p(r) !== true) return; const v = x(r); if (typeof v === 'number') { s += v; n++; } }, value: () => (n ? s / n : null) }; });
    }
    case 'min': case 'max': case 'minif': case 'maxif': {
      const x = ev(0);
      const p = name.endsWith('if') ? ev(1) : () => true;
      const sign = name.startsWith('max') ? 1 : -1;
      const isString = t(0) === 'string';
      return single(() => {
        let best: Value = null;
        return { add: (r) => { if (p(r) !== true) return; const v = x(r); if (!present(v) || (isString && v === '')) return; if (best === null || sign * compareValues(v, best) > 0) best = v; },
          value: () => (best === null && isString ? '' : best) };
      });
    }
    case 'make_set': case 'make_set_if': case 'make_list': case 'make_list_if': case 'make_list_with_nulls': {
      const x = ev(0);
      const conditional = name.endsWith('_if');
      const p = conditional ? ev(1) : () => true;
      const max = limit(conditional ? 2 : 1);
      const type = t(0);
      const isSet = name.startsWith('make_set');
      const keepNulls = name === 'make_list_with_nulls';
      return single(() => {
        const out: unknown[] = [];
        const seen = new Set<string>();
        return {
          add: (r) => {
            if (out.length >= max || p(r) !== true) return;
            const v = x(r);
            if (!present(v) && !keepNulls) return;
            const d = toDynamic(v, type);
            if (isSet) { const k = keyOf(d as Value); if (seen.has(k)) return; seen.add(k); }
            out.push(d);
          },
          value: () => out,
        };
      });
    }
    case 'make_bag': case 'make_bag_if': {
      const x = ev(0);
      const p = name === 'make_bag_if' ? ev(1) : () => true;
      return single(() => {
        const out: Record<string, unknown> = {};
        return { add: (r) => { if (p(r) !== true) return; const v = x(r); if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, e] of Object.entries(v)) if (!(k in out)) out[k] = e; }, value: () => out };
      });
    }
    case 'arg_max': case 'arg_min': case 'take_any': case 'take_anyif':
      return compileArgExtreme(call, name, args, scope);
    case 'stdev': case 'stdevif': case 'variance': case 'varianceif': {
      const x = ev(0);
      const p = name.endsWith('if') ? ev(1) : () => true;
      const isStdev = name.startsWith('stdev');
      return single(() => {
        const xs: number[] = [];
        return { add: (r) => { if (p(r) !== true) return; const v = x(r); if (typeof v === 'number') xs.push(v); },
          value: () => {
            if (xs.length < 2) return 0;
            const m = xs.reduce((a, b) => a + b, 0) / xs.length;
            const variance = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
            return isStdev ? Math.sqrt(variance) : variance;
          } };
      });
    }
    case 'percentile': case 'percentiles': case 'percentiles_array': {
      const x = ev(0);
      const ps = args.slice(1).flatMap((a) => { const v = compileScalar(a, scope)([]); return Array.isArray(v) ? (v as number[]) : [Number(v)]; });
      const asArray = name === 'percentiles_array';
      return {
        width: asArray ? 1 : ps.length,
        create: () => {
          const xs: Value[] = [];
          return {
            add: (r) => { const v = x(r); if (present(v)) xs.push(v); },
            result: () => {
              xs.sort(compareValues);
              const values = ps.map((p) => (xs.length ? xs[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] : null));
              return asArray ? [values] : values;
            },
          };
        },
      };
    }
    default:
      throw new UnsupportedError(`The aggregation function '${raw}'`, call.TextStart);
  }
}

/** arg_max / arg_min / take_any: keep the winning row's values of the listed (or all) columns. */
function compileArgExtreme(call: Call, name: string, args: Expr[], scope: Scope): CompiledAggregate {
  const tuple = symbolColumns(call.ResultType);
  const hasStar = args.some((a) => kind(a) === 'StarExpression');
  const isAny = name.startsWith('take_any');
  const conditional = name === 'take_anyif';
  const predicate = conditional ? compileScalar(args[1], scope) : undefined;
  const valueArgs = conditional ? [args[0]] : args;
  let readers: Evaluator[];
  if (hasStar) {
    const starIndex = valueArgs.findIndex((a) => kind(a) === 'StarExpression');
    const explicit = valueArgs.slice(0, starIndex).map((a) => compileScalar(a, scope));
    const rest = tuple.slice(explicit.length).map((c) => {
      const i = scope.columns.get(c.name);
      if (i === undefined) throw new UnsupportedError(`${name}() with '*' over the column '${c.name}'`, call.TextStart);
      return (row: Row) => row[i];
    });
    readers = [...explicit, ...rest];
  } else {
    readers = valueArgs.map((a) => compileScalar(a, scope));
  }
  if (tuple.length && readers.length !== tuple.length && !isAny) {
    throw new QueryError(`internal: ${name}() yields ${readers.length} values for ${tuple.length} columns`, 'runtime', call.TextStart);
  }
  const key = readers[0];
  const sign = name === 'arg_max' ? 1 : -1;
  return {
    width: readers.length,
    create: () => {
      let best: Row | undefined;
      let bestKey: Value = null;
      return {
        add: (row) => {
          if (predicate && predicate(row) !== true) return;
          if (isAny) { if (!best) best = row; return; }
          const k = key(row);
          if (k === null || k === undefined) return;
          if (best === undefined || sign * compareValues(k, bestKey) > 0) { best = row; bestKey = k; }
        },
        result: () => (best ? readers.map((r) => r(best as Row)) : readers.map(() => null)),
      };
    },
  };
}
