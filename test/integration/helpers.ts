import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DefenderHuntApi } from '../../src/vscode/defenderHunt';

export const EXTENSION_ID = 'dhunt.defender-hunt';

/** The test workspace folder (test/fixtures/workspace), opened by the runner. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need the fixture workspace open');
  return folder.uri.fsPath;
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), name));
  return vscode.window.showTextDocument(doc);
}

/** Activates (or returns) our extension's API. */
export async function extensionApi(): Promise<DefenderHuntApi> {
  const ext = vscode.extensions.getExtension<DefenderHuntApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** Polls until `check` returns a value, or fails after `timeoutMs` (no fixed sleeps). */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
