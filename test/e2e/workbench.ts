/**
 * Drives a real code-server workbench in Debian Chromium the way a person does: the extension
 * is installed from the VSIX (`--install-extension`), files are opened from the explorer,
 * commands run from the command palette. Screenshots go to test-results/ (git-ignored).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { launchChromium, startCodeServer, tempRoot } from '../harness/codeServer.mjs';
import { packageVsix } from '../../scripts/package.mjs';
import { ensureVSCode, repoRoot } from '../../scripts/vscode-env.mjs';

export const resultsDir = path.join(repoRoot, 'test-results');

let vsix: string | undefined;
/** The VSIX under test: DH_VSIX when the runner built it, else packaged once per process. */
function vsixFile(): string {
  vsix ??= process.env.DH_VSIX && fs.existsSync(process.env.DH_VSIX) ? process.env.DH_VSIX : packageVsix({ quiet: true });
  return vsix;
}

export interface WorkbenchOptions {
  /** Folder to open; a copy of test/fixtures/workspace by default (tests may write to it). */
  folder?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
}

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly folder: string,
    private readonly closeAll: () => Promise<void>,
    /** code-server's user data folder (User/settings.json is in it). */
    readonly userDataDir: string,
  ) {}

  static async open(opts: WorkbenchOptions = {}): Promise<Workbench> {
    const root = tempRoot('dh-e2e-');
    const folder = opts.folder ?? path.join(root, 'workspace');
    if (!opts.folder) fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
    const extensionsDir = path.join(root, 'extensions');
    const userDataDir = path.join(root, 'user-data');
    installVsix(vsixFile(), extensionsDir, userDataDir, root);
    const server = await startCodeServer({ folder, extensionsDir, userDataDir, root, settings: opts.settings, env: opts.env });
    let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
    const closeAll = async () => {
      await browser?.close();
      await server.stop();
      if (!process.env.DH_KEEP_TMP) fs.rmSync(root, { recursive: true, force: true });
    };
    try {
      browser = await launchChromium({ root });
      const page = browser.context.pages()[0] ?? await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(server.workbenchUrl());
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The explorer lists the folder once the remote connection and file service are up.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      return new Workbench(page, folder, closeAll, userDataDir);
    } catch (e) {
      await closeAll();
      throw e;
    }
  }

  /** Opens a file by clicking it in the explorer, then waits for its editor tab. */
  async openFromExplorer(name: string): Promise<void> {
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
    await this.page.locator('.tabs-container .tab', { hasText: name }).first().waitFor();
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /**
   * Puts the cursor on the line holding `lineText` and presses Shift+Enter (Run Hunt). On a fresh
   * server the extension's keybindings count only once the extension host has scanned and
   * activated it; before that Shift+Enter is an ordinary key. Its "Run hunt" CodeLens shows it is.
   */
  async runHuntAt(lineText: string): Promise<void> {
    await this.page.locator('.monaco-editor .codelens-decoration', { hasText: 'Run hunt' }).first().waitFor({ timeout: 60_000 });
    await this.page.locator('.monaco-editor .view-line', { hasText: lineText }).first().click();
    await this.page.keyboard.press('Shift+Enter');
  }

  /**
   * Runs a command from the command palette (F1). On a fresh server the palette's command list
   * can be stale until the extension host has scanned extensions, so reopen and retry.
   */
  async runCommand(title: string, attempts = 10): Promise<void> {
    for (let i = 1; i <= attempts; i++) {
      await this.page.keyboard.press('F1');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('>' + title);
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ timeout: 3000 });
        await this.page.keyboard.press('Enter');
        return;
      } catch {
        await this.page.keyboard.press('Escape');
      }
    }
    throw new Error(`command not found in the palette: ${title}`);
  }

  /** The content frame of the webview panel with this title (VS Code nests two iframes). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.closeAll();
  }
}

function installVsix(file: string, extensionsDir: string, userDataDir: string, root: string): void {
  const vs = ensureVSCode({ quiet: true });
  const r = spawnSync(vs.node24, [vs.codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', file], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: path.join(root, 'xdg-config'), XDG_DATA_HOME: path.join(root, 'xdg-data'), XDG_CACHE_HOME: path.join(root, 'xdg-cache') },
    timeout: 120_000,
  });
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) {
    throw new Error(`--install-extension failed (${r.status}): ${r.stdout}${r.stderr}`);
  }
}
