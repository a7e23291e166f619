import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

/**
 * Starts the KQL language server (dist/server/server.js) over IPC. The server is a separate
 * Node process so that Kusto.Language's globals and its CPU work never touch the extension host.
 */
export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=127.0.0.1:6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'kql' }],
    outputChannel,
  };
  return new LanguageClient('defenderHuntKql', 'Defender Hunt KQL', serverOptions, clientOptions);
}
