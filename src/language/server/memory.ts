/**
 * Keeps the server's memory flat while a user edits for hours. Every keystroke re-analyses a
 * block, and the old analysis becomes garbage; V8 collects it lazily and lets the heap grow far
 * beyond what is live (measured: 50 MB live, 190 MB heap after 600 edits). So after the
 * debounced diagnostics run, when the heap has grown well past what the last collection left,
 * the server asks for a full collection while the user pauses.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

type Collect = () => void;

function gcFunction(): Collect | undefined {
  const existing = (globalThis as { gc?: Collect }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as Collect | undefined;
    return typeof gc === 'function' ? gc : undefined;
  } catch {
    return undefined; // no explicit collection available: V8's own heuristics then
  }
}

export class MemoryKeeper {
  private readonly gc = gcFunction();
  private baseline = process.memoryUsage().heapUsed;

  /** @param growthBytes how far the heap may grow past the last collection's result */
  constructor(private readonly growthBytes = 48 * 1024 * 1024) {}

  get available(): boolean {
    return this.gc !== undefined;
  }

  /** Called at quiet moments (after a diagnostics run); collects when the heap grew enough. */
  maybeCollect(): boolean {
    if (!this.gc || process.memoryUsage().heapUsed - this.baseline < this.growthBytes) return false;
    this.gc();
    this.baseline = process.memoryUsage().heapUsed;
    return true;
  }
}
