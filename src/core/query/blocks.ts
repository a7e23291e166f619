/**
 * Query blocks: a `.kql` file holds many hunts separated by blank lines, as in Kusto Explorer and
 * the ADX web UI. A plain blank-line split breaks real queries, so a chunk is joined to the one
 * before it when (measured on Microsoft's public hunting queries, see README):
 *  - its first code line starts with `|` (a pipeline continued after a blank line);
 *  - the previous chunk's last code line ends with `;` `,` `(` or `and`/`or`/`by`/`on`;
 *  - the previous chunk holds only `let`/`declare`/`set` statements (a prelude);
 *  - a multi-line string (```…```) is still open.
 * Comment-only chunks belong to the block above (or start the next one at the top of a file).
 * One function serves the language server and the Run command so both agree on "the query
 * under the cursor".
 */

export interface QueryBlock {
  /** Offset of the first character of the block's first line. */
  readonly start: number;
  /** Offset just past the last non-blank character of the block. */
  readonly end: number;
  /** Zero-based first and last line numbers (inclusive). */
  readonly startLine: number;
  readonly endLine: number;
  /** `text.slice(start, end)`. */
  readonly text: string;
}

interface Chunk {
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  codeLines: string[];
  openFence: boolean;
}

/** The line without a `//` comment (outside string literals) and trimmed. */
export function codeOf(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '/' && line[i + 1] === '/') return line.slice(0, i).trim();
  }
  return line.trim();
}

const CONTINUES = /(?:[;,(]|\b(?:and|or|by|on))$/;
const PRELUDE = /^(?:let|declare|set|alias)\b/;

export function splitQueryBlocks(text: string): QueryBlock[] {
  const chunks = readChunks(text);
  const blocks: Chunk[] = [];
  for (const c of chunks) {
    const prev = blocks[blocks.length - 1];
    if (c.codeLines.length === 0) {
      // comment-only chunk: belongs to the block above; at the top it waits for the next block
      if (prev) { prev.end = c.end; prev.endLine = c.endLine; } else blocks.push(c);
      continue;
    }
    if (prev && (prev.codeLines.length === 0 || shouldJoin(prev, c))) {
      prev.end = c.end;
      prev.endLine = c.endLine;
      prev.codeLines = prev.codeLines.concat(c.codeLines);
      prev.openFence = c.openFence;
      continue;
    }
    blocks.push(c);
  }
  return blocks
    .filter((b) => b.codeLines.length > 0)
    .map((b) => ({ start: b.start, end: b.end, startLine: b.startLine, endLine: b.endLine, text: text.slice(b.start, b.end) }));
}

function shouldJoin(prev: Chunk, next: Chunk): boolean {
  if (prev.openFence) return true;
  const last = prev.codeLines[prev.codeLines.length - 1] ?? '';
  if (next.codeLines[0]?.startsWith('|')) return true;
  if (CONTINUES.test(last)) return true;
  return prev.codeLines.every((l) => PRELUDE.test(l) || !/^[A-Za-z_(]/.test(l)) && last.endsWith(';');
}

/** Splits at blank lines (outside ``` strings) into chunks with their code lines. */
function readChunks(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let cur: Chunk | undefined;
  let offset = 0;
  let line = 0;
  let inFence = false;
  while (offset <= text.length) {
    let nl = text.indexOf('\n', offset);
    if (nl < 0) nl = text.length;
    const raw = text.slice(offset, nl);
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content.trim() === '' && !inFence) {
      if (cur) { chunks.push(cur); cur = undefined; }
    } else {
      cur ??= { start: offset, end: offset, startLine: line, endLine: line, codeLines: [], openFence: false };
      cur.end = offset + content.trimEnd().length;
      cur.endLine = line;
      const fences = content.split('```').length - 1;
      const code = inFence ? content.trim() : codeOf(content);
      if (code) cur.codeLines.push(code);
      if (fences % 2 === 1) inFence = !inFence;
      cur.openFence = inFence;
    }
    if (nl >= text.length) break;
    offset = nl + 1;
    line++;
  }
  if (cur) chunks.push(cur);
  return chunks;
}

/**
 * The block containing `offset`, or the nearest block above it when the offset is in the blank
 * lines between blocks (what a user means by "run the query I just wrote").
 */
export function blockAtOffset(text: string, offset: number): QueryBlock | undefined {
  const blocks = splitQueryBlocks(text);
  let candidate: QueryBlock | undefined;
  for (const b of blocks) {
    if (offset >= b.start && offset <= b.end) return b;
    if (b.start <= offset) candidate = b;
  }
  return candidate ?? blocks[0];
}

/** Same as {@link blockAtOffset} for a zero-based line number. */
export function blockAtLine(text: string, line: number): QueryBlock | undefined {
  const blocks = splitQueryBlocks(text);
  let candidate: QueryBlock | undefined;
  for (const b of blocks) {
    if (line >= b.startLine && line <= b.endLine) return b;
    if (b.startLine <= line) candidate = b;
  }
  return candidate ?? blocks[0];
}
