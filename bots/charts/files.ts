/** Charts as files: the demo's --charts directory, and the console front end's path line. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartData } from '../../core/charts.ts';
import { drawChart } from './draw.ts';

/** Write the chart as `<dir>/<kind>-<topic>-<last day>.png`; returns its path. */
export async function writeChart(dir: string, kind: string, chart: ChartData): Promise<string> {
  const drawn = await drawChart(chart);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${kind}-${drawn.filename}`);
  writeFileSync(path, drawn.png);
  return path;
}
