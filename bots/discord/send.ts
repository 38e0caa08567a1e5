/**
 * Posting a delivery to Discord exactly once. Every message carries a nonce derived from its outbox key with
 * enforce_nonce, so Discord answers a repeat within its window (a few minutes) with the message it already has
 * instead of creating a second one: a retry after a timeout, a lost answer or a crash is safe.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { DeliveryRef } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import { toDeliveryError } from './errors.ts';
import { renderMessage } from './render.ts';
import { chartAttachment, withChartImage } from './chart.ts';

/** Discord takes a nonce of at most 25 characters: 25 hex digits (100 bits) of the key's SHA-256. */
export function nonceFor(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 25);
}

/**
 * Post `reply` to `channelId` as outbox row `ref`; throws DeliveryError. Resolves once Discord has the message.
 * A chart goes in the same request (multipart: files[0] and payload_json), so the nonce covers it as well.
 */
export async function postDelivery(rest: REST, channelId: string, reply: Reply, ref?: DeliveryRef, onChartError?: (error: unknown) => void): Promise<void> {
  const message = renderMessage(reply);
  const nonce = ref ? { nonce: nonceFor(ref.key), enforce_nonce: true } : {};
  // A send that may repeat an earlier attempt relies on the nonce, which Discord honours for a few minutes only: it
  // goes at once, without drawing the chart (in a fresh process that first loads the charting library).
  const chart = ref?.firstAttemptAt ? null : await chartAttachment(reply, onChartError);
  try {
    if (chart) {
      const body = { ...message, embeds: withChartImage(message.embeds ?? []), attachments: [{ id: 0, filename: chart.name, description: chart.description }], ...nonce };
      try {
        await rest.post(Routes.channelMessages(channelId), { body, files: [{ name: chart.name, data: chart.data, contentType: chart.contentType }] });
        return;
      } catch (error) {
        // A channel where the bot may post but not attach files refuses the whole message: it goes without the chart.
        // Refused means not created, so the same nonce is still free.
        if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions)) throw error;
        onChartError?.(error);
      }
    }
    await rest.post(Routes.channelMessages(channelId), { body: { ...message, ...nonce } });
  } catch (error) {
    throw toDeliveryError(error);
  }
}
