/**
 * Slack Web API answers as delivery error codes. Every error Slack documents for chat.postMessage is in CODES
 * (https://docs.slack.dev/reference/methods/chat.postMessage, its method errors and the common ones); what a code
 * then does is the deliverer's policy, not ours. Reasons are what `status` shows, so each says what happened and
 * what a channel admin or the operator can do.
 */
import { webApi } from '@slack/bolt';
import { DeliveryError, type DeliveryErrorCode } from '../../core/ports.ts';

type Entry = [DeliveryErrorCode, string];

const REINSTALL = 'reinstall the app (or update SLACK_BOT_TOKEN) and talkwatch retries by itself';
const REFUSED = 'Slack refused this message';

/** Every documented chat.postMessage error, with its code and what to tell people. */
export const CODES: Record<string, Entry> = {
  // the channel is gone
  channel_not_found: ['channel_gone', 'Slack cannot find this channel: it was deleted, or it is private and the app was never invited to it'],
  is_archived: ['channel_gone', 'the channel is archived: unarchive it, or subscribe another channel'],
  // the channel is there but closed to the app
  not_in_channel: ['no_access', 'the app is not a member of this channel: invite it with /invite @talkwatch'],
  no_permission: ['no_access', 'the app may not post in this channel: invite it with /invite @talkwatch'],
  restricted_action: ['no_access', 'a workspace admin has restricted who can post in this channel'],
  restricted_action_read_only_channel: ['no_access', 'the channel is read-only for apps'],
  restricted_action_thread_only_channel: ['no_access', 'the channel only accepts replies in threads'],
  restricted_action_non_threadable_channel: ['no_access', 'the channel takes no threads'],
  restricted_action_thread_locked: ['no_access', 'the thread is locked by an admin'],
  ekm_access_denied: ['no_access', 'the workspace\'s key management has revoked access to this channel'],
  team_access_not_granted: ['no_access', 'the app is not installed in this channel\'s workspace'],
  access_denied: ['no_access', 'Slack denies the app access to this channel'],
  app_access_restricted: ['no_access', 'a workspace admin restricted who may use the app'],
  enterprise_is_restricted: ['no_access', 'the Enterprise Grid organisation restricts the app here'],
  messages_tab_disabled: ['no_access', 'the app\'s Messages tab is disabled'],
  // the app's credentials or setup: the operator must act; nothing is paused
  invalid_auth: ['auth', `Slack rejected the bot token: ${REINSTALL}`],
  not_authed: ['auth', 'no bot token was sent: set SLACK_BOT_TOKEN'],
  account_inactive: ['auth', `the app's bot user is deactivated or the app was uninstalled: ${REINSTALL}`],
  token_revoked: ['auth', `the bot token was revoked (the app was uninstalled?): ${REINSTALL}`],
  token_expired: ['auth', `the bot token expired: ${REINSTALL}`],
  missing_scope: ['auth', 'the app lacks the chat:write scope: add it on the OAuth & Permissions page and reinstall the app'],
  not_allowed_token_type: ['auth', 'Slack does not accept this kind of token for posting: use the Bot User OAuth Token (xoxb-...)'],
  metadata_must_be_sent_from_app: ['auth', 'Slack takes message metadata only from an app\'s token: use the Bot User OAuth Token (xoxb-...)'],
  org_login_required: ['auth', 'the workspace is migrating to an Enterprise Grid organisation: an admin must finish the migration'],
  two_factor_setup_required: ['auth', 'the workspace requires two-factor authentication for the app\'s owner'],
  accesslimited: ['auth', 'Slack limits the API on the network talkwatch runs from: allow its address in the workspace\'s settings'],
  // slow down
  ratelimited: ['rate_limited', 'Slack asked to slow down'],
  rate_limited: ['rate_limited', 'Slack asked to slow down'],
  message_limit_exceeded: ['rate_limited', 'the workspace has reached its message limit for now (a free workspace\'s limit)'],
  // Slack's own trouble
  fatal_error: ['transient', 'Slack had a temporary problem'],
  internal_error: ['transient', 'Slack had a temporary problem'],
  service_unavailable: ['transient', 'Slack is unavailable for a moment'],
  request_timeout: ['transient', 'the request reached Slack incomplete'],
  team_added_to_org: ['transient', 'the workspace is moving into an Enterprise Grid organisation; Slack answers again once it is done'],
  deprecated_endpoint: ['transient', 'Slack retired this method: update talkwatch'],
  method_deprecated: ['transient', 'Slack retired this method: update talkwatch'],
  // this message cannot be sent: it is dropped with the reason, the subscription stays
  invalid_blocks: ['bad_request', `${REFUSED}'s layout`],
  invalid_blocks_format: ['bad_request', `${REFUSED}'s layout`],
  msg_blocks_too_long: ['bad_request', `${REFUSED}: its blocks are too long`],
  msg_too_long: ['bad_request', `${REFUSED}: it is too long`],
  no_text: ['bad_request', `${REFUSED}: it has no text`],
  too_many_attachments: ['bad_request', `${REFUSED}: too many attachments`],
  too_many_contact_cards: ['bad_request', `${REFUSED}: too many contact cards`],
  attachment_payload_limit_exceeded: ['bad_request', `${REFUSED}: its attachments are too large`],
  invalid_metadata_format: ['bad_request', `${REFUSED}'s metadata`],
  invalid_metadata_schema: ['bad_request', `${REFUSED}'s metadata`],
  metadata_too_large: ['bad_request', `${REFUSED}: its metadata is too large`],
  markdown_text_conflict: ['bad_request', REFUSED],
  as_user_not_supported: ['bad_request', REFUSED],
  cannot_reply_to_message: ['bad_request', REFUSED],
  send_on_behalf_not_allowed: ['bad_request', REFUSED],
  missing_file_data: ['bad_request', REFUSED],
  duplicate_channel_not_found: ['bad_request', REFUSED],
  duplicate_message_not_found: ['bad_request', REFUSED],
  draft_already_deleted: ['bad_request', REFUSED],
  draft_already_sent: ['bad_request', REFUSED],
  draft_has_conflict: ['bad_request', REFUSED],
  draft_not_found: ['bad_request', REFUSED],
  team_not_found: ['bad_request', REFUSED],
  agent_prompt_display_not_allowed: ['bad_request', REFUSED],
  slack_connect_canvas_sharing_blocked: ['bad_request', `${REFUSED}: this Slack Connect channel blocks canvas sharing`],
  slack_connect_file_link_sharing_blocked: ['bad_request', `${REFUSED}: this Slack Connect channel blocks file links`],
  slack_connect_lists_sharing_blocked: ['bad_request', `${REFUSED}: this Slack Connect channel blocks lists`],
  invalid_arg_name: ['bad_request', REFUSED],
  invalid_arguments: ['bad_request', REFUSED],
  invalid_array_arg: ['bad_request', REFUSED],
  invalid_charset: ['bad_request', REFUSED],
  invalid_form_data: ['bad_request', REFUSED],
  invalid_post_type: ['bad_request', REFUSED],
  missing_post_type: ['bad_request', REFUSED],
};

