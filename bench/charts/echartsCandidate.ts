/** Bench candidate: ECharts (tree-shaken, canvas renderer) drawing a time series as a timechart would ship. */
import * as echarts from 'echarts/core';
import { LineChart, BarChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, TitleComponent, ToolboxComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { BenchData } from './benchData';

echarts.use([LineChart, BarChart, PieChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, TitleComponent, ToolboxComponent, CanvasRenderer, SVGRenderer]);

export function draw(root: HTMLElement, d: BenchData): void {
  const chart = echarts.init(root, null, { renderer: 'canvas', width: 1200, height: 600 });
  const data = new Array<[number, number]>(d.x.length);
  for (let i = 0; i < d.x.length; i++) data[i] = [d.x[i], d.y[i]];
  chart.setOption({
    animation: false,
    xAxis: { type: 'time' }, yAxis: { type: 'value' },
    tooltip: { trigger: 'axis' }, legend: {}, dataZoom: [{ type: 'inside' }, { type: 'slider' }],
    series: [{ type: 'line', name: 'count_', showSymbol: false, sampling: 'lttb', data }],
  });
}
