/**
 * Errors a query can end with. Every one becomes an HTTP 400 whose message reads like the hunting
 * engine's and ends in one position marker, `[line:position=L:P]`: as in the real engine's
 * messages, L is the 1-based line and P the 0-based character position in that line of the
 * offending text in the submitted query, so clients can point at it.
 */

export type QueryErrorKind = 'syntax' | 'semantic' | 'unsupported' | 'runtime' | 'limit';

export class QueryError extends Error {
  constructor(
    message: string,
    readonly kind: QueryErrorKind,
    /** Character offset into the query text, when known. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** A KQL feature the emulator does not implement: a 400, never a silently wrong answer. */
export class UnsupportedError extends QueryError {
  constructor(readonly feature: string, offset?: number) {
    super(`${feature} is not supported by the offline emulator`, 'unsupported', offset);
    this.name = 'UnsupportedError';
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return { line, column: end - lineStart + 1 };
}

/** The marker appended to error messages (0-based position, like the engine's). */
export function positionMarker(text: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return `[line:position=${line}:${column - 1}]`;
}

/** Parses the marker back (what an API client does) into a 1-based line and column. */
export function parsePositionMarker(message: string): { line: number; column: number } | undefined {
  const m = /\[line:position=(\d+):(\d+)\]\s*$/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) + 1 } : undefined;
}
