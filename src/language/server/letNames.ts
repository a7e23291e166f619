/**
 * Go to definition, find references, document highlights and rename for names declared with
 * `let`, from Kusto.Language's related-element analysis. A `let` is scoped to its query block,
 * so everything happens inside the block under the cursor.
 */
import { DocumentHighlightKind, type DocumentHighlight, type Location, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { enumName, toArray } from '../../kusto/kusto';
import type { DocumentStore } from './documents';
import type { KustoContext } from './kustoContext';
import { kindOf } from './syntax';

export interface LetName {
  readonly name: string;
  /** The name at the cursor. */
  readonly at: Range;
  readonly declaration: Range;
  /** Every occurrence, the declaration included, in text order. */
  readonly occurrences: readonly { readonly range: Range; readonly isDeclaration: boolean }[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class LetNames {
  constructor(private readonly ctx: KustoContext, private readonly store: DocumentStore) {}

  /** The `let` name at the offset with all its occurrences, or undefined when there is none. */
  at(doc: TextDocument, offset: number): LetName | undefined {
    const view = this.store.blockAt(doc, offset);
    if (!view) return undefined;
    const E = this.ctx.K.Language.Editor;
    const rel = offset - view.start;
    const code = view.analysis.code;
    const info = view.analysis.service.GetRelatedElements(rel, E.FindRelatedOptions.None);
    const elements = toArray<Kusto.Language.Editor.RelatedElement>(info?.Elements)
      .map((e) => ({ start: e.Start, length: e.Length, kind: enumName(E.RelatedElementKind, e.Kind) }))
      .filter((e) => e.kind === 'Declaration' || e.kind === 'Reference');
    const declaration = elements.find((e) => e.kind === 'Declaration');
    if (!declaration) return undefined;
    const current = elements.find((e) => rel >= e.start && rel <= e.start + e.length);
    if (!current) return undefined;
    // only names declared by `let` (not columns, parameters or extend aliases)
    const declToken = code.Syntax?.GetTokenAt(declaration.start);
    const declNode = declToken?.Parent?.Parent;
    if (!declNode || kindOf(declNode) !== 'NameDeclaration' || !declNode.Parent || kindOf(declNode.Parent) !== 'LetStatement') return undefined;
    const range = (start: number, length: number) => ({ start: doc.positionAt(view.start + start), end: doc.positionAt(view.start + start + length) });
    return {
      name: view.text.substr(declaration.start, declaration.length),
      at: range(current.start, current.length),
      declaration: range(declaration.start, declaration.length),
      occurrences: elements.sort((a, b) => a.start - b.start).map((e) => ({ range: range(e.start, e.length), isDeclaration: e.kind === 'Declaration' })),
    };
  }

  definition(doc: TextDocument, offset: number): Location | null {
    const l = this.at(doc, offset);
    return l ? { uri: doc.uri, range: l.declaration } : null;
  }

  references(doc: TextDocument, offset: number, includeDeclaration: boolean): Location[] {
    const l = this.at(doc, offset);
    return l ? l.occurrences.filter((o) => includeDeclaration || !o.isDeclaration).map((o) => ({ uri: doc.uri, range: o.range })) : [];
  }

  highlights(doc: TextDocument, offset: number): DocumentHighlight[] {
    const l = this.at(doc, offset);
    return l ? l.occurrences.map((o) => ({ range: o.range, kind: o.isDeclaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read })) : [];
  }

  /** Edits renaming every occurrence; throws on a name KQL would not accept as written. */
  rename(doc: TextDocument, offset: number, newName: string): TextEdit[] | undefined {
    const l = this.at(doc, offset);
    if (!l) return undefined;
    if (!IDENTIFIER.test(newName)) throw new Error(`'${newName}' is not a valid KQL name (letters, digits and _; not starting with a digit)`);
    return l.occurrences.map((o) => ({ range: o.range, newText: newName }));
  }
}
