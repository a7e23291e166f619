/**
 * The KQL language server: wires LSP requests to the feature modules. Every feature works on
 * the query block under the cursor (see documents.ts), so an edit costs one block's analysis.
 */
import { performance } from 'node:perf_hooks';
import {
  CompletionTriggerKind, DidChangeConfigurationNotification, ResponseError, ErrorCodes, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defenderSchema, parseSchema } from '../../core/schema/schema';
import { PrepareHuntRequest, SchemaNotification, StatsRequest, StatusNotification, SETTINGS_SECTION } from '../../shared/lsp';
import { CompletionProvider } from './completion';
import { DiagnosticScheduler } from './diagnosticScheduler';
import { DocumentStore } from './documents';
import { FormattingProvider } from './formatting';
import { HoverProvider } from './hover';
import { KustoContext } from './kustoContext';
import { LetNames } from './letNames';
import { MemoryKeeper } from './memory';
import { prepareHunt } from './renderSpec';
import { SemanticTokensProvider, SEMANTIC_LEGEND } from './semanticTokens';
import { SettingsStore } from './settings';
import { SignatureHelpProvider } from './signatureHelp';
import { SymbolsProvider } from './symbols';
import { warmUp } from './warmUp';

export interface ServerOptions {
  /** Debounce before diagnostics after an edit. */
  readonly diagnosticsDelayMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const ctx = new KustoContext();
  const store = new DocumentStore(ctx);
  const settings = new SettingsStore(connection);
  const diagnostics = new DiagnosticScheduler(connection, documents, store, ctx, settings, options.diagnosticsDelayMs, new MemoryKeeper());
  const completion = new CompletionProvider(ctx, store);
  const hover = new HoverProvider(ctx, store);
  const signatures = new SignatureHelpProvider(ctx, store);
  const formatting = new FormattingProvider(ctx, store);
  const symbols = new SymbolsProvider(store);
  const letNames = new LetNames(ctx, store);
  const semanticTokens = new SemanticTokensProvider(ctx, store);
  let retriggerCommand: string | undefined;
  let dynamicConfiguration = false;
  const justOpened = new Set<string>();

  const status = (state: 'ready' | 'error', message?: string) => void connection.sendNotification(StatusNotification, {
    state, tables: ctx.schema.tables.length, functions: ctx.schema.functions.length, sinceStartMs: Math.round(performance.now()), ...(message ? { message } : {}),
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    settings.canPull = params.capabilities.workspace?.configuration === true;
    dynamicConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    // VS Code reopens the suggestions after e.g. `where ` when asked to; other editors lack the command.
    if (/code/i.test(params.clientInfo?.name ?? '')) retriggerCommand = 'editor.action.triggerSuggest';
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', '|', '(', ','] },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [')'] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        foldingRangeProvider: true,
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: true },
      },
      serverInfo: { name: 'kql-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    warmUp(ctx).then(() => status('ready'), (e: unknown) => connection.console.error(`warm-up failed: ${String(e)}`));
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    diagnostics.scheduleAll();
  });

  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document.uri, justOpened.delete(e.document.uri) ? 0 : undefined));
  documents.onDidClose((e) => {
    store.close(e.document.uri);
    settings.forget(e.document.uri);
    diagnostics.forget(e.document.uri);
  });

  connection.onNotification(SchemaNotification, (params) => {
    try {
      const schema = params.schema == null ? defenderSchema() : parseSchema(params.schema);
      ctx.setSchema(schema);
      store.clear();
      connection.console.info(`schema replaced${params.source ? ` (${params.source})` : ''}: ${schema.tables.length} tables, ${schema.functions.length} functions`);
      diagnostics.scheduleAll();
      status('ready');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      connection.console.error(`schema rejected: ${message}`);
      status('error', message);
    }
  });

  connection.onRequest(StatsRequest, () => {
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, ...store.stats() };
  });

  connection.onRequest(PrepareHuntRequest, (p) => {
    if (typeof p?.query !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'kql/prepareHunt needs { query: string }');
    return prepareHunt(ctx.K, p.query, ctx.globals);
  });

  const withDoc = <P extends { textDocument: { uri: string } }, R>(empty: R, f: (doc: TextDocument, p: P) => R) => (p: P): R => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? f(doc, p) : empty;
  };

  connection.onCompletion(withDoc({ isIncomplete: false, items: [] }, (doc, p) => completion.complete(doc, doc.offsetAt(p.position), {
    triggerCharacter: p.context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? p.context.triggerCharacter : undefined,
    retriggerCommand,
  })));
  connection.onHover(withDoc(null, (doc, p) => hover.hover(doc, doc.offsetAt(p.position))));
  connection.onSignatureHelp(withDoc(null, (doc, p) => signatures.signatureHelp(doc, doc.offsetAt(p.position))));
  connection.onDocumentFormatting(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? formatting.format(doc, await settings.get(doc.uri), p.options.tabSize) : [];
  });
  connection.onDocumentRangeFormatting(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? formatting.format(doc, await settings.get(doc.uri), p.options.tabSize, p.range) : [];
  });
  connection.onFoldingRanges(withDoc([], (doc) => symbols.foldingRanges(doc)));
  connection.onDocumentSymbol(async (p, token) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? await symbols.documentSymbols(doc, () => token.isCancellationRequested) ?? null : [];
  });
  connection.onDefinition(withDoc(null, (doc, p) => letNames.definition(doc, doc.offsetAt(p.position))));
  connection.onReferences(withDoc([], (doc, p) => letNames.references(doc, doc.offsetAt(p.position), p.context.includeDeclaration)));
  connection.onDocumentHighlight(withDoc([], (doc, p) => letNames.highlights(doc, doc.offsetAt(p.position))));
  connection.onPrepareRename(withDoc(null, (doc, p) => {
    const l = letNames.at(doc, doc.offsetAt(p.position));
    return l ? { range: l.at, placeholder: l.name } : null;
  }));
  connection.onRenameRequest(withDoc(null, (doc, p) => {
    try {
      const edits = letNames.rename(doc, doc.offsetAt(p.position), p.newName);
      return edits ? { changes: { [doc.uri]: edits } } : null;
    } catch (e) {
      throw new ResponseError(ErrorCodes.InvalidParams, e instanceof Error ? e.message : String(e));
    }
  }));
  // Whole-document requests yield between blocks (see eachBlock) and give up when cancelled.
  connection.languages.semanticTokens.on(async (p, token) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? await semanticTokens.tokens(doc, undefined, () => token.isCancellationRequested) ?? { data: [] } : { data: [] };
  });
  connection.languages.semanticTokens.onRange(async (p, token) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? await semanticTokens.tokens(doc, p.range, () => token.isCancellationRequested) ?? { data: [] } : { data: [] };
  });

  documents.listen(connection);
  connection.listen();
}
