/**
 * Completion from Kusto.Language at the cursor's block, with Defender function snippets and a
 * few hunt templates added. Kusto returns every candidate for the position (not filtered by the
 * word typed so far, and already ranked: columns first); the editor filters by `filterText`.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeOf } from '../../core/query/blocks';
import { enumName, toArray } from '../../kusto/kusto';
import type { DocumentStore } from './documents';
import type { KustoContext } from './kustoContext';
import { functionHelp, functionMarkdown, HUNT_SNIPPETS } from './snippets';

const KIND: Record<string, CompletionItemKind> = {
  Column: CompletionItemKind.Field,
  Table: CompletionItemKind.Class,
  MaterialiedView: CompletionItemKind.Class,
  StoredQueryResult: CompletionItemKind.Class,
  BuiltInFunction: CompletionItemKind.Function,
  AggregateFunction: CompletionItemKind.Function,
  LocalFunction: CompletionItemKind.Function,
  DatabaseFunction: CompletionItemKind.Function,
  Variable: CompletionItemKind.Variable,
  Parameter: CompletionItemKind.Variable,
  Database: CompletionItemKind.Module,
  Cluster: CompletionItemKind.Module,
  ScalarType: CompletionItemKind.TypeParameter,
  RenderChart: CompletionItemKind.EnumMember,
  Option: CompletionItemKind.Property,
  Example: CompletionItemKind.Value,
  Punctuation: CompletionItemKind.Operator,
  ScalarInfix: CompletionItemKind.Operator,
  Identifier: CompletionItemKind.Text,
};

/** Escapes literal text for a snippet. */
const literal = (s: string) => s.replace(/[\\$}]/g, '\\$&');

export interface CompletionOptions {
  /** The character that triggered completion, when the editor did it automatically. */
  readonly triggerCharacter?: string;
  /** Ask the editor to reopen the list after an item that Kusto marks for it (VS Code only). */
  readonly retriggerCommand?: string;
}

export class CompletionProvider {
  private columnTypes: { generation: number; types: Map<string, string> } | undefined;

  constructor(private readonly ctx: KustoContext, private readonly store: DocumentStore) {}

  complete(doc: TextDocument, offset: number, options: CompletionOptions = {}): CompletionList {
    const { view, offset: at } = this.store.contextAt(doc, offset);
    const service = view.analysis.service;
    if (options.triggerCharacter && !service.ShouldAutoComplete(at, options.triggerCharacter.charCodeAt(0))) {
      return { isIncomplete: true, items: [] };
    }
    const E = this.ctx.K.Language.Editor;
    const info = service.GetCompletionItems(at, E.CompletionOptions.Default);
    if (!info) return { isIncomplete: false, items: [] };
    const range = { start: doc.positionAt(view.start + info.EditStart), end: doc.positionAt(view.start + info.EditStart + info.EditLength) };
    const kusto = toArray<Kusto.Language.Editor.CompletionItem>(info.Items);
    const items: CompletionItem[] = [];
    let offersTables = false;
    kusto.forEach((k, i) => {
      const kind = enumName(E.CompletionKind, k.Kind);
      if (kind === 'Table') offersTables = true;
      const label = k.DisplayText ?? '';
      const item: CompletionItem = {
        label,
        kind: KIND[kind] ?? CompletionItemKind.Keyword,
        sortText: String(i).padStart(5, '0'),
        filterText: k.MatchText ?? label,
      };
      const fn = kind === 'DatabaseFunction' ? this.ctx.schema.functions.find((f) => f.name === k.MatchText) : undefined;
      if (fn) {
        item.textEdit = { range, newText: functionHelp(fn).snippet };
        item.insertTextFormat = InsertTextFormat.Snippet;
        item.detail = fn.kind === 'invoke' ? 'Defender function (invoke)' : 'Defender function';
        item.documentation = { kind: MarkupKind.Markdown, value: functionMarkdown(fn) };
      } else {
        const before = k.BeforeText ?? k.EditText ?? label;
        const after = k.AfterText ?? '';
        if (after) {
          item.textEdit = { range, newText: `${literal(before)}$0${literal(after)}` };
          item.insertTextFormat = InsertTextFormat.Snippet;
        } else {
          item.textEdit = { range, newText: before };
        }
        if (kind === 'Column') {
          const type = this.columnType(label);
          if (type) item.detail = type;
        }
      }
      if (k.Retrigger && options.retriggerCommand) item.command = { title: 'suggest', command: options.retriggerCommand };
      items.push(item);
    });
    if (offersTables && atStatementStart(view.text, at)) {
      HUNT_SNIPPETS.filter((s) => this.ctx.hasTable(s.table)).forEach((s, i) => items.push({
        label: s.label,
        kind: CompletionItemKind.Snippet,
        detail: s.detail,
        sortText: `~${i}`, // after Kusto's own items
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: s.body },
        documentation: { kind: MarkupKind.Markdown, value: '```kql\n' + s.body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$0/g, '') + '\n```' },
      }));
    }
    return { isIncomplete: false, items };
  }

  /** A column's type when every table that has a column of that name agrees on it. */
  private columnType(name: string): string | undefined {
    if (!this.columnTypes || this.columnTypes.generation !== this.ctx.generation) {
      const types = new Map<string, string>();
      for (const t of this.ctx.schema.tables) {
        for (const c of t.columns) {
          const seen = types.get(c.name);
          types.set(c.name, seen === undefined || seen === c.type ? c.type : '');
        }
      }
      this.columnTypes = { generation: this.ctx.generation, types };
    }
    return this.columnTypes.types.get(name) || undefined;
  }
}

/** True when only `let`s (ending in `;`), comments or nothing precede the cursor in its block. */
function atStatementStart(blockText: string, offset: number): boolean {
  const before = blockText.slice(0, offset).split(/\r?\n/).map(codeOf).join('\n').trim();
  const lastWord = before.match(/[A-Za-z_][\w-]*$/);
  const head = lastWord ? before.slice(0, -lastWord[0].length).trim() : before;
  return head === '' || head.endsWith(';');
}
