/**
 * Discord's answers to POST /channels/{id}/messages as delivery error codes; what a code then does is the
 * deliverer's policy. CODES covers the JSON error codes Discord documents
 * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json) that creating a message can return;
 * any other 4xx falls back by HTTP status. Reasons are what `status` shows: what happened and what to do.
 */
import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes as E } from 'discord.js';
import { DeliveryError, StartupError, type DeliveryErrorCode } from '../../core/ports.ts';

type Entry = [DeliveryErrorCode, string];

const TOKEN_FIX = 'reset it on the Bot page, update DISCORD_TOKEN and restart talkwatch';
const NOT_SENT = 'Discord refused this message';

export const CODES: Record<number, Entry> = {
  [E.UnknownChannel]: ['channel_gone', 'the channel no longer exists or the bot was removed from its server (Unknown Channel, 10003): subscribe again from a channel that exists'],
  [E.UnknownGuild]: ['channel_gone', 'the bot is no longer in this server (Unknown Guild, 10004): invite it again, then subscribe again'],
  [E.InvalidGuild]: ['channel_gone', 'the server is no longer available to the bot (Invalid Guild, 50055)'],
  [E.InvalidActionOnArchivedThread]: ['channel_gone', 'the thread is archived (50083): unarchive it, or subscribe from a channel'],
  [E.MissingAccess]: ['no_access', 'the bot cannot see this channel (Missing Access, 50001): add the bot to the channel, or give its role View Channel there'],
  [E.MissingPermissions]: ['no_access', 'the bot may not post here (Missing Permissions, 50013): give its role Send Messages and Embed Links in this channel (and Attach Files, for the charts)'],
  [E.CannotSendMessagesInNonTextChannel]: ['no_access', 'this channel does not take messages (50008): subscribe from a text channel'],
  [E.CannotSendAMessageInAForumChannel]: ['no_access', 'a forum channel takes posts, not messages (40058): subscribe from a text channel'],
  [E.CannotExecuteActionOnThisChannelType]: ['no_access', 'the bot cannot post in this kind of channel (50024): subscribe from a text channel'],
  [E.CannotSendMessagesToThisUser]: ['no_access', 'Discord does not let the bot message this user (50007)'],
  [E.ThreadLocked]: ['no_access', 'the thread is locked (160005)'],
  [E.UserBannedFromThisGuild]: ['no_access', 'the bot is banned from this server (40007)'],
  [E.ChannelVerificationLevelTooHighForYouToGainAccess]: ['no_access', 'the channel\'s verification level keeps the bot out (50009)'],
  [E.Unauthorized]: ['auth', `Discord rejected the bot token (40001): ${TOKEN_FIX}`],
  [E.InvalidToken]: ['auth', `Discord rejected the bot token (50014): ${TOKEN_FIX}`],
  [E.VerifyYourAccount]: ['auth', 'Discord wants the bot\'s account verified (40002)'],
  [E.SendMessagesHasBeenTemporarilyDisabled]: ['transient', 'Discord has turned off sending for a moment (40004)'],
  [E.FeatureTemporarilyDisabledServerSide]: ['transient', 'Discord has turned this off for a moment (40006)'],
  [E.APIResourceOverloaded]: ['transient', 'Discord is overloaded (130000)'],
  [E.CloudflareIsBlockingYourRequest]: ['transient', 'Discord\'s network is blocking requests from talkwatch for a while (40333)'],
  [E.ActionCannotBePerformedDueToSlowmodeRateLimit]: ['rate_limited', 'the channel\'s slowmode holds the bot back (20016)'],
  [E.ChannelSendRateLimit]: ['rate_limited', 'the channel has hit its write limit (20028)'],
  [E.ServerSendRateLimit]: ['rate_limited', 'the server has hit its write limit (20029)'],
  [E.ServiceResourceIsBeingRateLimited]: ['rate_limited', 'Discord is rate limiting this resource (40062)'],
  [E.CannotSendAnEmptyMessage]: ['bad_request', `${NOT_SENT}: it is empty (50006)`],
  [E.InvalidFormBodyOrContentType]: ['bad_request', `${NOT_SENT} (Invalid Form Body, 50035)`],
  [E.RequestBodyContainsInvalidJSON]: ['bad_request', `${NOT_SENT}: invalid JSON (50109)`],
  [E.RequestEntityTooLarge]: ['bad_request', `${NOT_SENT}: it is too large (40005)`],
  [E.ExplicitContentCannotBeSentToTheDesiredRecipient]: ['bad_request', `${NOT_SENT}: explicit content filter (20009)`],
  [E.MessageWasBlockedByAutomaticModeration]: ['bad_request', `${NOT_SENT}: blocked by the server's AutoMod (200000)`],
  [E.MessageBlockedByHarmfulLinksFilter]: ['bad_request', `${NOT_SENT}: a link was blocked by the harmful links filter (240000)`],
  [E.StageTopicServerNameServerDescriptionOrChannelNamesContainDisallowedWords]: ['bad_request', `${NOT_SENT}: it contains words the server does not allow (20031)`],
  [E.GeneralError]: ['bad_request', `${NOT_SENT} (general error, 0)`],
};

