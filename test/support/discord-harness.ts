/**
 * Starts the real Discord front end against the fake Discord, with a stub command runner that behaves like
 * core's handler where the front end can tell: admin-only commands are refused to non-admins.
 */
import { GatewayDispatchEvents, type APIInteraction } from 'discord-api-types/v10';
import { createDiscordFrontEnd, type DiscordOptions } from '../../bots/discord/index.ts';
import type { FrontEnd } from '../../core/ports.ts';
import { HttpServer } from '../../bots/http.ts';
import { createLogger } from '../../bots/logger.ts';
import { requiredRole, type Command, type Invocation } from '../../core/commands/grammar.ts';
import type { CommandRunner } from '../../core/ports.ts';
import { note, type Reply } from '../../core/reply.ts';
import { FakeDiscord, type Recorded } from './fake-discord.ts';

export const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake.discord-token';
export const APPLICATION_ID = '100000000000000001';

export interface Call {
  command: Command;
  invocation: Invocation;
  admin?: boolean;
}

/** Records what it was asked and answers like the handler: admin-only commands need isAdmin(). */
export function stubRunner(calls: Call[], answer: (command: Command) => Reply | Promise<Reply> = (c) => note('ok', 'info', `ran ${c.name}`)): CommandRunner {
  return async (input, invocation) => {
    if (typeof input === 'string') throw new Error('the Discord front end should pass a Command, not text');
    const call: Call = { command: input, invocation };
    calls.push(call);
    const role = requiredRole(input);
    if (role === 'channel-admin' || role === 'tenant-admin') {
      call.admin = await invocation.isAdmin(role === 'tenant-admin' ? 'tenant' : 'channel');
      if (!call.admin) return note('refused', 'warning', 'Only people who can manage this channel can change its feeds and alerts', undefined, true);
    }
    return answer(input);
  };
}

export interface Started {
  fake: FakeDiscord;
  frontEnd: FrontEnd;
  calls: Call[];
  stop(): Promise<void>;
}

export async function startDiscord(
  opts: { runner?: CommandRunner; guilds?: string[]; options?: DiscordOptions; fake?: FakeDiscord; token?: string; applicationId?: string } = {},
): Promise<Started> {
  const fake = opts.fake ?? (await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID, guilds: opts.guilds ?? [] }));
  const calls: Call[] = [];
  const frontEnd = createDiscordFrontEnd(
    { token: opts.token ?? TOKEN, applicationId: opts.applicationId ?? APPLICATION_ID, apiUrl: fake.apiUrl, guilds: opts.guilds ?? [], operators: [] },
    { rest: { retries: 0, timeout: 5_000 }, readyTimeoutMs: 10_000, ...opts.options },
  );
  await frontEnd.start({ run: opts.runner ?? stubRunner(calls), http: new HttpServer(() => {}), log: createLogger('silent') });
  return {
    fake,
    frontEnd,
    calls,
    async stop() {
      await frontEnd.stop();
      if (!opts.fake) await fake.close();
    },
  };
}

/** Send an interaction through the gateway; return Discord's first answer to it and how long it took. */
export async function interact(fake: FakeDiscord, interaction: APIInteraction): Promise<{ first: Recorded; delayMs: number }> {
  const sentAt = fake.dispatch(GatewayDispatchEvents.InteractionCreate, interaction);
  const first = await fake.waitFor((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
  return { first, delayMs: first.at - sentAt };
}

export const callbackData = (r: Recorded) => (r.body as { type: number; data?: Record<string, unknown> });
