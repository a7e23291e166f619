/**
 * Fault injection for client tests, only when the emulator was started with faults enabled.
 * A fault is `<kind>[:<n>]`:
 *   429[:s], 503[:s]   error with Retry-After s seconds (default 1)
 *   500, 504           server errors with each API's body
 *   reset              the connection is destroyed before any response
 *   slow[:ms]          the normal response, after ms milliseconds (default 3000)
 *   truncate           the normal response's headers and half its body, then the connection closes
 *   huge[:rows]        a real 200 with `rows` (default 100,000) × 20 columns, past every limit
 * A request takes its fault from the `x-emulator-fault` header, else from the queue that tests
 * fill through `faults.enqueue(...)` or `POST /emulator/faults {"faults":["503","503"]}` — which
 * scripts sequences such as "503, 503, then 200".
 */

export type FaultKind = '429' | '500' | '503' | '504' | 'reset' | 'slow' | 'truncate' | 'huge';

export interface Fault {
  readonly kind: FaultKind;
  /** Retry-After seconds (429/503), delay ms (slow) or rows (huge). */
  readonly value?: number;
}

const KINDS: readonly FaultKind[] = ['429', '500', '503', '504', 'reset', 'slow', 'truncate', 'huge'];

export function parseFault(spec: string): Fault {
  const m = /^\s*([a-z0-9]+)(?::(\d+))?\s*$/i.exec(spec);
  const kind = m?.[1].toLowerCase() as FaultKind | undefined;
  if (!m || !kind || !KINDS.includes(kind)) throw new Error(`unknown fault '${spec}' (expected one of ${KINDS.join(', ')}, optionally ':<n>')`);
  return { kind, value: m[2] === undefined ? undefined : Number(m[2]) };
}

export class FaultController {
  private readonly queue: Fault[] = [];
  constructor(readonly enabled: boolean) {}

  /** Queues faults for the next hunting requests (in order). */
  enqueue(...specs: (string | Fault)[]): void {
    if (!this.enabled) throw new Error('fault injection is off: start the emulator with faults enabled');
    for (const s of specs) this.queue.push(typeof s === 'string' ? parseFault(s) : s);
  }

  clear(): void {
    this.queue.length = 0;
  }

  pending(): readonly Fault[] {
    return [...this.queue];
  }

  /** The fault for one request: its header wins, else the next queued one. */
  next(header: string | undefined): Fault | undefined {
    if (!this.enabled) return undefined;
    if (header) return parseFault(header);
    return this.queue.shift();
  }
}
