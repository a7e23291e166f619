import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { Commands } from '../../src/shared/commands';
import { EXTENSION_ID, extensionApi, openFixture, waitFor } from './helpers';

describe('activation in a real VS Code', () => {
  it('runs in VS Code 1.91 or newer', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || minor >= 91, `vscode.version ${vscode.version}`);
    console.log(`      VS Code ${vscode.version} (${vscode.env.appName}), extension host node ${process.version}`);
  });

  it('activates when a .kql file opens and registers the kql language', async () => {
    const editor = await openFixture('sample.kql');
    assert.equal(editor.document.languageId, 'kql');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension installed');
    await waitFor('extension active', () => ext.isActive || undefined);
    assert.ok((await vscode.languages.getLanguages()).includes('kql'));
  });

  it('treats .csl files as kql too', async () => {
    const editor = await openFixture('legacy.csl');
    assert.equal(editor.document.languageId, 'kql');
  });

  it('registers every contributed command', async () => {
    await extensionApi();
    const all = await vscode.commands.getCommands(true);
    for (const id of Object.values(Commands)) assert.ok(all.includes(id), `${id} registered`);
  });

  it('starts the language server', async () => {
    const api = await extensionApi();
    await waitFor('language client running', () => api.languageClientState() === State.Running || undefined);
  });

  it('serves folding ranges per query block from the language server', async () => {
    const editor = await openFixture('sample.kql');
    const ranges = await waitFor('folding ranges', async () => {
      const r = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', editor.document.uri);
      return r && r.length >= 2 ? r : undefined;
    });
    assert.deepEqual(ranges.slice(0, 2).map((r) => [r.start, r.end]), [[0, 3], [5, 8]]);
  });
});
