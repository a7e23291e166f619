/**
 * Case-insensitive property access for JSON from the hunting APIs: Graph sends `schema`/`results`
 * and documents `name`/`type` but its own samples use `Name`/`Type`; the legacy API sends
 * PascalCase (api-spec.md §2.2, §6). The exact spelling is tried first (the common, fast case).
 */
export function getKey(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(o, name)) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}
