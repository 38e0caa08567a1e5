/**
 * The slash command (`/talks ...`, or whatever name the app gives it): core's grammar reads the text (a usage hint
 * names the command as it was typed), the front-end kit runs it, and the reply goes back as Block Kit. Slack wants an
 * acknowledgement within 3 s: a reply ready within the kit's budget goes in the acknowledgement itself; slower work is
 * acknowledged with a short note and answered through response_url, which Slack keeps open for 30 minutes.
 */
import type { App, RespondArguments } from '@slack/bolt';
import { usageReply } from '../../core/commands/errors.ts';
import { parseCommand, type Invocation } from '../../core/commands/grammar.ts';
import { slackTenant } from '../../core/tenants.ts';
import type { Reply } from '../../core/reply.ts';
import type { CommandDesk } from '../frontends/kit.ts';
import type { AdminCheck } from './admins.ts';
import { escapeText, renderReply } from './render.ts';
import { uploadChart } from './chart.ts';

export function registerCommands(app: App, desk: CommandDesk, { admins, operators }: { admins: AdminCheck; operators: string[] }): void {
  app.command(/^\/.+/, async ({ command, ack, respond, context, client, logger }) => {
    const text = command.text ?? '';
    const invocation: Invocation = {
      // a Slack Connect channel shared by two workspaces is one channel for each: the tenant is the caller's
      channel: { platform: 'slack', channelId: command.channel_id, tenant: slackTenant(command.team_id, command.enterprise_id) },
      user: { id: command.user_id, name: command.user_name },
      operator: operators.includes(command.user_id),
      // workspace admins and owners (and the config's slack.admins) manage both the feeds and the channel's alerts
      // a distributed app asks with the workspace's own token
      isAdmin: () => admins.isAdmin(command.user_id, command.team_id, context.botToken),
    };
    const parsed = parseCommand(text);
    const input = parsed.ok ? parsed.command : usageReply(parsed.error, `${command.command} ${parsed.usage}`);
    // A public status gets its chart after it, in the channel; failing that, the text stands.
    const chart = (reply: Reply) =>
      reply.ephemeral || reply.kind !== 'status' ? undefined : uploadChart(client, command.channel_id, reply, undefined, (error) => logger.warn(`could not upload the status chart: ${String((error as Error)?.message ?? error)}`));
    await desk.handle(
      input,
      invocation,
      {
        now: async (reply) => {
          await ack(toResponse(reply));
          await chart(reply);
        },
        defer: () => ack({ response_type: 'ephemeral', text: `Working on \`${escapeText(`${command.command} ${text}`.trim())}\`…` }),
        later: async (reply) => {
          await respond(toResponse(reply));
          await chart(reply);
        },
      },
      { command: command.command, text, channel: command.channel_id, user: command.user_id },
    );
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
