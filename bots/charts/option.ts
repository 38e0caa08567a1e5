/**
 * The ECharts option for a momentum chart: stacked bars of stories per label, the net momentum line on its own
 * axis, the alert threshold as a dashed line, and the days an alert fired as triangle markers. The same option
 * draws the PNG for chat (server-side SVG) and the interactive chart on the status page (tooltips on hover).
 *
 * Colours are Okabe-Ito (safe for the common colour-blindnesses), and no meaning rests on colour alone: the stall
 * bars are hatched, the momentum line is dashed with diamond points, the threshold dotted.
 */
import type { ChartData } from '../../core/charts.ts';

export const PALETTE = { progress: '#009E73', stall: '#D55E00', neutral: '#999999', momentum: '#0072B2', alert: '#000000', threshold: '#CC79A7' } as const;
export const FONT = 'DejaVu Sans';

export interface OptionSettings {
  /** the page's chart shows tooltips and animates; the chat picture does neither */
  interactive?: boolean;
}

export function chartOption(chart: ChartData, settings: OptionSettings = {}): Record<string, unknown> {
  const labels = chart.days.map((d) => d.label);
  const bar = (name: 'progress' | 'stall' | 'neutral', decal?: Record<string, unknown>) => ({
    name,
    type: 'bar',
    stack: 'stories',
    yAxisIndex: 0,
    barMaxWidth: 28,
    itemStyle: { color: PALETTE[name], ...(decal ? { decal } : {}) },
    data: chart.days.map((d) => d.counts[name]),
  });
  const maxBar = Math.max(1, ...chart.days.map((d) => d.counts.progress + d.counts.stall + d.counts.neutral), chart.threshold?.value ?? 0);
  const stall = bar('stall', { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.55)' });
  if (chart.threshold) {
    Object.assign(stall, {
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: PALETTE.threshold, type: 'dotted', width: 2 },
        label: { formatter: chart.threshold.label, position: 'insideEndTop', color: '#333', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3], fontFamily: FONT, fontSize: 11 },
        data: [{ yAxis: chart.threshold.value }],
      },
    });
  }
  const momentum = {
    name: 'momentum',
    type: 'line',
    xAxisIndex: 1,
    yAxisIndex: 1,
    symbol: 'diamond',
    symbolSize: 8,
    lineStyle: { color: PALETTE.momentum, type: 'dashed', width: 2.5 },
    itemStyle: { color: PALETTE.momentum },
    data: chart.days.map((d) => d.momentum),
    markLine: { silent: true, symbol: 'none', lineStyle: { color: '#666', type: 'solid', width: 1 }, label: { show: false }, data: [{ yAxis: 0 }] },
    markPoint: {
      symbol: 'triangle',
      symbolSize: 14,
      symbolRotate: 180,
      itemStyle: { color: PALETTE.alert },
      label: { show: false },
      data: chart.days.flatMap((d, i) => (d.fired ? [{ name: `alert ${d.label}`, coord: [i, d.momentum], symbolOffset: [0, -14] }] : [])),
    },
  };
  const range = Math.max(1, ...chart.days.map((d) => Math.abs(d.momentum)));
  return {
    animation: settings.interactive ?? false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT },
    color: [PALETTE.progress, PALETTE.stall, PALETTE.neutral, PALETTE.momentum],
    title: { text: chart.title, left: 12, top: 8, textStyle: { fontFamily: FONT, fontSize: 15, fontWeight: 'bold', color: '#222' } },
    legend: {
      top: 34,
      left: 12,
      textStyle: { fontFamily: FONT, fontSize: 12, color: '#222' },
      data: ['progress', 'stall', 'neutral', 'momentum'],
    },
    // stories above, momentum in its own band below: two scales never share a baseline by accident
    grid: [
      { left: 48, right: 24, top: 92, height: 220 },
      { left: 48, right: 24, top: 340, bottom: 36 },
    ],
    tooltip: settings.interactive ? { trigger: 'axis', axisPointer: { type: 'shadow' } } : { show: false },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    xAxis: [
      { gridIndex: 0, type: 'category', data: labels, axisLabel: { show: false }, axisTick: { show: false } },
      { gridIndex: 1, type: 'category', data: labels, axisLabel: { fontFamily: FONT, fontSize: 11, color: '#222' } },
    ],
    yAxis: [
      {
        gridIndex: 0,
        type: 'value',
        name: 'stories per day',
        min: 0,
        max: Math.ceil(maxBar * 1.15),
        minInterval: 1,
        nameTextStyle: { fontFamily: FONT, color: '#222', align: 'left' },
        axisLabel: { fontFamily: FONT, color: '#222' },
      },
      {
        gridIndex: 1,
        type: 'value',
        name: 'momentum (progress - stall)',
        min: -range,
        max: range,
        interval: range,
        nameTextStyle: { fontFamily: FONT, color: PALETTE.momentum, align: 'left' },
        axisLabel: { fontFamily: FONT, color: PALETTE.momentum },
      },
    ],
    aria: { enabled: true, label: { description: chart.alt } },
    series: [bar('progress'), stall, bar('neutral'), momentum],
  };
}
