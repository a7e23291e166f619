/**
 * Signature help inside a function call's parentheses: the called function's signatures from
 * Kusto.Language's symbols, the active one (the overload Kusto bound), and the argument the
 * cursor is on. For `invoke F(…)` the piped table is the implicit first parameter, so it is not
 * shown; Defender functions get their documented parameter descriptions.
 */
import { MarkupKind, type ParameterInformation, type SignatureHelp, type SignatureInformation } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SchemaFunctionParameter } from '../../core/schema/schema';
import { enumName, toArray } from '../../kusto/kusto';
import type { DocumentStore } from './documents';
import type { KustoContext } from './kustoContext';
import { functionHelp } from './snippets';
import { ancestors, argumentSpan, calledName, kindOf, type SyntaxNode } from './syntax';

export class SignatureHelpProvider {
  constructor(private readonly ctx: KustoContext, private readonly store: DocumentStore) {}

  signatureHelp(doc: TextDocument, offset: number): SignatureHelp | null {
    const view = this.store.blockAt(doc, offset);
    if (!view) return null;
    const at = offset - view.start;
    const syntax = view.analysis.code.Syntax;
    // The token at the cursor, or the one before it when the cursor sits in the trivia after
    // e.g. `strcat(a, ` (the token there is the end of the text, outside the call).
    const token = syntax?.GetTokenAt(at);
    const call = this.callAt(token, at) ?? this.callAt(token?.GetPreviousToken(false), at);
    if (!call) return null;
    const symbol = call.ReferencedSymbol as Kusto.Language.Symbols.FunctionSymbol | null;
    if (!symbol || enumName(this.ctx.K.Language.Symbols.SymbolKind, symbol.Kind) !== 'Function') return null;
    const span = argumentSpan(call);
    if (!span) return null;
    const argument = span.commas.filter((c) => c < at).length;
    const invoked = call.Parent !== null && kindOf(call.Parent) === 'InvokeOperator';
    const defender = this.ctx.schema.functions.find((f) => f.name === symbol.Name);
    const docs = defender ? functionHelp(defender).parameters : [];
    const signatures = toArray<Kusto.Language.Symbols.Signature>(symbol.Signatures).filter((s) => !s.IsHidden);
    if (signatures.length === 0) return null;
    const infos = defender
      ? [this.schemaSignature(defender.name, defender.parameters, docs)]
      : signatures.map((s) => this.signatureInfo(symbol.Name ?? calledName(call), s, invoked, docs));
    const bound = call.ReferencedSignature ? signatures.indexOf(call.ReferencedSignature) : -1;
    const activeSignature = bound >= 0 ? bound : Math.max(0, infos.findIndex((i) => (i.parameters?.length ?? 0) > argument));
    const count = infos[activeSignature]?.parameters?.length ?? 0;
    const repeatable = toArray<Kusto.Language.Symbols.Parameter>(signatures[activeSignature]?.Parameters).some((p) => p.IsRepeatable);
    return { signatures: infos, activeSignature, activeParameter: repeatable ? Math.min(argument, Math.max(0, count - 1)) : argument };
  }

  /** The innermost call whose parentheses contain the offset. */
  private callAt(token: Kusto.Language.Syntax.SyntaxToken | null | undefined, at: number): SyntaxNode | undefined {
    if (!token) return undefined;
    for (const a of ancestors(token)) {
      if (kindOf(a) !== 'FunctionCallExpression') continue;
      const span = argumentSpan(a);
      if (span && at >= span.start && at <= span.end) return a;
    }
    return undefined;
  }

  private signatureInfo(name: string, s: Kusto.Language.Symbols.Signature, invoked: boolean, docs: readonly { name: string; doc: string }[]): SignatureInformation {
    let params = toArray<Kusto.Language.Symbols.Parameter>(s.Parameters);
    if (invoked && params[0]?.IsTabular) params = params.slice(1);
    const info = this.labelled(name, params.map((p) => this.parameterLabel(p)), docs);
    const returns = s.DeclaredReturnType?.Name;
    if (returns) info.label += `: ${returns}`;
    const description = (s.Symbol as { Description?: string | null } | null)?.Description;
    if (description) info.documentation = { kind: MarkupKind.Markdown, value: description };
    return info;
  }

  /** Defender functions: the documented parameters with their types and defaults. */
  private schemaSignature(name: string, params: readonly SchemaFunctionParameter[], docs: readonly { name: string; doc: string }[]): SignatureInformation {
    return this.labelled(name, params.map((p) => `${p.name}: ${p.type}${p.default !== undefined ? ` = ${p.default}` : ''}`), docs);
  }

  private labelled(name: string, labels: readonly string[], docs: readonly { name: string; doc: string }[]): SignatureInformation {
    const parameters: ParameterInformation[] = [];
    let label = `${name}(`;
    labels.forEach((l, i) => {
      if (i > 0) label += ', ';
      parameters.push({ label: [label.length, label.length + l.length], ...(docs[i] ? { documentation: docs[i].doc } : {}) });
      label += l;
    });
    return { label: label + ')', parameters };
  }

  private parameterLabel(p: Kusto.Language.Symbols.Parameter): string {
    const declared = toArray<Kusto.Language.Symbols.TypeSymbol>(p.DeclaredTypes).map((t) => t.Name).filter(Boolean);
    const type = declared.length ? declared.join(' | ') : enumName(this.ctx.K.Language.Symbols.ParameterTypeKind, p.TypeKind).toLowerCase();
    const text = `${p.Name}: ${type}${p.IsRepeatable ? ', ...' : ''}`;
    return p.IsOptional ? `[${text}]` : text;
  }
}
