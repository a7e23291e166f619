/** Bench candidate: Chart.js (tree-shaken) drawing a time series with its decimation plugin. */
import { Chart, LineController, BarController, PieController, ScatterController, LineElement, BarElement, ArcElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler, Title, Decimation } from 'chart.js';
import type { BenchData } from './benchData';

Chart.register(LineController, BarController, PieController, ScatterController, LineElement, BarElement, ArcElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler, Title, Decimation);

export function draw(root: HTMLElement, d: BenchData): void {
  const canvas = document.createElement('canvas');
  root.append(canvas);
  const data = new Array<{ x: number; y: number }>(d.x.length);
  for (let i = 0; i < d.x.length; i++) data[i] = { x: d.x[i], y: d.y[i] };
  new Chart(canvas, {
    type: 'line',
    data: { datasets: [{ label: 'count_', data, borderWidth: 1, pointRadius: 0 }] },
    options: {
      animation: false, responsive: false, parsing: false, normalized: true,
      scales: { x: { type: 'linear' } },
      plugins: { decimation: { enabled: true, algorithm: 'lttb' } },
    },
  });
}
