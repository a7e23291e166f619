import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, prepareHunt } from '../language/client';
import { Commands } from '../shared/commands';
import { ConnectionCommands } from './connections/connectionCommands';
import { ConnectionManager } from './connections/connectionManager';
import { ConnectionStatusBar } from './connections/connectionStatusBar';
import { HuntFeature } from './hunt/huntCommands';
import { OfflineTenant } from './emulator/offlineTenant';
import { ExportFeature } from './export/exportCommands';
import { createLog } from './log';
import { ResultsPanel, type ResultsProbe } from './results/resultsPanel';

/**
 * The extension's root object: builds every piece in reading order (log → language client →
 * results → commands) and owns their disposal.
 */
export class DefenderHunt implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly results: ResultsPanel;
  /** Connections and sign-in; `connections.activeTarget()` is what the Run command uses. */
  readonly connections: ConnectionManager;
  readonly connectionCommands: ConnectionCommands;
  readonly connectionStatus: ConnectionStatusBar;
  /** Run Hunt: commands, CodeLens, time range, the runner. */
  readonly hunt: HuntFeature;
  readonly offlineTenant: OfflineTenant;
  /** Export Results to CSV / JSON (commands, context key, remembered choices). */
  readonly exports: ExportFeature;
  private readonly client: LanguageClient;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly logUri: vscode.Uri;
  private readonly globalStorageUri: vscode.Uri;

  constructor(context: vscode.ExtensionContext) {
    this.log = createLog();
    this.log.info(`Defender Hunt ${String(context.extension.packageJSON.version)} activating in ${vscode.env.appName} ${vscode.version}`);
    this.client = createLanguageClient(context, this.log);
    this.results = new ResultsPanel(context.extensionUri, this.log);
    // The built-in offline sample tenant: the emulator as a child process, started on first use.
    this.offlineTenant = new OfflineTenant(context.extensionPath, this.log);
    const offline = this.offlineTenant;
    this.connections = new ConnectionManager({ secrets: context.secrets, workspaceState: context.workspaceState, log: this.log, offlineTenant: () => offline.start() });
    this.connectionCommands = new ConnectionCommands(this.connections, this.log);
    this.connectionStatus = new ConnectionStatusBar(this.connections);
    this.logUri = context.logUri;
    const connections = this.connections;
    this.hunt = new HuntFeature({
      targets: {
        activeTarget: () => connections.activeTarget(),
        activeApiIsLegacy: () => { const e = connections.active(); return e?.kind === 'profile' && e.profile.api === 'legacy'; },
      },
      results: this.results, state: context.workspaceState, log: this.log,
      // A trailing `render` is read from the syntax tree in the language server (Kusto.Language
      // never loads in the extension host) and kept as the result's chart.
      prepare: (query) => prepareHunt(this.client, query),
    });
    this.globalStorageUri = context.globalStorageUri;
    this.exports = new ExportFeature({ results: this.results, globalState: context.globalState, workspaceState: context.workspaceState, log: this.log });
    this.disposables.push(
      this.log,
      this.results,
      this.connectionStatus,
      this.connectionCommands,
      this.connections,
      this.offlineTenant,
      this.hunt,
      this.exports,
      this.connections.onDidChange(() => this.hunt.timeRange.refresh()),
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
    return {
      log: this.log, languageClientState: () => this.client.state,
      connections: this.connections, connectionCommands: this.connectionCommands, connectionStatus: this.connectionStatus, logUri: this.logUri, globalStorageUri: this.globalStorageUri,
      results: this.results.probe,
      hunt: this.hunt,
      exports: this.exports,
    };
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
  readonly connections: ConnectionManager;
  readonly connectionCommands: ConnectionCommands;
  readonly connectionStatus: ConnectionStatusBar;
  /** The extension's log folder (the "Defender Hunt" output channel's file is in it). */
  readonly logUri: vscode.Uri;
  /** Run Hunt: `hunt.runner.lastRun`, `hunt.timeRange`. */
  readonly hunt: HuntFeature;
  /** Export: `exports.export(kind, args)`, `exports.onDidProgress`, `exports.lastOutcome`. */
  readonly exports: ExportFeature;
  /** The extension's global storage folder (under the user data folder, next to settings.json). */
  readonly globalStorageUri: vscode.Uri;
}