/** How long to wait when Slack says slow down without saying for how long. */
const DEFAULT_WAIT_MS: Record<string, number> = { message_limit_exceeded: 5 * 60_000 };

/** Network failures where the request surely never reached Slack. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED']);

interface CodedError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  original?: Error & { cause?: { code?: string } };
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
      return new DeliveryError('rate_limited', `Slack asked to wait ${seconds} s before the next message (rate limited)`, { retryAfterMs: seconds * 1000 });
    }
    case webApi.ErrorCode.PlatformError: {
      const code = platformCode(error)!;
      const [kind, words] = CODES[code] ?? ['transient', 'Slack answered with an error'];
      return new DeliveryError(kind, `${words} (${code})`, { retryAfterMs: kind === 'rate_limited' ? (DEFAULT_WAIT_MS[code] ?? 1_000) : undefined, mayHaveArrived: false });
    }
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      if (status === 401 || status === 403) return new DeliveryError('auth', `Slack refused the request (HTTP ${status}): check SLACK_BOT_TOKEN and SLACK_API_URL`, { mayHaveArrived: false });
      if (status === 400 || status === 413) return new DeliveryError('bad_request', `${REFUSED} (HTTP ${status})`, { mayHaveArrived: false });
      return new DeliveryError('transient', `Slack answered HTTP ${status || '?'}`, { mayHaveArrived: status >= 500 || status === 408 });
    }
    case webApi.ErrorCode.RequestError: {
      const cause = e.original?.cause?.code ?? (e.original?.name === 'TimeoutError' ? 'timed out' : (e.original?.message ?? e.message ?? 'network error'));
      return new DeliveryError('transient', `could not reach Slack (${cause})`, { mayHaveArrived: !NEVER_SENT.has(cause) });
    }
    default:
      // a 429 whose Retry-After the client could not read: wait a little rather than hammer
      if (/Retry header|rate limit/i.test(e?.message ?? '')) return new DeliveryError('rate_limited', 'Slack asked to slow down (HTTP 429)', { retryAfterMs: 1_000 });
      return new DeliveryError('transient', `sending to Slack failed (${e?.message ?? String(error)})`);
  }
}
