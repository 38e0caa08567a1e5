/**
 * Posting a delivery to Discord exactly once. Every message carries a nonce derived from its outbox key with
 * enforce_nonce, so Discord answers a repeat within its window (a few minutes) with the message it already has
 * instead of creating a second one: a retry after a timeout, a lost answer or a crash is safe.
 */
import { createHash } from 'node:crypto';
import { Routes, type REST } from 'discord.js';
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
  const chart = await chartAttachment(reply, onChartError);
  const body = {
    ...message,
    ...(chart ? { embeds: withChartImage(message.embeds ?? []), attachments: [{ id: 0, filename: chart.name, description: chart.description }] } : {}),
    ...(ref ? { nonce: nonceFor(ref.key), enforce_nonce: true } : {}),
  };
  try {
    await rest.post(Routes.channelMessages(channelId), { body, ...(chart ? { files: [{ name: chart.name, data: chart.data, contentType: chart.contentType }] } : {}) });
  } catch (error) {
    throw toDeliveryError(error);
  }
}
