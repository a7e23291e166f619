/**
 * How a cell reads as text: the one definition used by the grid, search, filters and copy,
 * so what the user sees is what they search and what they copy.
 */
import { cutWithEllipsis } from '../../shared/text';
import type { CellValue } from './resultSet';

/** Longest text the grid receives per cell (a 2000 px column shows ~250 characters; longer text only costs layout). The full value stays in the host for copy and inspect. */
export const DISPLAY_LIMIT = 300;

/** The full text of a value: strings as they are, numbers and booleans in JS spelling, objects as compact JSON, null as ''. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string': return value;
    case 'number': return String(value);
    case 'boolean': return value ? 'true' : 'false';
    default: return safeStringify(value);
  }
}

/** What the grid shows: like {@link cellText}, shortened to {@link DISPLAY_LIMIT} characters; null stays null. */
export function displayText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = cellText(value);
  return text.length > DISPLAY_LIMIT ? cutWithEllipsis(text, DISPLAY_LIMIT - 1) : text;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // Cycles cannot come from JSON, but a ResultSet built in code could hold one.
    return String(value);
  }
}

/**
 * A value worth pretty-printing: an object/array, or a string that holds a JSON object or array
 * (Defender sends some `dynamic` columns, e.g. AdditionalFields, as JSON text).
 */
export function asJson(value: CellValue | undefined): unknown {
  if (value !== null && typeof value === 'object') return value;
  if (typeof value !== 'string') return undefined;
  const t = value.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
