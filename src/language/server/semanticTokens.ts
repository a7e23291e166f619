/**
 * Semantic tokens for what only the binder knows: which names are tables, columns, functions,
 * `let` variables and parameters (the TextMate grammar colours keywords, strings and the rest).
 * Classifications are computed once per block analysis, so an edit recomputes only its block.
 */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { enumName, toArray } from '../../kusto/kusto';
import type { BlockAnalysis } from './blockAnalysis';
import { eachBlock, type DocumentStore } from './documents';
import type { KustoContext } from './kustoContext';

const TYPES = ['class', 'property', 'function', 'variable', 'parameter', 'namespace', 'type'] as const;
export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [] };

/** Kusto ClassificationKind name → our token type. Other kinds are left to the grammar. */
const BY_KIND: Record<string, (typeof TYPES)[number]> = {
  Table: 'class', MaterializedView: 'class',
  Column: 'property', SchemaMember: 'property',
  Function: 'function',
  Variable: 'variable',
  Parameter: 'parameter', SignatureParameter: 'parameter',
  Database: 'namespace',
};

interface Classified { readonly start: number; readonly length: number; readonly type: number }

export class SemanticTokensProvider {
  constructor(private readonly ctx: KustoContext, private readonly store: DocumentStore) {}

  /** Tokens of the document (or of the blocks in `range`); undefined when cancelled meanwhile. */
  async tokens(doc: TextDocument, range?: Range, cancelled?: () => boolean): Promise<SemanticTokens | undefined> {
    const builder = new SemanticTokensBuilder();
    const from = range ? doc.offsetAt(range.start) : 0;
    const to = range ? doc.offsetAt(range.end) : Number.MAX_SAFE_INTEGER;
    const views = this.store.blocks(doc).filter((v) => v.start + v.text.length >= from && v.start <= to);
    const version = doc.version; // the document object changes in place on edits
    const done = await eachBlock(views, (view) => {
      for (const c of this.classify(view.analysis)) {
        const start = view.start + c.start;
        if (start + c.length < from || start > to) continue;
        const pos = doc.positionAt(start);
        builder.push(pos.line, pos.character, c.length, c.type, 0);
      }
    }, () => doc.version !== version || cancelled?.() === true);
    return done ? builder.build() : undefined;
  }

  private classify(analysis: BlockAnalysis): readonly Classified[] {
    if (analysis.classified) return analysis.classified;
    const E = this.ctx.K.Language.Editor;
    const info = analysis.service.GetClassifications(0, analysis.text.length, true, true);
    const out: Classified[] = [];
    for (const c of toArray<Kusto.Language.Editor.ClassifiedRange>(info?.Classifications)) {
      const type = BY_KIND[enumName(E.ClassificationKind, c.Kind)];
      // identifiers never span lines; a range that does is not a name
      if (type && c.Length > 0 && !analysis.text.substr(c.Start, c.Length).includes('\n')) out.push({ start: c.Start, length: c.Length, type: TYPES.indexOf(type) });
    }
    analysis.classified = out;
    return out;
  }
}
