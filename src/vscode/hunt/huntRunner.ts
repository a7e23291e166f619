import * as vscode from 'vscode';
import { HuntingClient, type GetToken } from '../../core/api/huntingClient';
import { isHuntingError, type HuntingError, type HuntingErrorKind } from '../../core/api/huntingError';
import { SignInError } from '../../core/auth/signInError';
import { assertTokenDestination } from '../../core/auth/tokenDestination';
import type { QueryToRun } from '../../core/query/querySelection';
import type { HuntRun, TimeRangeChoice } from '../../core/results/huntRun';
import type { RenderSpec } from '../../core/results/resultSet';
import { Commands } from '../../shared/commands';
import { showSignInError } from '../auth/signInErrorUi';
import type { HuntTarget, HuntTargetProvider } from '../connections/huntTarget';
import type { ResultsView } from '../results/resultsView';
import type { HuntDiagnostics } from './huntDiagnostics';
import { huntSettings } from './huntSettings';

/** The query as it goes to the service, and a `render` taken off its end (see {@link QueryPreparer}). */
export interface PreparedQuery {
  readonly query: string;
  readonly render?: RenderSpec;
}

/**
 * Strips a trailing `render` and returns it (the language server's `kql/prepareHunt`, which
 * reads Kusto.Language's syntax tree). Undefined when it cannot answer (server not running):
 * the query is then sent unchanged and nothing is charted.
 */
export type QueryPreparer = (query: string) => Promise<PreparedQuery | undefined>;

export interface RunRequest {
  readonly uri: vscode.Uri;
  readonly query: QueryToRun;
}

interface Running {
  readonly id: string;
  readonly controller: AbortController;
  readonly done: Promise<HuntRun | undefined>;
  readonly targetName: string;
}

const KIND_LABEL: Readonly<Record<HuntingErrorKind, string>> = {
  syntax: 'syntax error', semantic: 'query error', auth: 'sign-in problem', permission: 'permission missing',
  throttled: 'throttled', quota: 'resource quota reached', timeout: 'timed out', network: 'network problem',
  server: 'service error', 'too-large': 'result too large', cancelled: 'cancelled',
};

/** Kinds worth offering "Retry" for: the same query may well succeed a moment later. */
const RETRYABLE = new Set<HuntingErrorKind>(['throttled', 'quota', 'timeout', 'network', 'server']);

/**
 * Runs hunts: one at a time per window, with a progress notification that shows the elapsed
 * time and a Cancel button that aborts the HTTP request, a policy for a second Run while one is
 * running (ask, queue or cancel the previous one; results never mix), and errors shown where
 * they help: a diagnostic at the engine's position, a notification with the kind, message and
 * request id, and the output channel.
 */
export class HuntRunner implements vscode.Disposable {
  private running: Running | undefined;
  private readonly queue: { request: RunRequest; resolve: (r: HuntRun | undefined) => void }[] = [];
  private counter = 0;
  private readonly changed = new vscode.EventEmitter<boolean>();
  /** Fires true when a hunt starts, false when the last one ends (for the "hunting" context key). */
  readonly onDidChangeBusy = this.changed.event;
  lastRun: HuntRun | undefined;

  constructor(private readonly deps: {
    readonly targets: HuntTargetProvider;
    readonly results: ResultsView;
    readonly timeRange: () => TimeRangeChoice;
    readonly diagnostics: HuntDiagnostics;
    readonly log: vscode.LogOutputChannel;
    readonly prepare?: QueryPreparer;
  }) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Runs a request, applying the busy policy. Resolves with the run, or undefined when it did not produce a result. */
  async run(request: RunRequest): Promise<HuntRun | undefined> {
    if (this.running) {
      const policy = huntSettings.whenBusy();
      let choice: 'queue' | 'cancel-previous' | undefined = policy === 'ask' ? undefined : policy;
      if (!choice) {
        const cancelRun = 'Cancel It and Run This';
        const queueIt = 'Run After It';
        const picked = await vscode.window.showWarningMessage(`A hunt is still running on ${this.running.targetName}.`, cancelRun, queueIt);
        choice = picked === cancelRun ? 'cancel-previous' : picked === queueIt ? 'queue' : undefined;
      }
      if (!choice) return undefined;
      if (choice === 'queue') return new Promise((resolve) => this.queue.push({ request, resolve }));
      this.cancel();
      await this.running?.done;
    }
    return this.start(request);
  }

  cancel(): void {
    this.running?.controller.abort();
  }

  private start(request: RunRequest): Promise<HuntRun | undefined> {
    const id = `hunt-${Date.now().toString(36)}-${++this.counter}`;
    const controller = new AbortController();
    const done = this.execute(id, request, controller).finally(() => {
      this.running = undefined;
      const next = this.queue.shift();
      if (next) void this.start(next.request).then(next.resolve);
      else this.changed.fire(false);
    });
    this.running = { id, controller, done, targetName: '…' };
    this.changed.fire(true);
    return done;
  }

