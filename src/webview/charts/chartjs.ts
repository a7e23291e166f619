/**
 * Chart.js with only the pieces the Chart tab uses registered (tree-shaken: ~190 KiB minified,
 * see docs/charts.md for why Chart.js), and our UTC date adapter for the time scale.
 */
import {
  ArcElement, BarController, BarElement, BasicPlatform, CategoryScale, Chart, Decimation, Filler, Legend, LinearScale, LineController,
  LineElement, LogarithmicScale, PieController, PointElement, ScatterController, TimeScale, Title, Tooltip,
} from 'chart.js';
import { installUtcDateAdapter } from './utcDateAdapter';

Chart.register(
  LineController, BarController, PieController, ScatterController, LineElement, BarElement, ArcElement, PointElement,
  LinearScale, LogarithmicScale, CategoryScale, TimeScale, Tooltip, Legend, Filler, Title, Decimation,
);
installUtcDateAdapter();

export { BasicPlatform, Chart };
