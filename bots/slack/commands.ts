/**
 * The slash command (`/talks ...`, or whatever name the app gives it): the text goes to core's runner, the reply is
 * rendered as Block Kit. Slack wants the acknowledgement within 3 s, so a reply ready within the ack budget goes out
 * in the acknowledgement itself; slower work is acknowledged with a short note and answered through response_url.
 */
import type { App, RespondArguments } from '@slack/bolt';
import type { Invocation } from '../../core/commands/grammar.ts';
import { slackTenant } from '../../core/tenants.ts';
import type { CommandRunner } from '../../core/ports.ts';
import { note, type Reply } from '../../core/reply.ts';
import type { Logger } from '../logger.ts';
import { AdminCheckError, type AdminCheck } from './admins.ts';
import { escapeText, renderReply } from './render.ts';

export interface CommandOptions {
  run: CommandRunner;
  admins: AdminCheck;
  /** Slack user ids of the service's operators */
  operators: string[];
  log: Logger;
  /** how long to wait for the reply before acknowledging without it; well under Slack's 3 s */
  ackBudgetMs: number;
  /** answers still owed through response_url, so stop() can wait for them */
  track(work: Promise<unknown>): void;
}

const SLOW = Symbol('slow');

export function registerCommands(app: App, options: CommandOptions): void {
  const { run, admins, log, ackBudgetMs, track, operators } = options;

  app.command(/^\/.+/, async ({ command, ack, respond, context }) => {
    const started = Date.now();
    const text = command.text ?? '';
    const invocation: Invocation = {
      // a Slack Connect channel shared by two workspaces is one channel for each: the tenant is the caller's
      channel: { platform: 'slack', channelId: command.channel_id, tenant: slackTenant(command.team_id, command.enterprise_id) },
      user: { id: command.user_id, name: command.user_name },
      operator: operators.includes(command.user_id),
      // workspace admins and owners (and the config's slack.admins) manage both the feeds and the channel's alerts
      isAdmin: () => admins.isAdmin(command.user_id, command.team_id, context.botToken),
    };
    const where = { command: command.command, text, channel: command.channel_id, user: command.user_id };

    const work = run(text, invocation).catch((error: unknown) => failed(error, where, log));
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([work, new Promise<typeof SLOW>((resolve) => (timer = setTimeout(() => resolve(SLOW), ackBudgetMs)))]);
    clearTimeout(timer);

    if (first !== SLOW) {
      await ack(toResponse(first));
      log.debug({ ...where, ms: Date.now() - started }, 'slash command answered in the acknowledgement');
      return;
    }
    await ack({ response_type: 'ephemeral', text: `Working on \`${escapeText(`${command.command} ${text}`.trim())}\`…` });
    const answered = work.then(async (reply) => {
      try {
        await respond(toResponse(reply));
        log.debug({ ...where, ms: Date.now() - started }, 'slash command answered through response_url');
      } catch (error) {
        log.warn({ ...where, err: error }, 'could not answer a slash command through response_url (it expires after 30 minutes)');
      }
    });
    track(answered);
    await answered;
  });
}

function toResponse(reply: Reply): RespondArguments {
  try {
    const { text, blocks } = renderReply(reply);
    return { response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', text, blocks };
  } catch {
    // a reply the renderer cannot handle must still be acknowledged, or Slack shows the user a timeout
    return { response_type: 'ephemeral', text: escapeText(reply.title || 'talkwatch could not show this answer') };
  }
}

function failed(error: unknown, where: object, log: Logger): Reply {
  if (error instanceof AdminCheckError) {
    log.warn({ ...where, code: error.code }, 'could not check a Slack user\'s role');
    return note('error', 'error', 'Could not check your permissions', error.message, true);
  }
  log.error({ ...where, err: error }, 'slash command failed');
  return note('error', 'error', 'Something went wrong running that command', 'It has been logged. Try again in a minute; if it keeps failing, ask whoever runs talkwatch to look at its log.', true);
}
