/**
 * Entry point of the KQL language server (dist/server/server.js, also the `kql-language-server`
 * command). The extension starts it over IPC; any other LSP client runs it with `--stdio`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const USAGE = `kql-language-server: a language server for Microsoft Defender XDR advanced hunting (KQL)

Usage: kql-language-server --stdio
       (also --node-ipc, --socket=<port> or --pipe=<name>, as LSP clients start servers)

It checks queries against the bundled Defender hunting schema; a client can replace the schema
with the 'kql/schema' notification. Settings are read from the 'defenderHunt' section.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
} else if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write(USAGE + '\n');
  process.exit(2);
} else {
  startServer(createConnection(ProposedFeatures.all));
}
