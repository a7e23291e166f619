/**
 * Makes Kusto.Language's completion ~5x cheaper without changing its results.
 *
 * Measured (see docs/language.md): of the ~25 ms a completion call costs on a 15-line block,
 * ~20 ms go to rebuilding the same ~400 built-in function items on every call: formatting each
 * signature for display, then copying each item (`WithBeforeText` to append a space in boolean
 * contexts, `WithRetrigger`, `WithOrderText`). Those steps are pure functions of the symbol or
 * item, so their results are remembered here:
 *
 *  - `KustoCompleter.GetCompletionItemsForSymbol` for built-in function symbols, keyed by the
 *    symbol and by every context fact its C# source branches on for functions (start of query,
 *    inside `invoke`, parameter injection, name-only);
 *  - `KustoCompleter.AddSpaceToCompletionItem` and `Retriggered`, keyed by the item;
 *  - `CompletionItem.WithOrderText`, keyed by the item and the text.
 *
 * These are internal (C#-private) methods of the Bridge.NET build of @kusto/language-service-next
 * 12.4.1. If a later version renames them, {@link installCompletionMemo} finds them missing and
 * leaves the library untouched: completion is then slower, never different.
 * test/language/completionMemo.test.ts checks that results are identical with and without it.
 */
import { toArray } from './kusto';

type Fn = (this: unknown, ...args: unknown[]) => unknown;
interface Item { BeforeText: string | null }
interface Completer {
  _code: { Globals: { IsBuiltInFunction(f: unknown): boolean } };
  _options: { EnableParameterInjection: boolean };
}

const installed = new WeakMap<object, () => void>();

/** Installs the memo on Kusto.Language's completer; returns a function that removes it. */
export function installCompletionMemo(K: typeof Kusto): (() => void) | undefined {
  const editor = K.Language.Editor as unknown as {
    KustoCompleter?: { prototype: Record<string, Fn>; IsStartOfQuery?: (n: unknown) => boolean; IsInvokeFunctionContext?: (n: unknown) => boolean };
    CompletionItem?: { prototype: Record<string, Fn> };
  };
  const completer = editor.KustoCompleter;
  const item = editor.CompletionItem;
  const names = ['GetCompletionItemsForSymbol', 'AddSpaceToCompletionItem', 'Retriggered'];
  if (!completer || !item || names.some((n) => typeof completer.prototype[n] !== 'function')
    || typeof item.prototype.WithOrderText !== 'function'
    || typeof completer.IsStartOfQuery !== 'function' || typeof completer.IsInvokeFunctionContext !== 'function') {
    return undefined;
  }
  const existing = installed.get(completer.prototype);
  if (existing) return existing;

  const bridge = globalThis as unknown as {
    Bridge: { is(o: unknown, t: unknown): boolean };
    System: { Collections: { Generic: { List$1: (t: unknown) => { ctor: new () => { add(i: unknown): void } } } } };
  };
  const FunctionSymbol = K.Language.Symbols.FunctionSymbol;
  const ItemList = bridge.System.Collections.Generic.List$1(K.Language.Editor.CompletionItem);
  const original = {
    forSymbol: completer.prototype.GetCompletionItemsForSymbol,
    addSpace: completer.prototype.AddSpaceToCompletionItem,
    retriggered: completer.prototype.Retriggered,
    withOrderText: item.prototype.WithOrderText,
  };
  const isStartOfQuery = completer.IsStartOfQuery.bind(completer);
  const isInvoke = completer.IsInvokeFunctionContext.bind(completer);

  // globals → symbol → context flags → the items GetCompletionItemsForSymbol produced
  const bySymbol = new WeakMap<object, WeakMap<object, Map<string, unknown[]>>>();
  completer.prototype.GetCompletionItemsForSymbol = function forSymbol(this: Completer, symbol: unknown, contextNode: unknown, nameOnly: unknown, items: unknown) {
    if (nameOnly || !bridge.Bridge.is(symbol, FunctionSymbol) || !this._code.Globals.IsBuiltInFunction(symbol)) {
      return original.forSymbol.call(this, symbol, contextNode, nameOnly, items);
    }
    const key = `${isStartOfQuery(contextNode)}|${isInvoke(contextNode)}|${this._options.EnableParameterInjection}`;
    let symbols = bySymbol.get(this._code.Globals);
    if (!symbols) bySymbol.set(this._code.Globals, symbols = new WeakMap());
    let byKey = symbols.get(symbol as object);
    if (!byKey) symbols.set(symbol as object, byKey = new Map());
    const list = items as { add(i: unknown): void };
    let made = byKey.get(key);
    if (!made) {
      const scratch = new ItemList.ctor();
      original.forSymbol.call(this, symbol, contextNode, nameOnly, scratch);
      made = toArray<unknown>(scratch);
      byKey.set(key, made);
    }
    for (const m of made) list.add(m);
    return undefined;
  } as unknown as Fn;

  const memo1 = (fn: Fn) => {
    const cache = new WeakMap<object, unknown>();
    return function memoized(this: unknown, it: object) {
      let r = cache.get(it);
      if (r === undefined) cache.set(it, r = fn.call(this, it));
      return r;
    } as unknown as Fn;
  };
  completer.prototype.AddSpaceToCompletionItem = memo1(original.addSpace);
  completer.prototype.Retriggered = memo1(original.retriggered);

  const ordered = new WeakMap<object, Map<string, unknown>>();
  item.prototype.WithOrderText = function (this: Item, text: unknown) {
    let byText = ordered.get(this);
    if (!byText) ordered.set(this, byText = new Map());
    let r = byText.get(String(text));
    if (r === undefined) byText.set(String(text), r = original.withOrderText.call(this, text));
    return r;
  } as unknown as Fn;

  const restore = () => {
    completer.prototype.GetCompletionItemsForSymbol = original.forSymbol;
    completer.prototype.AddSpaceToCompletionItem = original.addSpace;
    completer.prototype.Retriggered = original.retriggered;
    item.prototype.WithOrderText = original.withOrderText;
    installed.delete(completer.prototype);
  };
  installed.set(completer.prototype, restore);
  return restore;
}
