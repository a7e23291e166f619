/** Bench candidate: uPlot drawing a time series, configured as a timechart would ship. */
import uPlot from 'uplot';
import type { BenchData } from './benchData';

export function draw(root: HTMLElement, d: BenchData): void {
  new uPlot({
    width: 1200, height: 600,
    series: [{}, { label: 'count_', stroke: '#3794ff', width: 1 }],
    scales: { x: { time: true } },
  }, [d.x.map((t) => t / 1000), d.y], root);
}
