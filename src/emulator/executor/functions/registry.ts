/**
 * The table of built-in scalar functions the emulator implements. Each family module (strings,
 * datetime, dynamic, math, conversion) adds its functions here; a call to a name not in the table
 * is a 400 "... is not supported by the offline emulator".
 */
import type { KqlType } from '../../../core/schema/schema';
import type { ExecContext } from '../context';
import type { Value } from '../values';

export interface CallInfo {
  readonly name: string;
  /** Static types of the arguments, from Kusto.Language's binder. */
  readonly argTypes: readonly KqlType[];
  /** Static type of the call's result. */
  readonly resultType: KqlType;
  readonly ctx: ExecContext;
  /** Per call site: compiled regexes and other values derived from constant arguments. */
  readonly cache: Map<unknown, unknown>;
}

export type ScalarFunction = (args: Value[], info: CallInfo) => Value;

export const scalarFunctions = new Map<string, ScalarFunction>();

/** Registers `fn` under each name (aliases like `makeset`/`make_set`, `iif`/`iff`). */
export function define(names: string | readonly string[], fn: ScalarFunction): void {
  for (const n of typeof names === 'string' ? [names] : names) scalarFunctions.set(n, fn);
}

/** Caches a value computed from a call's constant argument (a compiled regex, a parsed format). */
export function cached<T>(info: CallInfo, key: unknown, make: () => T): T {
  let v = info.cache.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    if (info.cache.size > 1000) info.cache.clear();
    info.cache.set(key, v);
  }
  return v;
}

export const str = (v: Value): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
export const num = (v: Value): number | null => (v === null || v === undefined || v === '' ? null : typeof v === 'number' ? v : Number(v));
