/** Checks that a PNG is a chart and not a blank picture: its size, and enough pixels of each label's colour. */
import { expect } from 'vitest';
import { PNG } from 'pngjs';
import { CHART_SIZE } from '../../bots/charts/render.ts';
import { PALETTE } from '../../bots/charts/option.ts';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** How many pixels are within a small distance of each colour, and how many are not white. */
export function colourCounts(png: Buffer, colours: Record<string, string>): { counts: Record<string, number>; inked: number; width: number; height: number } {
  const image = PNG.sync.read(png);
  const targets = Object.entries(colours).map(([name, hex]) => [name, rgb(hex)] as const);
  const counts = Object.fromEntries(targets.map(([name]) => [name, 0]));
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    if (r < 245 || g < 245 || b < 245) inked++;
    for (const [name, [tr, tg, tb]] of targets) if (Math.abs(r - tr) + Math.abs(g - tg) + Math.abs(b - tb) < 24) counts[name]!++;
  }
  return { counts, inked, width: image.width, height: image.height };
}

export function expectChartPng(png: Buffer, expected: { progress?: boolean; stall?: boolean } = {}): void {
  const { counts, inked, width, height } = colourCounts(png, { progress: PALETTE.progress, stall: PALETTE.stall, neutral: PALETTE.neutral, momentum: PALETTE.momentum });
  expect({ width, height }).toEqual(CHART_SIZE);
  // a blank or nearly blank picture has almost no ink; axes and text alone give a few thousand pixels
  expect(inked).toBeGreaterThan(10_000);
  expect(counts.momentum).toBeGreaterThan(100);
  if (expected.progress ?? true) expect(counts.progress).toBeGreaterThan(200);
  if (expected.stall ?? true) expect(counts.stall).toBeGreaterThan(200);
}
