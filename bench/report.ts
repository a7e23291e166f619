/**
 * How a benchmark reports a figure. Targets compare against a peer or limit measured in the
 * same run where possible (a ratio), because these machines are noisy.
 */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable target, e.g. "<= 1.5 x JSON.parse" or "<= 60 ms". */
  readonly target: string;
  readonly better: 'lower' | 'higher';
  readonly ok: boolean;
}

export function report(figure: Figure): void {
  process.stdout.write(`BENCH ${JSON.stringify(figure)}\n`);
  console.error(`${figure.ok ? 'ok  ' : 'MISS'} ${figure.name}: ${figure.value} ${figure.unit} (target ${figure.target})`);
}

/** The p-th percentile (0..100) of a sample. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const round = (v: number, digits = 2): number => Number(v.toFixed(digits));
