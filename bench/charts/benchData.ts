/** The points every chart candidate draws: a datetime x (epoch ms, one per minute) and a noisy count. */
export interface BenchData { readonly x: number[]; readonly y: number[] }

export function benchData(points: number): BenchData {
  const start = Date.UTC(2026, 10, 1);
  const x = new Array<number>(points), y = new Array<number>(points);
  let seed = 42;
  for (let i = 0; i < points; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    x[i] = start + i * 60_000;
    y[i] = Math.round(100 + 50 * Math.sin(i / 500) + (seed % 40));
  }
  return { x, y };
}
