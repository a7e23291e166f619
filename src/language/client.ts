import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { PrepareHuntRequest, type PrepareHuntResult, SchemaNotification, StatusNotification } from '../shared/lsp';

/**
 * Starts the KQL language server (dist/server/server.js) over IPC. The server is a separate
 * Node process so that Kusto.Language's globals and its CPU work never touch the extension host.
 * It pulls the `defenderHunt` settings itself (workspace/configuration) and is told when they
 * change; its status (warmed up, schema applied or refused) goes to the output channel.
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
  const client = new LanguageClient('defenderHuntKql', 'Defender Hunt KQL', serverOptions, clientOptions);
  client.onNotification(StatusNotification, (s) => {
    if (s.state === 'ready') outputChannel.info(`KQL language server ready after ${s.sinceStartMs} ms: ${s.tables} tables, ${s.functions} functions`);
    else outputChannel.error(`KQL language server refused a schema: ${s.message ?? 'unknown error'}`);
  });
  return client;
}

/**
 * Replaces the schema the language server checks queries against (e.g. with a tenant's own,
 * from `getschema`); `null` goes back to the bundled Defender schema.
 */
export function sendSchema(client: LanguageClient, schema: unknown, source?: string): Promise<void> {
  return client.sendNotification(SchemaNotification, { schema, ...(source ? { source } : {}) });
}

/** How long Run waits for the server to read a query's render before sending the query as written. */
const PREPARE_TIMEOUT_MS = 5000;

/**
 * Asks the server to strip a trailing `render` from a query (`kql/prepareHunt`). Undefined when
 * the server is not running or does not answer in time: the caller then sends the query as is.
 */
export async function prepareHunt(client: LanguageClient, query: string): Promise<PrepareHuntResult | undefined> {
  if (client.state !== State.Running) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), PREPARE_TIMEOUT_MS); });
  try {
    return await Promise.race([client.sendRequest(PrepareHuntRequest, { query }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
