import * as vscode from 'vscode';
import { splitQueryBlocks } from '../../core/query/blocks';
import { Commands } from '../../shared/commands';
import { huntSettings } from './huntSettings';

/** "▷ Run hunt" above every query block of a KQL document. */
export class HuntCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!huntSettings.codeLensEnabled()) return [];
    return splitQueryBlocks(document.getText()).map((b) => {
      // The lens sits on the block's first code line (after any leading comment lines).
      const lines = b.text.split('\n');
      const offset = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('//'));
      const line = b.startLine + Math.max(0, offset);
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: '$(play) Run hunt',
        tooltip: 'Run this query (Shift+Enter)',
        command: Commands.runHunt,
        arguments: [{ uri: document.uri.toString(), line }],
      });
    });
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
