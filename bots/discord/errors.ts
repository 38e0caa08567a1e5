/**
 * What a failed Discord request means for a delivery, in words a channel admin can act on. Discord's error
 * codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import { DeliveryError, StartupError } from '../../core/ports.ts';

const PERMANENT: Record<number, string> = {
  [RESTJSONErrorCodes.MissingAccess]:
    'the bot cannot see this channel (Missing Access, 50001): add the bot to the channel, or give its role View Channel there',
  [RESTJSONErrorCodes.UnknownChannel]:
    'the channel no longer exists or the bot was removed from its server (Unknown Channel, 10003): subscribe again from a channel that exists',
  [RESTJSONErrorCodes.MissingPermissions]:
    'the bot may not post here (Missing Permissions, 50013): give its role Send Messages and Embed Links in this channel',
  [RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel]:
    'this channel does not take messages (50008): subscribe from a text channel',
};

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof RateLimitError) {
    const seconds = Math.ceil(error.retryAfter / 1000);
    return new DeliveryError('rate-limited', `Discord asked us to wait ${seconds} s before posting again (rate limit)`, error.retryAfter);
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : 0;
    const known = PERMANENT[code];
    if (known) return new DeliveryError('permanent', known);
    if (error.status === 401) {
      // The token is the bot's, not the channel's: keep the subscription and retry once the token is fixed.
      return new DeliveryError('transient', 'Discord rejected the bot token (401): reset it on the Bot page, update DISCORD_TOKEN and restart talkwatch');
    }
    if (error.status >= 400 && error.status < 500) {
      // Sending the same message again would fail the same way.
      return new DeliveryError('permanent', `Discord refused the message (${code || error.status}: ${error.message.split('\n')[0]})`);
    }
  }
  if (error instanceof HTTPError) return new DeliveryError('transient', `Discord answered ${error.status} ${error.message}: will retry`);
  const cause = error as { code?: string; cause?: { code?: string }; name?: string; message?: string };
  const what = cause.cause?.code ?? cause.code ?? (cause.name === 'AbortError' ? 'timed out' : cause.message ?? String(error));
  return new DeliveryError('transient', `could not reach Discord (${what}): will retry`);
}

/** Registration and login failures, turned into one line with the fix. */
export function toStartupError(error: unknown, step: string): StartupError {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) {
      return new StartupError(`Discord rejected DISCORD_TOKEN while ${step} (401): copy the token again from the Bot page of your application.`);
    }
    if (error.code === RESTJSONErrorCodes.UnknownApplication || error.status === 404) {
      return new StartupError(`Discord does not know DISCORD_APPLICATION_ID while ${step}: copy the application id from General Information of the application the token belongs to.`);
    }
    if (error.code === RESTJSONErrorCodes.MissingAccess || error.status === 403) {
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
