import * as vscode from 'vscode';
import type { HuntingError } from '../../core/api/huntingError';
import { documentPosition, type QueryToRun } from '../../core/query/querySelection';

/**
 * Puts the engine's syntax/semantic errors into the editor at the line and column it named,
 * inside the block that ran. They stay until the document changes or the next run succeeds
 * (the language server's own diagnostics take over while the user types).
 */
export class HuntDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('defenderHunt.hunt');
  private readonly listener = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length > 0 && this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
  });

  /** Shows the error at its position; returns the range used. */
  show(uri: vscode.Uri, query: QueryToRun, error: HuntingError): vscode.Range {
    let range: vscode.Range;
    if (error.line !== undefined) {
      const p = documentPosition(query, error.line, error.column ?? 1);
      range = new vscode.Range(p.line, p.character, p.line, p.character + 1);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const word = doc?.getWordRangeAtPosition(range.start);
      if (word) range = word;
    } else {
      // No position from the engine: mark the first line of the query.
      const firstLine = query.query.split('\n')[0].replace(/\r$/, '');
      range = new vscode.Range(query.startLine, query.startColumn, query.startLine, query.startColumn + firstLine.length);
    }
    const diagnostic = new vscode.Diagnostic(range, error.message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'Defender Hunt (service)';
    diagnostic.code = error.code ? `${error.kind}: ${error.code}` : error.kind;
    this.collection.set(uri, [diagnostic]);
    return range;
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.listener.dispose();
    this.collection.dispose();
  }
}