/** How long to wait when Discord says slow down without a Retry-After we can read (slowmode, write limits). */
const DEFAULT_WAIT_MS = 5_000;
/** Network failures where the request surely never reached Discord. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof RateLimitError) {
    const seconds = Math.ceil(error.retryAfter / 1000);
    return new DeliveryError('rate_limited', `Discord asked us to wait ${seconds} s before posting again (rate limit)`, { retryAfterMs: error.retryAfter });
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : -1;
    const known = CODES[code];
    // A general error says nothing of its own: its HTTP status does (a 401 is the token, a 5xx Discord's trouble).
    if (known && !(code === E.GeneralError && error.status !== 400)) {
      const [kind, words] = known;
      return new DeliveryError(kind, words, { retryAfterMs: kind === 'rate_limited' ? DEFAULT_WAIT_MS : undefined, mayHaveArrived: kind === 'transient' });
    }
    return byStatus(error.status, `${code >= 0 ? code : error.status}: ${error.message.split('\n')[0]}`);
  }
  if (error instanceof HTTPError) return new DeliveryError('transient', `Discord answered ${error.status} ${error.message}: will retry`);
  const cause = error as { code?: string; cause?: { code?: string }; name?: string; message?: string };
  const what = cause.cause?.code ?? cause.code ?? (cause.name === 'AbortError' ? 'timed out' : (cause.message ?? String(error)));
  if (/token/i.test(cause.message ?? '') && !cause.cause) {
    // discord.js drops a token that Discord refused; sending without one fails before reaching Discord.
    return new DeliveryError('auth', `Discord rejected the bot token: ${TOKEN_FIX}`, { mayHaveArrived: false });
  }
  return new DeliveryError('transient', `could not reach Discord (${what}): will retry`, { mayHaveArrived: !NEVER_SENT.has(what) });
}

/** A Discord error code we do not know, by what its HTTP status says. */
function byStatus(status: number, what: string): DeliveryError {
  if (status === 401) return new DeliveryError('auth', `Discord rejected the bot token (401): ${TOKEN_FIX}`, { mayHaveArrived: false });
  if (status === 403) return new DeliveryError('no_access', `Discord forbids the bot to post here (${what})`, { mayHaveArrived: false });
  if (status === 404) return new DeliveryError('channel_gone', `Discord cannot find this channel (${what})`, { mayHaveArrived: false });
  if (status === 429) return new DeliveryError('rate_limited', `Discord asked to slow down (${what})`, { retryAfterMs: DEFAULT_WAIT_MS });
  if (status >= 500) return new DeliveryError('transient', `Discord answered ${status}: will retry`);
  return new DeliveryError('bad_request', `${NOT_SENT} (${what})`, { mayHaveArrived: false });
}

/** Registration and login failures, turned into one line with the fix. */
export function toStartupError(error: unknown, step: string): StartupError {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) {
      return new StartupError(`Discord rejected DISCORD_TOKEN while ${step} (401): copy the token again from the Bot page of your application.`);
    }
    if (error.code === E.UnknownApplication || error.status === 404) {
      return new StartupError(`Discord does not know DISCORD_APPLICATION_ID while ${step}: copy the application id from General Information of the application the token belongs to.`);
    }
    if (error.code === E.MissingAccess || error.status === 403) {
      return new StartupError(
        `Discord refused ${step} (${error.code}: ${error.message.split('\n')[0]}): check the application id matches the token, and that the bot was invited to each guild in discord.guilds with the applications.commands scope.`,
      );
    }
    return new StartupError(`Discord refused ${step} (${error.code}: ${error.message.split('\n')[0]}).`);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/token/i.test(message)) {
    return new StartupError(`Discord rejected DISCORD_TOKEN while ${step}: copy the token again from the Bot page of your application.`);
  }
  return new StartupError(`could not reach Discord while ${step} (${message}): check the network, or DISCORD_API_URL if you set it.`);
}
