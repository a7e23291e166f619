/**
 * Writes chunks to a Node Writable with backpressure: after a `write` that returns false it waits
 * for `drain` before producing the next chunk, so memory holds at most one chunk plus the
 * stream's buffer. Stops at once on an AbortSignal or a stream error.
 */
import type { Writable } from 'node:stream';
import type { Chunk } from './chunks';

/** Thrown when the export's AbortSignal fires. */
export class ExportCancelledError extends Error {
  constructor() {
    super('The export was cancelled.');
    this.name = 'AbortError';
  }
}

export function isExportCancelled(e: unknown): e is ExportCancelledError {
  return e instanceof ExportCancelledError;
}

export type ExportProgress = (rowsDone: number, rowsTotal: number) => void;

export interface PumpOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: ExportProgress;
  readonly rowsTotal: number;
}

export async function pumpChunks(chunks: Iterable<Chunk>, out: Writable, o: PumpOptions): Promise<void> {
  let failure: Error | undefined;
  // Without a listener an 'error' event would crash the host; record it and stop instead.
  const onError = (e: Error) => { failure ??= e; };
  out.on('error', onError);
  try {
    for (const chunk of chunks) {
      if (o.signal?.aborted) throw new ExportCancelledError();
      if (failure) throw failure;
      if (out.destroyed || out.writableEnded) throw new Error('the output stream closed before the export finished');
      const ok = out.write(Buffer.from(chunk.text, 'utf8'));
      o.onProgress?.(chunk.rowsDone, o.rowsTotal);
      if (!ok) await drained(out, o.signal);
    }
    if (o.signal?.aborted) throw new ExportCancelledError();
    if (failure) throw failure;
  } finally {
    out.off('error', onError);
    // Keep a listener so a late error (after we stopped) cannot crash the process.
    if (!out.listenerCount('error')) out.on('error', () => undefined);
  }
}

function drained(out: Writable, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain); out.off('error', onError); out.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
    };
    const onDrain = () => { cleanup(); resolve(); };
    const onError = (e: Error) => { cleanup(); reject(e); };
    const onClose = () => { cleanup(); reject(out.errored ?? new Error('the output stream closed before the export finished')); };
    const onAbort = () => { cleanup(); reject(new ExportCancelledError()); };
    out.on('drain', onDrain); out.on('error', onError); out.on('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
