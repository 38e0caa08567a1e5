/**
 * Drawing a momentum chart on the server: ECharts' SSR renderer writes SVG, resvg turns it into PNG. resvg is given
 * the bundled DejaVu fonts and never the system's, so a chart is the same picture on every machine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartData } from '../../core/charts.ts';
import { chartOption, FONT } from './option.ts';

/** Readable at chat size: Slack and Discord show images about 400 px wide and enlarge on click. */
export const CHART_SIZE = { width: 800, height: 460 } as const;

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = [join(fontDir, 'DejaVuSans.ttf'), join(fontDir, 'DejaVuSans-Bold.ttf')];

export function renderSvg(chart: ChartData, size: { width: number; height: number } = CHART_SIZE): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    instance.setOption(chartOption(chart));
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT, sansSerifFamily: FONT },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

export interface RenderedChart {
  png: Buffer;
  alt: string;
  title: string;
  /** a file name for uploads, e.g. iran-us-2026-04-08.png */
  filename: string;
}

export function renderChart(chart: ChartData): RenderedChart {
  const png = svgToPng(renderSvg(chart));
  const day = chart.days.at(-1)?.date ?? 'chart';
  return { png, alt: chart.alt, title: chart.title, filename: `${chart.topic.replace(/[^\w-]/g, '_')}-${day}.png` };
}
