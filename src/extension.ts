import * as vscode from 'vscode';
import { DefenderHunt, type DefenderHuntApi } from './vscode/defenderHunt';

let root: DefenderHunt | undefined;

/** Composition root: build the root object, start it, report a failed start to the user. */
export async function activate(context: vscode.ExtensionContext): Promise<DefenderHuntApi> {
  root = new DefenderHunt(context);
  context.subscriptions.push({ dispose: () => void root?.dispose() });
  try {
    await root.start();
  } catch (e) {
    // VS Code does not tell the user when an extension fails to start, so we do.
    const message = e instanceof Error ? e.message : String(e);
    root.log.error(`start failed: ${message}`);
    void vscode.window.showErrorMessage(`Defender Hunt could not start: ${message}`, 'Show Output').then((a) => { if (a) root?.log.show(); });
  }
  return root.api;
}

export async function deactivate(): Promise<void> {
  await root?.dispose();
  root = undefined;
}
