import * as vscode from 'vscode';
import type { ValueDocument } from '../../core/results/resultsController';

/**
 * Read-only editor tabs for "Inspect": a virtual document provider, so a value is never written
 * to disk and the tab cannot be edited or saved over anything.
 */
export class ValueDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'defender-hunt-value';
  private readonly contents = new Map<string, string>();
  private counter = 0;
  private readonly registration: vscode.Disposable;

  constructor(private readonly keep = 50) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(ValueDocuments.scheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This value is no longer kept; inspect it again from the results grid.';
  }

  /** Stores the value under a fresh URI (its extension picks the language) and opens it beside the grid. */
  async open(doc: ValueDocument): Promise<vscode.TextEditor> {
    // Column names are hostile too: keep only safe characters in the path.
    const name = doc.title.replace(/[^A-Za-z0-9 _().-]/g, '_').slice(0, 120) || 'value';
    const uri = vscode.Uri.from({ scheme: ValueDocuments.scheme, path: `/${++this.counter}/${name}.${doc.language === 'json' ? 'json' : 'txt'}` });
    this.contents.set(uri.toString(), doc.content);
    while (this.contents.size > this.keep) this.contents.delete(this.contents.keys().next().value as string);
    const text = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(text, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}
