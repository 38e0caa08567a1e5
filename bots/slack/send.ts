/**
 * Posting a delivery to Slack, exactly once where the workspace lets us check. Every message carries message
 * metadata naming its outbox key. Before sending again a message whose earlier attempt may have arrived, the
 * channel's history since that attempt is searched for the key (conversations.history, which needs the
 * channels:history and groups:history scopes); found means sent. A workspace that did not grant those scopes gets
 * at-least-once delivery, and the result says why so the deliverer can tell the log and `status`.
 *
 * The client given here must not retry posts by itself: a retried timeout is a second message.
 */
import type { webApi } from '@slack/bolt';
import type { DeliveryRef, SendResult } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import { platformCode, toDeliveryError } from './errors.ts';
import { renderReply } from './render.ts';
import { chartBlock, MAX_BLOCKS, uploadChart } from './chart.ts';

export const METADATA_EVENT = 'talkwatch_delivery';
export const HISTORY_SCOPES = ['channels:history', 'groups:history'] as const;
/** how far before the first attempt the search starts: Slack's clock and the database's may differ a little */
const CLOCK_SLACK_MS = 2 * 60_000;
const PAGE = 200;
const MAX_PAGES = 10;

const missingScopes = (granted: string[]) => HISTORY_SCOPES.filter((s) => !granted.includes(s));

function atLeastOnceReason(missing: readonly string[]): string {
  return (
    `the Slack app lacks ${missing.join(' and ')}, so after a crash talkwatch cannot check whether a message already ` +
    'arrived and may send it twice: add the scopes on the OAuth & Permissions page and reinstall the app'
  );
}

/** What the scopes Slack reports with a response say about the guarantee; undefined when it reports none. */
function guaranteeFrom(metadata: { scopes?: string[] } | undefined): string | null | undefined {
  if (!metadata?.scopes) return undefined;
  const missing = missingScopes(metadata.scopes);
  return missing.length ? atLeastOnceReason(missing) : null;
}

/**
 * Post `reply` to `channel` as outbox row `ref`; throws DeliveryError. Its chart follows in the message's thread; a
 * failed upload is only reported to `onChartError` (the message has arrived: failing now would send it again).
 */
export async function postDelivery(
  client: webApi.WebClient,
  channel: string,
  reply: Reply,
  ref?: DeliveryRef,
  onChartError: (error: unknown) => void = () => {},
  chartUrl?: string,
): Promise<SendResult> {
  let posted: webApi.ChatPostMessageResponse;
  let unchecked: string | undefined;
  try {
    if (ref?.firstAttemptAt) {
      const earlier = await findEarlier(client, channel, ref.key, ref.firstAttemptAt);
      if (earlier === 'found') return { alreadyThere: true };
      if (earlier !== 'absent') unchecked = earlier;
    }
    const { text, blocks } = renderReply(reply);
    // With a public address the chart is an image in the message itself, fetched by Slack from talkwatch
    const image = chartUrl && reply.chart && blocks.length < MAX_BLOCKS ? chartBlock(chartUrl, reply.chart.alt) : null;
    if (image) blocks.push(image);
    posted = await client.chat.postMessage({
      channel,
      text,
      blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(ref ? { metadata: { event_type: METADATA_EVENT, event_payload: { key: ref.key } } } : {}),
    });
  } catch (error) {
    throw toDeliveryError(error);
  }
  if (!chartUrl) await uploadChart(client, channel, reply, posted.ts, onChartError);
  return { atLeastOnce: unchecked ?? guaranteeFrom(posted.response_metadata) };
}

/**
 * Look for the message with this key in the channel since shortly before its first attempt: 'found', 'absent', or
 * why we cannot look (the history scopes are missing).
 */
async function findEarlier(client: webApi.WebClient, channel: string, key: string, since: Date): Promise<'found' | 'absent' | string> {
  let cursor: string | undefined;
  const oldest = ((since.getTime() - CLOCK_SLACK_MS) / 1000).toFixed(6);
  for (let page = 0; page < MAX_PAGES; page++) {
    let history: webApi.ConversationsHistoryResponse;
    try {
      history = await client.conversations.history({ channel, oldest, limit: PAGE, include_all_metadata: true, ...(cursor ? { cursor } : {}) });
    } catch (error) {
      if (platformCode(error) === 'missing_scope') {
        const needed = (error as { data?: { needed?: string } }).data?.needed?.split(',').map((s) => s.trim());
        return atLeastOnceReason(needed?.length ? needed : HISTORY_SCOPES);
      }
      throw error;
    }
    const messages = (history.messages ?? []) as Array<{ metadata?: { event_type?: string; event_payload?: { key?: unknown } } }>;
    if (messages.some((m) => m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.key === key)) return 'found';
    cursor = history.response_metadata?.next_cursor || undefined;
    if (!history.has_more || !cursor) return 'absent';
  }
  // More than MAX_PAGES pages since the first attempt: a very busy channel. Sending again is the lesser harm.
  return 'absent';
}
