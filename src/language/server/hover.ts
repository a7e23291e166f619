/**
 * Hover: a table lists its columns with types, a column shows its type, a function its
 * signature (Defender functions with their documented arguments), a `let` name its value type.
 * Removed or renamed Defender names add their note. Kusto's own quick info covers the rest;
 * its error texts are left out because the editor already shows diagnostics on hover.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { legacyMessage, legacyName } from '../../core/schema/legacyNames';
import { enumName, toArray } from '../../kusto/kusto';
import type { DocumentStore } from './documents';
import type { KustoContext } from './kustoContext';
import { functionMarkdown } from './snippets';
import { kindOf } from './syntax';

const NOT_SHOWN = new Set(['Error', 'Warning', 'Suggestion']);

export class HoverProvider {
  constructor(private readonly ctx: KustoContext, private readonly store: DocumentStore) {}

  hover(doc: TextDocument, offset: number): Hover | null {
    const view = this.store.blockAt(doc, offset);
    if (!view) return null;
    const at = offset - view.start;
    const code = view.analysis.code;
    const token = code.Syntax?.GetTokenAt(at);
    if (!token || at < token.TextStart || at > token.End) return null;
    const range = { start: doc.positionAt(view.start + token.TextStart), end: doc.positionAt(view.start + token.End) };
    const parts: string[] = [];
    // names are TokenName nodes under a NameReference/NameDeclaration that knows the symbol
    const symbol = token.Parent && kindOf(token.Parent) === 'TokenName' ? token.Parent.Parent?.ReferencedSymbol : undefined;
    if (symbol) parts.push(...this.describe(symbol));
    if (parts.length === 0) {
      const E = this.ctx.K.Language.Editor;
      const qi = view.analysis.service.GetQuickInfo(at, E.QuickInfoOptions.Default);
      const texts = toArray<Kusto.Language.Editor.QuickInfoItem>(qi?.Items).filter((i) => !NOT_SHOWN.has(enumName(E.QuickInfoKind, i.Kind))).map((i) => i.Text ?? '').filter(Boolean);
      if (texts.length) parts.push('```kql\n' + texts.join('\n') + '\n```');
    }
    const legacy = token.Text ? legacyName(token.Text) : undefined;
    if (legacy && (legacy.status === 'renamed' || !this.ctx.hasTable(legacy.name))) parts.push(`⚠ ${legacyMessage(legacy)}`);
    return parts.length ? { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range } : null;
  }

  private describe(symbol: Kusto.Language.Symbols.Symbol): string[] {
    const S = this.ctx.K.Language.Symbols;
    const kind = enumName(S.SymbolKind, symbol.Kind);
    const name = symbol.Name ?? '';
    if (kind === 'Table') return [tableMarkdown(name, symbol as Kusto.Language.Symbols.TableSymbol, this.ctx.hasTable(name) ? 'table' : 'tabular value')];
    if (kind === 'Column') {
      const type = (symbol as Kusto.Language.Symbols.ColumnSymbol).Type?.Name ?? 'unknown';
      return ['```kql\n(column) ' + name + ': ' + type + '\n```'];
    }
    if (kind === 'Function') {
      const fn = this.ctx.schema.functions.find((f) => f.name === name);
      if (fn) return [functionMarkdown(fn)];
      return []; // Kusto's quick info has the built-in signature
    }
    if (kind === 'Variable') {
      const type = (symbol as Kusto.Language.Symbols.VariableSymbol).Type;
      if (type && enumName(S.SymbolKind, type.Kind) === 'Table') return [tableMarkdown(name, type as Kusto.Language.Symbols.TableSymbol, 'let')];
      if (type && enumName(S.SymbolKind, type.Kind) === 'Scalar') return ['```kql\n(let) ' + name + ': ' + (type.Name ?? '') + '\n```'];
    }
    return [];
  }
}

function tableMarkdown(name: string, table: Kusto.Language.Symbols.TableSymbol, what: string): string {
  const columns = toArray<Kusto.Language.Symbols.ColumnSymbol>(table.Columns);
  const lines = columns.map((c) => `${c.Name ?? ''}: ${c.Type?.Name ?? ''}`);
  return `**${name}** (${what}, ${columns.length} column${columns.length === 1 ? '' : 's'})` + (lines.length ? '\n```kql\n' + lines.join('\n') + '\n```' : '');
}
