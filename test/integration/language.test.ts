import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, waitFor } from './helpers';

/** Opens an untitled KQL document (the language server serves any scheme) in an editor. */
async function openKql(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'kql', content });
  return vscode.window.showTextDocument(doc);
}

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

describe('KQL language features in the real extension host', () => {
  before(async () => {
    await extensionApi();
  });

  it('completes Defender columns after `DeviceProcessEvents | where `', async () => {
    const editor = await openKql('DeviceProcessEvents | where ');
    const end = editor.document.lineAt(0).range.end;
    const labels = await waitFor('completion items', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end);
      const l = list?.items.map(labelOf) ?? [];
      return l.includes('FileName') ? l : undefined;
    });
    for (const column of ['FileName', 'ProcessCommandLine', 'InitiatingProcessFileName', 'DeviceName']) assert.ok(labels.includes(column), `${column} offered`);
    assert.ok(!labels.includes('SenderFromAddress'), 'an EmailEvents column is not offered');
  });

  it('shows an unknown-column error at the column\'s range', async () => {
    const text = 'DeviceProcessEvents\n| where Timestamp > ago(1d)\n| where ProcessCmdLine has "-enc"\n';
    const editor = await openKql(text);
    const diagnostics = await waitFor('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(editor.document.uri);
      return d.length ? d : undefined;
    });
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0];
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /ProcessCmdLine/);
    assert.equal(typeof d.code === 'object' ? d.code.value : d.code, 'KS142');
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [2, 8, 2, 22]);
  });

  it('shows a column\'s type on hover', async () => {
    const editor = await openKql('DeviceNetworkEvents | where RemotePort == 3389');
    const at = new vscode.Position(0, 'DeviceNetworkEvents | where Rem'.length);
    const text = await waitFor('hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
      const t = hoverText(hovers ?? []);
      return t.includes('RemotePort') ? t : undefined;
    });
    assert.match(text, /RemotePort: int/);
  });

  it('formats a document and the edits apply', async () => {
    const editor = await openKql('DeviceEvents|where ActionType=="AntivirusDetection"|summarize Count=count() by DeviceName|top 10 by Count');
    const edits = await waitFor('formatting edits', async () => {
      const e = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', editor.document.uri, { tabSize: 4, insertSpaces: true });
      return e && e.length ? e : undefined;
    });
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.set(editor.document.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(workspaceEdit));
    assert.equal(editor.document.getText(), 'DeviceEvents\n| where ActionType == "AntivirusDetection"\n| summarize Count = count() by DeviceName\n| top 10 by Count');
  });
});
