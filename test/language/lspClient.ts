/**
 * A minimal LSP client for tests and benchmarks: starts the real server process and talks to
 * it over stdio exactly as an editor does (initialize, didOpen/didChange, requests), answering
 * the server's workspace/configuration pulls with settings the test controls.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  CompletionRequest, ConfigurationRequest, DidChangeConfigurationNotification, DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification, InitializedNotification,
  InitializeRequest, PublishDiagnosticsNotification, RegistrationRequest, ShutdownRequest,
  type CompletionContext, type CompletionItem, type CompletionList, type Diagnostic, type Position,
  type ProtocolConnection, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification, type KqlSettings, type StatusParams } from '../../src/shared/lsp';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const bundlePath = path.join(repoRoot, 'dist', 'server', 'server.js');

export interface StartOptions {
  /** Run the built bundle (dist/server/server.js) instead of the TypeScript source through tsx. */
  readonly bundle?: boolean;
  /** What the client answers to workspace/configuration (the `defenderHunt` section). */
  readonly settings?: Partial<{ diagnostics: Partial<KqlSettings['diagnostics']>; format: Partial<KqlSettings['format']> }>;
  /** Client name sent in initialize (the server enables VS Code-only extras for "Visual Studio Code"). */
  readonly clientName?: string;
}

/** The command line that runs the server over stdio. */
export function serverCommand(bundle = false): { command: string; args: string[] } {
  return bundle
    ? { command: process.execPath, args: [bundlePath, '--stdio'] }
    : { command: process.execPath, args: ['--import', 'tsx', path.join(repoRoot, 'src', 'language', 'server', 'main.ts'), '--stdio'] };
}

export class LspTestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly statuses: StatusParams[] = [];
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  settings: StartOptions['settings'];
  stderr = '';

  private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection, settings: StartOptions['settings']) {
    this.settings = settings;
  }

  static async start(opts: StartOptions = {}): Promise<LspTestClient> {
    const { command, args } = serverCommand(opts.bundle);
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(child, connection, opts.settings);
    child.stderr.on('data', (d: Buffer) => { client.stderr += d.toString(); });
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => { client.diagnostics.set(p.uri, p); client.wake(); });
    connection.onNotification(StatusNotification, (s) => { client.statuses.push(s); client.wake(); });
    connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => client.settings ?? {}));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      clientInfo: { name: opts.clientName ?? 'lsp-test-client' },
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { versionSupport: true },
        },
      },
      workspaceFolders: null,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `check` returns a value (re-checked on every server notification). */
  async waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  ready(): Promise<StatusParams> {
    return this.waitFor('the server to warm up', () => this.statuses.find((s) => s.state === 'ready'));
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.diagnostics.delete(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'kql', version: 1, text } });
  }

  /** Sends edits (ranged, or a whole new text); returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The diagnostics the server published for the document's current version. */
  diagnosticsFor(uri: string, timeoutMs?: number): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    return this.waitFor(`diagnostics of ${uri} v${version}`, () => {
      const p = this.diagnostics.get(uri);
      return p && p.version === version ? p.diagnostics : undefined;
    }, timeoutMs);
  }

  async completion(uri: string, position: Position, context?: CompletionContext): Promise<CompletionItem[]> {
    const r = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, ...(context ? { context } : {}) });
    return Array.isArray(r) ? r : (r as CompletionList | null)?.items ?? [];
  }

  async changeSettings(settings: StartOptions['settings']): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch { /* already gone */ }
    await new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) return resolve();
      const timer = setTimeout(() => { this.process.kill('SIGKILL'); resolve(); }, 3000);
      this.process.once('exit', () => { clearTimeout(timer); resolve(); });
    });
    this.connection.dispose();
  }
}

/** The position of the `index`-th occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): Position {
  let i = -1;
  for (let n = 0; n <= occurrence; n++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  }
  return offsetToPosition(text, i + delta);
}

export function offsetToPosition(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies LSP text edits to a text (for formatting and rename results). */
export function applyEdits(text: string, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
  const offset = (p: Position) => {
    const lines = text.split('\n');
    let o = 0;
    for (let l = 0; l < p.line; l++) o += lines[l].length + 1;
    return o + p.character;
  };
  return [...edits]
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

export function bundleExists(): boolean {
  return fs.existsSync(bundlePath) && fs.existsSync(path.join(path.dirname(bundlePath), 'kusto', 'Kusto.Language.Bridge.min.js'));
}
