/**
 * The renderer, loaded on first use: ECharts takes most of a second to load, which no command that never draws a
 * chart (and no service start) should pay.
 */
import type { ChartData } from '../../core/charts.ts';
import type * as Render from './render.ts';
import type { RenderedChart } from './render.ts';

let renderer: Promise<typeof Render> | null = null;

export const loadRenderer = () => (renderer ??= import('./render.ts'));

export async function drawChart(chart: ChartData): Promise<RenderedChart> {
  return (await loadRenderer()).renderChart(chart);
}
