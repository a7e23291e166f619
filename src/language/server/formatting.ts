/**
 * Formatting with Kusto.Language's formatter, one query block at a time (so a block with a
 * syntax error never disturbs the others). The indentation comes from the editor; the pipe and
 * statement placement from the `defenderHunt.format.*` settings.
 */
import type { Range, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KqlSettings } from '../../shared/lsp';
import type { DocumentStore } from './documents';
import type { KustoContext } from './kustoContext';

const PLACEMENT = { smart: 'Smart', newLine: 'NewLine', none: 'None' } as const;

export class FormattingProvider {
  constructor(private readonly ctx: KustoContext, private readonly store: DocumentStore) {}

  /** Edits for every block, or only the blocks that intersect `range`. */
  format(doc: TextDocument, settings: KqlSettings, tabSize: number, range?: Range): TextEdit[] {
    const E = this.ctx.K.Language.Editor;
    const base = E.FormattingOptions.Default;
    if (!base) return [];
    const options = base
      .WithIndentationSize(Math.max(1, Math.min(16, tabSize || 4)))
      ?.WithPipeOperatorStyle(E.PlacementStyle[PLACEMENT[settings.format.pipeOperatorStyle]])
      ?.WithStatementStyle(E.PlacementStyle[PLACEMENT[settings.format.statementStyle]]) ?? base;
    const from = range ? doc.offsetAt(range.start) : 0;
    const to = range ? doc.offsetAt(range.end) : Number.MAX_SAFE_INTEGER;
    const edits: TextEdit[] = [];
    for (const view of this.store.blocks(doc)) {
      const end = view.start + view.text.length;
      if (end < from || view.start > to) continue;
      // A block with a syntax error is left as written: the formatter would guess at it.
      if (view.analysis.code.Syntax?.ContainsSyntaxDiagnostics) continue;
      let formatted = view.analysis.service.GetFormattedText(options, 0)?.Text;
      if (formatted == null) continue;
      // Kusto.Language writes \r\n; keep the document's own line breaks.
      formatted = formatted.replace(/\r\n/g, '\n').replace(/[ \t]+$/, '');
      if (view.text.includes('\r\n')) formatted = formatted.replace(/\n/g, '\r\n');
      if (formatted === view.text) continue;
      edits.push({ range: { start: doc.positionAt(view.start), end: doc.positionAt(end) }, newText: formatted });
    }
    return edits;
  }
}
