/**
 * Slack Web API failures as DeliveryErrors. Permanent ones pause the subscription and their reason is what
 * `status` shows, so each says what happened and what a channel admin can do about it.
 */
import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../core/ports.ts';

const PERMANENT: Record<string, string> = {
  channel_not_found: 'Slack cannot find this channel: it was deleted, or it is private and the app was never invited to it',
  not_in_channel: 'the app is not a member of this channel: invite it with /invite @talkwatch',
  is_archived: 'the channel is archived: unarchive it, or subscribe another channel',
  invalid_auth: 'Slack rejected the bot token: check SLACK_BOT_TOKEN against the app\'s OAuth & Permissions page',
  account_inactive: 'the app\'s bot user is deactivated or the app was uninstalled: reinstall the app and update SLACK_BOT_TOKEN',
  token_revoked: 'the bot token was revoked (the app was uninstalled?): reinstall the app and update SLACK_BOT_TOKEN',
  token_expired: 'the bot token expired: reinstall the app and update SLACK_BOT_TOKEN',
  not_authed: 'no bot token was sent: set SLACK_BOT_TOKEN',
  missing_scope: 'the app lacks the chat:write scope: add it on the OAuth & Permissions page and reinstall the app',
  restricted_action: 'a workspace admin has restricted who can post in this channel',
  restricted_action_read_only_channel: 'the channel is read-only for apps',
  restricted_action_thread_only_channel: 'the channel only accepts replies in threads',
  ekm_access_denied: 'the workspace\'s key management has revoked access to this channel',
  team_access_not_granted: 'the app is not installed in this channel\'s workspace',
};

/** Slack's own trouble: worth retrying with backoff. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/** Slack refused the message itself (our rendering); send() retries once as plain text. */
export const MESSAGE_REFUSED = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'no_text', 'too_many_attachments']);

interface CodedError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  original?: Error;
  message?: string;
}

/** The Slack error code of a platform error (`ok: false`), or null for any other failure. */
export function platformCode(error: unknown): string | null {
  const e = error as CodedError;
  return e?.code === webApi.ErrorCode.PlatformError ? (e.data?.error ?? 'unknown_error') : null;
}

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as CodedError;
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const seconds = Number.isFinite(e.retryAfter) ? Math.max(1, e.retryAfter!) : 1;
      return new DeliveryError('rate-limited', `Slack asked to wait ${seconds} s before the next message (rate limited)`, seconds * 1000);
    }
    case webApi.ErrorCode.PlatformError: {
      const code = platformCode(error)!;
      if (PERMANENT[code]) return new DeliveryError('permanent', `${PERMANENT[code]} (${code})`);
      if (code === 'ratelimited') return new DeliveryError('rate-limited', 'Slack asked to slow down (ratelimited)', 1000);
      if (TRANSIENT.has(code)) return new DeliveryError('transient', `Slack had a temporary problem (${code})`);
      if (MESSAGE_REFUSED.has(code)) return new DeliveryError('transient', `Slack refused the message layout (${code})`);
      return new DeliveryError('transient', `Slack answered with an error (${code})`);
    }
    case webApi.ErrorCode.HTTPError:
      return new DeliveryError('transient', `Slack answered HTTP ${e.statusCode ?? '?'}`);
    case webApi.ErrorCode.RequestError:
      return new DeliveryError('transient', `could not reach Slack (${e.original?.message ?? e.message ?? 'network error'})`);
    default:
      return new DeliveryError('transient', `sending to Slack failed (${e?.message ?? String(error)})`);
  }
}
