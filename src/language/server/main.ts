/**
 * The KQL language server. Runs over IPC when started by the extension, or over stdio for any
 * LSP client (`node server.js --stdio`).
 */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, FoldingRange, DocumentSymbol, SymbolKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { splitQueryBlocks } from '../../core/query/blocks';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    foldingRangeProvider: true,
    documentSymbolProvider: true,
  },
  serverInfo: { name: 'kql-language-server' },
}));

connection.onFoldingRanges(({ textDocument }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  return splitQueryBlocks(doc.getText())
    .filter((b) => b.endLine > b.startLine)
    .map((b) => FoldingRange.create(b.startLine, b.endLine));
});

connection.onDocumentSymbol(({ textDocument }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  return splitQueryBlocks(doc.getText()).map((b, i) => {
    const range = { start: doc.positionAt(b.start), end: doc.positionAt(b.end) };
    const firstCode = b.text.split(/\r?\n/).find((l) => l.trim() && !l.trim().startsWith('//'))?.trim() ?? `Query ${i + 1}`;
    return DocumentSymbol.create(firstCode.slice(0, 80), `query ${i + 1}`, SymbolKind.Namespace, range, range);
  });
});

documents.listen(connection);
connection.listen();
