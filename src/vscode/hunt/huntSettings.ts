import * as vscode from 'vscode';

/** What to do when Run is invoked while a hunt is still running. */
export type WhenBusy = 'ask' | 'queue' | 'cancel-previous';

/** Typed reads of the run-related settings (all live: read at the moment they are used). */
export const huntSettings = {
  whenBusy(): WhenBusy {
    const v = vscode.workspace.getConfiguration('defenderHunt.run').get<string>('whenBusy');
    return v === 'queue' || v === 'cancel-previous' ? v : 'ask';
  },
  timeoutMs(): number {
    const s = vscode.workspace.getConfiguration('defenderHunt.run').get<number>('timeoutSeconds') ?? 240;
    return Math.min(Math.max(10, s), 3600) * 1000;
  },
  codeLensEnabled(): boolean {
    return vscode.workspace.getConfiguration('defenderHunt.codeLens').get<boolean>('enabled') ?? true;
  },
  defaultTimeRange(): string | undefined {
    return vscode.workspace.getConfiguration('defenderHunt').get<string>('defaultTimeRange');
  },
};
