/**
 * When diagnostics are computed and published. Edits are debounced per document; a run walks
 * the document's blocks, analysing only those without cached diagnostics, and yields to the
 * event loop after each one so a completion request that arrives meanwhile is answered first
 * (Node runs one thing at a time: without the yields a run over 20 new blocks would hold every
 * request for its whole duration). A run abandons itself when the document changed under it;
 * the change already scheduled the next run.
 */
import { DiagnosticSeverity, DiagnosticTag, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { blockDiagnostics, type KqlDiagnostic } from './diagnostics';
import { nextTurn, type DocumentStore } from './documents';
import type { KustoContext } from './kustoContext';
import type { MemoryKeeper } from './memory';
import type { SettingsStore } from './settings';

export const DIAGNOSTICS_DELAY_MS = 250;

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;
const TAGS = { deprecated: DiagnosticTag.Deprecated, unnecessary: DiagnosticTag.Unnecessary } as const;

export class DiagnosticScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: DocumentStore,
    private readonly ctx: KustoContext,
    private readonly settings: SettingsStore,
    private readonly delayMs = DIAGNOSTICS_DELAY_MS,
    private readonly memory?: MemoryKeeper,
  ) {}

  /** Publish after the debounce delay (0: on the next turn of the event loop). */
  schedule(uri: string, delayMs = this.delayMs): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      this.run(uri).catch((e: unknown) => this.connection.console.error(`diagnostics failed for ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    }, delayMs));
  }

  scheduleAll(delayMs = 0): void {
    for (const doc of this.documents.all()) this.schedule(doc.uri, delayMs);
  }

  /** The document closed: stop its pending run and clear what the editor shows. */
  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const { version } = doc;
    const generation = this.ctx.generation;
    const settings = await this.settings.get(uri);
    if (!settings.diagnostics.enabled) {
      await this.connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const stale = () => this.documents.get(uri)?.version !== version || this.ctx.generation !== generation;
    if (stale()) return;
    const out: Diagnostic[] = [];
    for (const view of this.store.blocks(doc)) {
      if (!view.analysis.diagnostics) {
        blockDiagnostics(view.analysis, this.ctx);
        await nextTurn();
        if (stale()) return;
      }
      for (const d of view.analysis.diagnostics ?? []) out.push(toLsp(doc, view.start, d));
    }
    await this.connection.sendDiagnostics({ uri, version, diagnostics: out });
    // The user paused long enough for the debounce: a good moment to return memory.
    setImmediate(() => this.memory?.maybeCollect());
  }
}

export function toLsp(doc: TextDocument, blockStart: number, d: KqlDiagnostic): Diagnostic {
  const start = blockStart + d.start;
  return {
    range: { start: doc.positionAt(start), end: doc.positionAt(start + d.length) },
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'kql',
    message: d.message,
    ...(d.tags?.length ? { tags: d.tags.map((t) => TAGS[t]) } : {}),
  };
}
