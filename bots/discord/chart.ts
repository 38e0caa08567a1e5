/**
 * The momentum chart on Discord: the PNG goes with the message as an attachment (one multipart request, so the
 * message's nonce covers the picture too) and the first embed shows it (`attachment://chart.png`). The attachment's
 * description carries the alt text. A chart that cannot be drawn leaves the message as it was: text only.
 */
import type { APIEmbed } from 'discord.js';
import type { Reply } from '../../core/reply.ts';
import { drawChart } from '../charts/draw.ts';

export const CHART_FILE = 'chart.png';
/** Discord's limit on an attachment's description */
const MAX_DESCRIPTION = 1024;

export interface ChartAttachment {
  name: string;
  data: Buffer;
  contentType: 'image/png';
  description: string;
}

/** The chart as a file, or null when the reply has none or drawing it failed (`onError` hears why). */
export async function chartAttachment(reply: Reply, onError: (error: unknown) => void = () => {}): Promise<ChartAttachment | null> {
  if (!reply.chart) return null;
  try {
    const drawn = await drawChart(reply.chart);
    return { name: CHART_FILE, data: drawn.png, contentType: 'image/png', description: drawn.alt.slice(0, MAX_DESCRIPTION) };
  } catch (error) {
    onError(error);
    return null;
  }
}

/** The embeds with the first showing the attached chart. */
export function withChartImage(embeds: APIEmbed[]): APIEmbed[] {
  if (embeds.length === 0) return [{ image: { url: `attachment://${CHART_FILE}` } }];
  return [{ ...embeds[0]!, image: { url: `attachment://${CHART_FILE}` } }, ...embeds.slice(1)];
}