  private async execute(id: string, request: RunRequest, controller: AbortController): Promise<HuntRun | undefined> {
    const target = await this.deps.targets.activeTarget().catch((e: unknown) => { void showSignInError(e, this.deps.log, 'Connection'); return undefined; });
    if (!target) {
      const pick = 'Pick Connection';
      void vscode.window.showErrorMessage('No connection to hunt on. Pick one (or the Offline sample tenant) first.', pick)
        .then((a) => { if (a === pick) void vscode.commands.executeCommand(Commands.pickConnection); });
      return undefined;
    }
    if (this.running?.id === id) this.running = { ...this.running, targetName: target.name };
    const timeRange: TimeRangeChoice = target.api === 'legacy'
      ? { label: 'Set by the query (legacy API has no time range)' }
      : this.deps.timeRange();
    const firstLine = request.query.query.split('\n').find((l) => l.trim() && !l.trim().startsWith('//'))?.trim() ?? '';
    this.deps.log.info(`${id}: hunting on ${target.name} (${target.api}, ${timeRange.label}): ${firstLine.slice(0, 120)}`);

    let signInError: unknown;
    let lastToken: string | undefined;
    const getToken: GetToken = async (signal, options) => {
      try {
        lastToken = await target.getToken(signal, options);
        return lastToken;
      } catch (e) {
        signInError = e;
        throw e;
      }
    };
    const startedAt = Date.now();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Hunting on ${target.name}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      let note = '';
      const tick = () => progress.report({ message: `${Math.round((Date.now() - startedAt) / 1000)} s · ${timeRange.label}${note}` });
      tick();
      const timer = setInterval(tick, 1000);
      const client = new HuntingClient({
        getToken, api: target.api, cloud: target.cloud, baseUrl: target.url, timeoutMs: huntSettings.timeoutMs(),
        onRetry: (info) => {
          note = ` · ${KIND_LABEL[info.error.kind]}, retrying in ${Math.ceil(info.delayMs / 1000)} s`;
          this.deps.log.warn(`${id}: attempt ${info.attempt} failed (${info.error.kind} ${info.error.status}, request id ${info.error.requestId}); retrying in ${info.delayMs} ms`);
          tick();
        },
      });
      try {
        // Defence in depth: the connection's token only ever goes under its own API root.
        assertTokenDestination(target.url, client.url);
        const prepared = await this.prepare(id, request.query.query);
        const sent = await client.run(prepared.query, { timespan: timeRange.timespan, signal: controller.signal });
        const result = prepared.render ? { ...sent, render: prepared.render } : sent;
        const run: HuntRun = {
          id, query: request.query.query, connectionName: target.name, api: target.api, timeRange, startedAt,
          elapsedMs: Date.now() - startedAt,
          source: { uri: request.uri.toString(), startLine: request.query.startLine, endLine: request.query.endLine },
          result,
          ...(prepared.query !== request.query.query ? { sentQuery: prepared.query } : {}),
        };
        this.deps.diagnostics.clear(request.uri);
        this.deps.log.info(`${id}: ${result.rows.length} rows × ${result.columns.length} columns in ${run.elapsedMs} ms${result.truncated ? ` (truncated: ${result.truncated})` : ''}`);
        this.lastRun = run;
        this.deps.results.showRun(run);
        return run;
      } catch (e) {
        this.report(id, request, target, e, signInError, lastToken);
        return undefined;
      } finally {
        clearInterval(timer);
      }
    });
  }

  /** The query to send and its chart hint; the query unchanged when the language server cannot say. */
  private async prepare(id: string, query: string): Promise<PreparedQuery> {
    if (!this.deps.prepare) return { query };
    try {
      const prepared = await this.deps.prepare(query);
      if (!prepared) {
        this.deps.log.info(`${id}: the KQL language server is not running; sending the query as written (no chart from a render)`);
        return { query };
      }
      if (prepared.render) this.deps.log.info(`${id}: render ${prepared.render.visualization} kept as the chart; sending the query without it`);
      return prepared;
    } catch (e) {
      this.deps.log.warn(`${id}: could not read the query's render (${e instanceof Error ? e.message : String(e)}); sending the query as written`);
      return { query };
    }
  }

  private report(id: string, request: RunRequest, target: HuntTarget, e: unknown, signInError: unknown, token: string | undefined): void {
    if (!isHuntingError(e)) {
      if (e instanceof Error && e.name === 'TokenDestinationError') {
        this.deps.log.error(`${id}: ${e.message}`);
        void vscode.window.showErrorMessage(e.message, 'Edit Connection').then((a) => { if (a) void vscode.commands.executeCommand(Commands.editConnection); });
        return;
      }
      this.deps.log.error(`${id}: unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage('The hunt failed unexpectedly. See the output for details.', 'Show Output')
        .then((a) => { if (a) this.deps.log.show(); });
      return;
    }
    const err: HuntingError = e;
    if (err.kind === 'cancelled') { this.deps.log.info(`${id}: cancelled`); return; }
    if (err.kind === 'auth' && signInError instanceof SignInError) { void showSignInError(signInError, this.deps.log, 'Hunt'); return; }
    if (err.kind === 'permission') { void showSignInError(target.explainForbidden(token), this.deps.log, 'Hunt'); return; }
    const where = err.line !== undefined ? ` at line ${err.line}${err.column !== undefined ? `, column ${err.column}` : ''}` : '';
    this.deps.log.error(`${id}: ${err.kind} (HTTP ${err.status}${err.code ? ` ${err.code}` : ''})${where}: ${err.message} [request id ${err.requestId}]`);
    if (err.kind === 'syntax' || err.kind === 'semantic') this.deps.diagnostics.show(request.uri, request.query, err);
    const buttons = ['Show Output', ...(RETRYABLE.has(err.kind) ? ['Retry'] : [])];
    void vscode.window.showErrorMessage(`Hunt failed (${KIND_LABEL[err.kind]}${where}): ${err.message || 'the service gave no message'} — request id ${err.requestId}`, ...buttons)
      .then((a) => {
        if (a === 'Show Output') this.deps.log.show();
        if (a === 'Retry') void this.run(request);
      });
  }

  dispose(): void {
    this.cancel();
    for (const q of this.queue.splice(0)) q.resolve(undefined);
    this.changed.dispose();
  }
}
