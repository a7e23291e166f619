import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HuntRun } from '../../src/core/results/huntRun';
import { Commands } from '../../src/shared/commands';
import type { DefenderHuntApi } from '../../src/vscode/defenderHunt';
import { extensionApi, openFixture, waitFor } from './helpers';

/** Puts the cursor on the first line containing `text` and runs Run Hunt as the keybinding would. */
async function runAt(editor: vscode.TextEditor, text: string): Promise<HuntRun | undefined> {
  const line = editor.document.getText().split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `fixture line with ${text}`);
  editor.selection = new vscode.Selection(line, 2, line, 2);
  return vscode.commands.executeCommand<HuntRun | undefined>(Commands.runHunt);
}

describe('Run Hunt against the offline sample tenant', () => {
  let api: DefenderHuntApi;
  let editor: vscode.TextEditor;

  before(async () => {
    api = await extensionApi();
    await api.connections.setActive('offline-sample');
    await api.hunt.timeRange.set('30d');
    editor = await openFixture('hunts.kql');
  });

  it('runs the block under the cursor and shows it in the results panel', async () => {
    const run = await runAt(editor, '| take 7');
    assert.ok(run, 'a run');
    assert.equal(run.result.rows.length, 7);
    assert.ok(run.result.columns.some((c) => c.name === 'Timestamp' && c.type === 'datetime'));
    assert.equal(run.connectionName, 'Offline sample tenant');
    // The block's leading comment belongs to it and is sent along, as in the portal.
    assert.equal(run.query, '// Seven process events from the offline sample tenant\nDeviceProcessEvents\n| take 7');
    assert.deepEqual([run.source?.startLine, run.source?.endLine], [0, 2]);
    const view = await waitFor('results panel showing the run', () => {
      const v = api.results.view.activeView();
      return v?.run.id === run.id ? v : undefined;
    });
    assert.equal(view.rowOrder().length, 7);
    assert.ok(api.results.isOpen());
  });

  it('returns exact values from the service (filter and sort run remotely)', async () => {
    const run = await runAt(editor, 'datatable(Name');
    assert.deepEqual(run?.result.rows.map((r) => [r[0], r[1]]), [['beta', 2], ['gamma', 3]]);
    assert.deepEqual(run?.result.columns.map((c) => `${c.name}:${c.type}`), ['Name:string', 'Score:long']);
  });

  it('runs only the selection when there is one', async () => {
    const text = editor.document.getText();
    const start = text.indexOf('datatable(');
    const end = text.indexOf('| where Score');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    const run = await vscode.commands.executeCommand<HuntRun | undefined>(Commands.runHunt);
    assert.equal(run?.result.rows.length, 3);
  });

  it('sends the time range as Timespan', async () => {
    await api.hunt.timeRange.set('1h');
    try {
      const before = Date.now();
      const run = await runAt(editor, 'Oldest = min(Timestamp)');
      assert.equal(run?.timeRange.timespan, 'PT1H');
      const oldest = run?.result.rows[0]?.[0];
      assert.equal(typeof oldest, 'string');
      assert.ok(Date.parse(oldest as string) >= before - 3_600_000 - 60_000, `oldest ${String(oldest)} is inside the last hour`);
    } finally {
      await api.hunt.timeRange.set('30d');
    }
  });

  it('puts a semantic error at the engine position in the editor', async () => {
    const run = await runAt(editor, 'NoSuchColumn');
    assert.equal(run, undefined);
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('NoSuchColumn'));
    const diagnostic = await waitFor('service diagnostic', () =>
      vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'Defender Hunt (service)'));
    assert.equal(diagnostic.range.start.line, line);
    assert.equal(editor.document.getText(diagnostic.range), 'NoSuchColumn');
    assert.match(diagnostic.message, /NoSuchColumn/);
  });

  it('offers Run hunt as a CodeLens above each block', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const ours = lenses.filter((l) => l.command?.command === Commands.runHunt);
    assert.deepEqual(ours.map((l) => l.range.start.line), [1, 5, 10, 14]);
    const run = await vscode.commands.executeCommand<HuntRun | undefined>(Commands.runHunt, ...(ours[1].command?.arguments ?? []));
    assert.equal(run?.result.rows.length, 2);
  });

  it('queues a second run while one is running and never mixes results', async () => {
    await vscode.workspace.getConfiguration('defenderHunt.run').update('whenBusy', 'queue', vscode.ConfigurationTarget.Global);
    try {
      // Explicit positions (as the CodeLens passes them): the editor's selection is shared state.
      const at = (line: number) => vscode.commands.executeCommand<HuntRun | undefined>(Commands.runHunt, { uri: editor.document.uri.toString(), line });
      const first = at(2);
      const second = at(5);
      const [a, b] = await Promise.all([first, second]);
      assert.equal(a?.result.rows.length, 7);
      assert.equal(b?.result.rows.length, 2);
      assert.ok((b?.startedAt ?? 0) >= (a?.startedAt ?? 0) + (a?.elapsedMs ?? 0) - 5, 'the second started after the first ended');
      assert.equal(api.results.view.activeView()?.run.id, b?.id);
    } finally {
      await vscode.workspace.getConfiguration('defenderHunt.run').update('whenBusy', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('cancels a running hunt: no result, nothing shown', async () => {
    const shownBefore = api.results.view.activeView()?.run.id;
    // Cancel as soon as the hunt starts (the busy event fires synchronously when it does).
    const started = new Promise<void>((resolve) => {
      const sub = api.hunt.runner.onDidChangeBusy((busy) => { if (busy) { sub.dispose(); resolve(); } });
    });
    const pending = runAt(editor, '| take 7');
    await started;
    await vscode.commands.executeCommand(Commands.cancelHunt);
    assert.equal(await pending, undefined);
    assert.equal(api.results.view.activeView()?.run.id, shownBefore);
  });
});
