/**
 * How long a momentum chart takes to draw: ECharts' server-side SVG, then resvg's PNG, for a 14-day chart like the
 * demo's stall day. The first render in a fresh process (module load, fonts) is measured in a child process; then
 * the median and 95th percentile of RUNS renders in this one.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { renderSvg, svgToPng } from '../../bots/charts/render.ts';
import { buildChart, type ChartData } from '../../core/charts.ts';
import { median, row, type Row } from './support/report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);

export function stallDayChart(): ChartData {
  const stall = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0];
  const progress = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 2];
  const neutral = [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 1, 1, 1];
  return buildChart({
    topic: 'iran-us',
    zone: 'Asia/Karachi',
    end: new Date('2026-04-09T04:00:00Z'),
    counts: stall.map((s, i) => ({ progress: progress[i]!, stall: s, neutral: neutral[i]! })),
    alerts: [{ kind: 'alert', at: new Date('2026-04-08T09:00:00Z') }],
    rule: { type: 'count', threshold: 3, windowMinutes: 360 },
  });
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))]!;

/** The first render in a new process: loading ECharts and resvg, reading the fonts, then drawing. */
function firstRender(): { load: number; svg: number; png: number } {
  const script = `
    const t0 = performance.now();
    const { renderSvg, svgToPng } = await import(${JSON.stringify(new URL('../../bots/charts/render.ts', import.meta.url).href)});
    const { stallDayChart } = await import(${JSON.stringify(new URL('./charts.bench.ts', import.meta.url).href)});
    const t1 = performance.now();
    const svg = renderSvg(stallDayChart());
    const t2 = performance.now();
    svgToPng(svg);
    const t3 = performance.now();
    console.log(JSON.stringify({ load: t1 - t0, svg: t2 - t1, png: t3 - t2 }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { load: number; svg: number; png: number };
}

export default async function bench(): Promise<Row[]> {
  const first = firstRender();
  const chart = stallDayChart();
  const svgTimes: number[] = [];
  const pngTimes: number[] = [];
  let svg = '';
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    svg = renderSvg(chart);
    const t1 = performance.now();
    svgToPng(svg);
    pngTimes.push(performance.now() - t1);
    svgTimes.push(t1 - t0);
  }
  const both = svgTimes.map((s, i) => s + pngTimes[i]!);
  console.log(`first render in a new process: ${first.load.toFixed(0)} ms loading, ${first.svg.toFixed(0)} ms SVG, ${first.png.toFixed(0)} ms PNG`);
  console.log(`${RUNS} renders: SVG median ${median(svgTimes).toFixed(1)} ms, PNG median ${median(pngTimes).toFixed(1)} ms, both p95 ${p95(both).toFixed(1)} ms`);
  const c = 'chart render (14 days, 800x460)';
  return [
    row({ case: c, variant: 'first in a new process', metric: 'module load', value: first.load, unit: 'ms' }),
    row({ case: c, variant: 'first in a new process', metric: 'SVG + PNG', value: first.svg + first.png, unit: 'ms' }),
    row({ case: c, variant: `median of ${RUNS}`, metric: 'SVG (ECharts SSR)', value: median(svgTimes), unit: 'ms' }),
    row({ case: c, variant: `median of ${RUNS}`, metric: 'PNG (resvg)', value: median(pngTimes), unit: 'ms' }),
    row({ case: c, variant: `median of ${RUNS}`, metric: 'SVG + PNG', value: median(both), unit: 'ms' }),
    row({ case: c, variant: `p95 of ${RUNS}`, metric: 'SVG + PNG', value: p95(both), unit: 'ms' }),
  ];
}
