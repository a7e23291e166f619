/**
 * Open documents as query blocks, each with its {@link BlockAnalysis}. Re-splitting a document
 * is a cheap text scan; analyses are looked up by block text, so after an edit every block the
 * edit did not touch keeps its analysis and only the edited one is analysed again (lazily, by
 * the first feature that needs it).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { splitQueryBlocks, type QueryBlock } from '../../core/query/blocks';
import { BlockAnalysis } from './blockAnalysis';
import type { KustoContext } from './kustoContext';

export interface BlockView {
  readonly block: QueryBlock;
  /** Document offset of the analysed text (= block.start). */
  readonly start: number;
  /** The block through the end of its last line (trailing blanks kept: the cursor may be there). */
  readonly text: string;
  readonly analysis: BlockAnalysis;
}

interface DocumentState {
  version: number;
  generation: number;
  views: BlockView[];
  /** Analyses by block text, for the current views only. */
  byText: Map<string, BlockAnalysis>;
}

export class DocumentStore {
  private readonly states = new Map<string, DocumentState>();

  constructor(private readonly ctx: KustoContext) {}

  /** The document's blocks, re-split only when its version changed. */
  blocks(doc: TextDocument): readonly BlockView[] {
    let state = this.states.get(doc.uri);
    if (state && state.version === doc.version && state.generation === this.ctx.generation) return state.views;
    const previous = state && state.generation === this.ctx.generation ? state.byText : new Map<string, BlockAnalysis>();
    const text = doc.getText();
    const byText = new Map<string, BlockAnalysis>();
    const views = splitQueryBlocks(text).map((block) => {
      const blockText = text.slice(block.start, lineEnd(text, block.end));
      const analysis = byText.get(blockText) ?? previous.get(blockText) ?? new BlockAnalysis(blockText, this.ctx);
      byText.set(blockText, analysis);
      return { block, start: block.start, text: blockText, analysis };
    });
    state = { version: doc.version, generation: this.ctx.generation, views, byText };
    this.states.set(doc.uri, state);
    return views;
  }

  /**
   * The block that owns this offset: inside a block (through the end of its last line), or on a
   * whitespace-only line right below one (the user pressed Enter and is about to type `| …`).
   */
  blockAt(doc: TextDocument, offset: number): BlockView | undefined {
    const views = this.blocks(doc);
    const text = doc.getText();
    for (const v of views) {
      const end = v.start + v.text.length;
      if (offset >= v.start && offset <= end) return v;
      if (offset > end) {
        const gap = text.slice(end, lineEnd(text, offset));
        if (gap.trim() === '' && gap.split('\n').length === 2) return this.extended(v, text, offset);
      }
    }
    return undefined;
  }

  /**
   * The analysis to use at an offset for completion-like features: the owning block, or an
   * empty query when the cursor is between blocks (where a new query starts).
   */
  contextAt(doc: TextDocument, offset: number): { view: BlockView; offset: number } {
    const view = this.blockAt(doc, offset);
    if (view) return { view, offset: offset - view.start };
    const empty = this.emptyView(offset);
    return { view: empty, offset: 0 };
  }

  private emptyAnalysis: BlockAnalysis | undefined;
  private emptyView(at: number): BlockView {
    if (!this.emptyAnalysis || this.emptyAnalysis.generation !== this.ctx.generation) this.emptyAnalysis = new BlockAnalysis('', this.ctx);
    return { block: { start: at, end: at, startLine: 0, endLine: 0, text: '' }, start: at, text: '', analysis: this.emptyAnalysis };
  }

  private extended(v: BlockView, text: string, offset: number): BlockView {
    const blockText = text.slice(v.start, lineEnd(text, offset));
    return { ...v, text: blockText, analysis: new BlockAnalysis(blockText, this.ctx) };
  }

  close(uri: string): void {
    this.states.delete(uri);
  }

  /** Forget every analysis (the schema changed). */
  clear(): void {
    this.states.clear();
    this.emptyAnalysis = undefined;
  }

  stats(): { documents: number; analysedBlocks: number } {
    let analysedBlocks = 0;
    for (const s of this.states.values()) for (const a of s.byText.values()) if (a.isAnalysed) analysedBlocks++;
    return { documents: this.states.size, analysedBlocks };
  }
}

/** Lets other messages (a completion request) run before the next piece of work. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `work` on each block in order, giving the event loop a turn after every block that had
 * to be analysed first, so whole-document requests (semantic tokens, outline) never hold up a
 * completion request for long. Stops early (returns false) when `cancelled()` turns true.
 */
export async function eachBlock(views: readonly BlockView[], work: (view: BlockView) => void, cancelled: () => boolean = () => false): Promise<boolean> {
  for (const view of views) {
    const fresh = !view.analysis.isAnalysed;
    work(view);
    if (fresh) {
      await nextTurn();
      if (cancelled()) return false;
    }
  }
  return true;
}

/** Offset of the end of the line containing `offset` (before `\r\n` or `\n`). */
export function lineEnd(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  if (nl < 0) nl = text.length;
  return nl > 0 && text[nl - 1] === '\r' && nl - 1 >= offset ? nl - 1 : nl;
}
