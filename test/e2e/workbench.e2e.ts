import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Workbench } from './workbench';

describe('the extension in code-server, as a user sees it', () => {
  let wb: Workbench;
  before(async () => { wb = await Workbench.open(); });
  after(async () => { await wb?.close(); });

  it('opens a .kql file from the explorer with KQL colouring', async () => {
    await wb.openFromExplorer('sample.kql');
    // The language mode in the status bar names our language.
    await wb.page.locator('.statusbar-item', { hasText: 'KQL (Defender hunting)' }).first().waitFor();
    // The TextMate grammar colours tokens: the pipe operators get their own token class.
    // Tokenisation is asynchronous, so wait for it rather than sample once.
    const handle = await wb.page.waitForFunction(() => {
      const spans = Array.from(document.querySelectorAll('.monaco-editor .view-line span span'));
      const classes = new Set(spans.map((e) => e.className));
      return classes.size >= 4 ? classes.size : false;
    }, undefined, { timeout: 15_000 });
    assert.ok(Number(await handle.jsonValue()) >= 4);
  });

  it('runs "Defender Hunt: Show Results" from the command palette and shows the results panel', async () => {
    await wb.runCommand('Defender Hunt: Show Results');
    await wb.page.locator('.tab', { hasText: 'Hunt Results' }).first().waitFor();
    const empty = wb.webview().locator('.empty');
    await empty.waitFor();
    assert.match(await empty.textContent() ?? '', /No results yet/);
    await wb.screenshot('workbench-results-panel');
  });

  it('shows the "Defender Hunt" output channel', async () => {
    await wb.runCommand('Defender Hunt: Show Output');
    await wb.page.locator('.panel .monaco-editor .view-lines', { hasText: 'language server started' }).first().waitFor();
  });
});
