/**
 * Which text a "Run hunt" sends, and how the engine's error positions map back into the
 * document. A non-empty selection wins; otherwise the blank-line block under the cursor
 * (see blocks.ts); "run file" sends everything.
 */
import { blockAtOffset } from './blocks';

export interface QueryToRun {
  readonly query: string;
  /** Offset in the document of the query's first character. */
  readonly startOffset: number;
  /** Zero-based lines (inclusive) the query spans in the document. */
  readonly startLine: number;
  readonly endLine: number;
  /** Zero-based column of the first character (non-zero only for a selection starting mid-line). */
  readonly startColumn: number;
  readonly origin: 'selection' | 'block' | 'file';
}

export interface SelectionOffsets { readonly start: number; readonly end: number }

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

function span(text: string, start: number, end: number, origin: QueryToRun['origin']): QueryToRun | undefined {
  const raw = text.slice(start, end);
  // Trim surrounding blank space but keep offsets exact for error mapping.
  const lead = raw.length - raw.trimStart().length;
  const query = raw.trim();
  if (!query) return undefined;
  const s = lineColumnAt(text, start + lead);
  const e = lineColumnAt(text, start + lead + query.length);
  return { query, startOffset: start + lead, startLine: s.line, endLine: e.line, startColumn: s.column, origin };
}

/** The query for a Run: the selection if it has text, else the block at the cursor. */
export function queryToRun(text: string, cursorOffset: number, selection?: SelectionOffsets): QueryToRun | undefined {
  if (selection && selection.end > selection.start && text.slice(selection.start, selection.end).trim()) {
    return span(text, selection.start, selection.end, 'selection');
  }
  const block = blockAtOffset(text, cursorOffset);
  return block ? span(text, block.start, block.end, 'block') : undefined;
}

/** The whole document as one query. */
export function wholeFileQuery(text: string): QueryToRun | undefined {
  return span(text, 0, text.length, 'file');
}

/**
 * Maps an engine position (1-based line and column within the query sent) to a zero-based
 * document position. Out-of-range positions are clamped into the query.
 */
export function documentPosition(q: QueryToRun, line: number, column: number): { line: number; character: number } {
  const queryLines = q.query.split('\n');
  const l = Math.min(Math.max(1, Math.trunc(line)), queryLines.length);
  const lineText = queryLines[l - 1].replace(/\r$/, '');
  const c = Math.min(Math.max(1, Math.trunc(column)), Math.max(1, lineText.length));
  return { line: q.startLine + l - 1, character: (l === 1 ? q.startColumn : 0) + c - 1 };
}
