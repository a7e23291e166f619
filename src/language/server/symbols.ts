/**
 * Outline and folding: each query block is a symbol (named after its first line of code) that
 * folds as one region, with its `let` statements as children.
 */
import { FoldingRange, SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeOf } from '../../core/query/blocks';
import { eachBlock, type DocumentStore } from './documents';
import { childNamed, kindOf } from './syntax';

export class SymbolsProvider {
  constructor(private readonly store: DocumentStore) {}

  async documentSymbols(doc: TextDocument, cancelled?: () => boolean): Promise<DocumentSymbol[] | undefined> {
    const out: DocumentSymbol[] = [];
    const version = doc.version; // the document object changes in place on edits
    const done = await eachBlock(this.store.blocks(doc), (view) => {
      const i = out.length;
      const range = { start: doc.positionAt(view.block.start), end: doc.positionAt(view.block.end) };
      const firstCode = view.block.text.split(/\r?\n/).map(codeOf).find(Boolean) ?? `Query ${i + 1}`;
      out.push({
        name: firstCode.slice(0, 80),
        detail: `query ${i + 1}`,
        kind: SymbolKind.Namespace,
        range,
        selectionRange: range,
        children: this.lets(doc, view.start, view.analysis.code),
      });
    }, () => doc.version !== version || cancelled?.() === true);
    return done ? out : undefined;
  }

  foldingRanges(doc: TextDocument): FoldingRange[] {
    return this.store.blocks(doc)
      .filter((v) => v.block.endLine > v.block.startLine)
      .map((v) => FoldingRange.create(v.block.startLine, v.block.endLine));
  }

  private lets(doc: TextDocument, blockStart: number, code: Kusto.Language.KustoCode): DocumentSymbol[] {
    const statements = code.Syntax ? childNamed(code.Syntax, 'Statements') : undefined;
    if (!statements) return [];
    const out: DocumentSymbol[] = [];
    for (let i = 0; i < statements.ChildCount; i++) {
      const statement = statements.GetChild(i)?.GetChild(0);
      if (!statement || kindOf(statement) !== 'LetStatement') continue;
      const name = childNamed(statement, 'Name');
      const value = childNamed(statement, 'Expression');
      if (!name || name.Width === 0) continue;
      const isFunction = value !== undefined && kindOf(value) === 'FunctionDeclaration';
      out.push({
        name: name.toString()?.trim() || 'let',
        detail: isFunction ? 'function' : 'let',
        kind: isFunction ? SymbolKind.Function : SymbolKind.Variable,
        range: { start: doc.positionAt(blockStart + statement.TextStart), end: doc.positionAt(blockStart + statement.End) },
        selectionRange: { start: doc.positionAt(blockStart + name.TextStart), end: doc.positionAt(blockStart + name.End) },
      });
    }
    return out;
  }
}
