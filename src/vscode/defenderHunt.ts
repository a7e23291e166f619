import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from '../language/client';
import { Commands } from '../shared/commands';
import { createLog } from './log';
import { ResultsPanel, type ResultsProbe } from './results/resultsPanel';

/**
 * The extension's root object: builds every piece in reading order (log → language client →
 * results → commands) and owns their disposal.
 */
export class DefenderHunt implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly results: ResultsPanel;
  private readonly client: LanguageClient;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    this.log = createLog();
    this.log.info(`Defender Hunt ${String(context.extension.packageJSON.version)} activating in ${vscode.env.appName} ${vscode.version}`);
    this.client = createLanguageClient(context, this.log);
    this.results = new ResultsPanel(context.extensionUri, this.log);
    this.disposables.push(
      this.log,
      this.results,
      vscode.commands.registerCommand(Commands.showOutput, () => this.log.show()),
      vscode.commands.registerCommand(Commands.showResults, () => this.results.show()),
    );
  }

  async start(): Promise<void> {
    await this.client.start();
    this.log.info('language server started');
  }

  /** For integration tests: what a test may inspect without reaching into private state. */
  get api(): DefenderHuntApi {
    return { log: this.log, languageClientState: () => this.client.state, results: this.results.probe };
  }

  async dispose(): Promise<void> {
    await this.client.stop().catch(() => undefined);
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

export interface DefenderHuntApi {
  readonly log: vscode.LogOutputChannel;
  languageClientState(): number;
  /** The results panel: `results.view` is the ResultsView (showRun, activeView); the rest observes the webview. */
  readonly results: ResultsProbe;
}
