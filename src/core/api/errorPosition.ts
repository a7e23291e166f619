/**
 * Where in the query the hunting engine says an error is. The engine only reports positions in
 * its message text (and, in Kusto's own envelope, in `@line`/`@pos` fields), in more than one
 * spelling, so the parser accepts the common ones and returns editor-style numbers.
 *
 * Conventions (checked against public Kusto error texts, api-spec.md §2.5):
 *  - Kusto's `[line:position=L:P]` and `@line`/`@pos`: L is 1-based, P is a 0-based character
 *    offset within the line (`PerfTest take 5` fails at `[line:position=1:9]`, the `t` of
 *    `take`); `0:0` means "no position" (Kusto's generic parse failures print it).
 *  - Worded forms (`Line 2, Position 15`, `at line 2 column 15`, `Ln 2, Col 15`, `line: 2,
 *    column: 15`): both numbers are taken as 1-based, as editors and most tools print them.
 */

export interface ErrorPosition {
  /** 1-based line within the query that was sent. */
  readonly line: number;
  /** 1-based column; absent when the engine only named a line. */
  readonly column?: number;
}

const KUSTO_FORM = /line\s*:\s*position\s*=\s*(\d+)\s*:\s*(\d+)/i;
const WORDED_FORM = /\b(?:line|ln)\s*[:=#]?\s*(\d+)\s*(?:[,;]\s*|\s+)(?:and\s+)?(?:col(?:umn)?|pos(?:ition)?|char(?:acter)?)\s*[:=#]?\s*(\d+)/i;
const LINE_ONLY = /\b(?:at|on)\s+line\s*[:=#]?\s*(\d+)\b/i;

/** Kusto's envelope fields: `{ "@line": "2", "@pos": "7" }` (strings or numbers). */
export interface StructuredPosition {
  readonly line?: unknown;
  readonly pos?: unknown;
}

/** Parses a position from an engine message (and optional structured fields); undefined when none. */
export function parseErrorPosition(message: string | undefined, structured?: StructuredPosition): ErrorPosition | undefined {
  const fromFields = kustoPosition(toInt(structured?.line), toInt(structured?.pos));
  if (fromFields) return fromFields;
  if (!message) return undefined;
  const kusto = KUSTO_FORM.exec(message);
  if (kusto) return kustoPosition(Number(kusto[1]), Number(kusto[2]));
  const worded = WORDED_FORM.exec(message);
  if (worded) {
    const line = Number(worded[1]);
    const column = Number(worded[2]);
    if (line >= 1) return column >= 1 ? { line, column } : { line };
    return undefined;
  }
  const lineOnly = LINE_ONLY.exec(message);
  if (lineOnly && Number(lineOnly[1]) >= 1) return { line: Number(lineOnly[1]) };
  return undefined;
}

function kustoPosition(line: number | undefined, pos: number | undefined): ErrorPosition | undefined {
  if (line === undefined || pos === undefined) return undefined;
  if (line < 1) return undefined; // `0:0`: Kusto's "somewhere in the query"
  return { line, column: pos + 1 };
}

function toInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/**
 * Snaps a position onto the token the message names, when it is off by one. Engine messages
 * usually quote the offending text (`near 'whre'`, `at token: 'schem'`, `named 'Foo'`); when the
 * query at the reported column does not start with any quoted token but one character to the left
 * or right does, that column is used. This keeps diagnostics on the token whichever base a server
 * used for its column (Kusto's is 0-based; a server that printed 1-based columns would otherwise
 * land one character late). Without a quoted token, or without a match, the position is kept.
 */
export function alignToQuotedToken(position: ErrorPosition, query: string, message: string): ErrorPosition {
  if (position.column === undefined) return position;
  const tokens = [...message.matchAll(/'([^'\r\n]{1,200})'/g)].map((m) => m[1].trim()).filter((t) => t.length > 0);
  if (tokens.length === 0) return position;
  const lineText = query.split(/\r?\n/)[position.line - 1];
  if (lineText === undefined) return position;
  const startsAt = (col: number) => col >= 1 && tokens.some((t) => lineText.startsWith(t, col - 1));
  for (const col of [position.column, position.column - 1, position.column + 1]) {
    if (startsAt(col)) return { line: position.line, column: col };
  }
  return position;
}

/**
 * Removes a `[line:position=…]` marker from a message shown next to a diagnostic that already
 * sits at that position (the number would be relative to the sent query, not the file).
 */
export function stripPositionMarker(message: string): string {
  return message.replace(/\s*\[?\s*line\s*:\s*position\s*=\s*\d+\s*:\s*\d+\s*\]?\.?/gi, '').trim();
}
