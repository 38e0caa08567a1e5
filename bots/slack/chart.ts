/**
 * The momentum chart on Slack. The message itself goes out first and alone (its metadata is what settles a
 * repeat); the chart follows as a file in the message's thread, uploaded with files.uploadV2 (files:write) through
 * the same workspace client. A chart that cannot be drawn or uploaded is logged and left out: the message and its
 * text sparkline stand, and nothing is retried or sent twice because of it.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/reply.ts';
import { drawChart } from '../charts/draw.ts';

/** Slack's limits: a file's or an image block's alt text, and blocks in a message */
const MAX_ALT = 1000;
export const MAX_BLOCKS = 50;

/** An image block showing the chart from talkwatch's public address. */
export function chartBlock(url: string, alt: string) {
  return { type: 'image' as const, image_url: url, alt_text: alt.slice(0, MAX_ALT) };
}

/** Upload the reply's chart to `channel` (in `threadTs`'s thread when given); never throws. */
export async function uploadChart(
  client: webApi.WebClient,
  channel: string,
  reply: Reply,
  threadTs: string | undefined,
  onError: (error: unknown) => void,
): Promise<boolean> {
  if (!reply.chart) return false;
  try {
    const drawn = await drawChart(reply.chart);
    const file = { file: drawn.png, filename: drawn.filename, title: drawn.title, alt_text: drawn.alt.slice(0, MAX_ALT) };
    await client.filesUploadV2(threadTs ? { ...file, channel_id: channel, thread_ts: threadTs } : { ...file, channel_id: channel });
    return true;
  } catch (error) {
    onError(error);
    return false;
  }
}
