/**
 * The Discord front end: `/talks` registered through REST and answered from the gateway, deliveries posted
 * through REST channel messages. discord.js handles Discord's rate limits (per-route buckets, Retry-After);
 * a wait longer than maxRateLimitWaitMs is handed back to the deliverer as a rate-limited DeliveryError.
 */
import {
  Client,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { usageReply } from '../../core/commands/errors.ts';
import { argName, type Invocation } from '../../core/commands/grammar.ts';
import { discordTenant } from '../../core/tenants.ts';
import { DeliveryError, type DeliveryRef, type FrontEnd, type FrontEndContext, type Log, type Turn } from '../../core/ports.ts';
import { note, type Reply } from '../../core/reply.ts';
import type { Config } from '../config.ts';
import { CommandDesk } from '../frontends/kit.ts';
import { suggest } from './autocomplete.ts';
import { COMMAND_NAME, entryAt, TALKS_COMMAND, toCommand } from './commands.ts';
import { toStartupError } from './errors.ts';
import { postDelivery } from './send.ts';
import { NO_MENTIONS, renderEmbeds } from './render.ts';
import { chartAttachment, withChartImage } from './chart.ts';

export type DiscordConfig = NonNullable<Config['discord']>;

export interface DiscordOptions {
  /** a command still running after this long is deferred ("talkwatch is thinking…") and its answer edited in; Discord allows 3 s */
  deferAfterMs?: number;
  /** the longest Discord rate-limit wait a send sits through before failing as rate-limited */
  maxRateLimitWaitMs?: number;
  /** how long start waits for the gateway to be ready */
  readyTimeoutMs?: number;
  /** how long stop waits for commands and sends in flight */
  stopGraceMs?: number;
  /** REST retries on 5xx and timeouts, and the per-request timeout */
  rest?: { retries?: number; timeout?: number };
}

/** What the bot needs in a channel: see it, post, embed links, attach the chart, and post in threads. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.SendMessagesInThreads;

export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: String(BOT_PERMISSIONS) });
  return `https://discord.com/oauth2/authorize?${query}`;
}

const SNOWFLAKE = /^\d{15,22}$/;

export function createDiscordFrontEnd(config: DiscordConfig, options: DiscordOptions = {}): FrontEnd {
  return new DiscordFrontEnd(config, options);
}

class DiscordFrontEnd implements FrontEnd {
  readonly platform = 'discord' as const;
  private readonly client: Client;
  private readonly desk: CommandDesk;
  private stopped = false;
  private turn: Turn | null = null;
  private standby: Promise<void> | null = null;

  constructor(
    private readonly config: DiscordConfig,
    private readonly options: DiscordOptions,
  ) {
    const maxWait = options.maxRateLimitWaitMs ?? 30_000;
    this.desk = new CommandDesk('discord', options.deferAfterMs ?? 1_000);
    this.client = new Client({
      // Slash commands arrive without any intent; no intent also means no guild caches to fill or wait for.
      intents: [],
      allowedMentions: NO_MENTIONS,
      rest: {
        ...(config.apiUrl ? { api: config.apiUrl } : {}),
        retries: options.rest?.retries ?? 3,
        timeout: options.rest?.timeout ?? 15_000,
        rejectOnRateLimit: (limit) => limit.retryAfter > maxWait,
      },
    });
    // Deliveries may start before the gateway is up; they only need the token.
    this.client.rest.setToken(config.token);
  }

  async start(ctx: FrontEndContext): Promise<void> {
    const log = this.desk.start(ctx);
    try {
      await this.register();
    } catch (error) {
      await this.client.destroy();
      throw error;
    }

    this.client.on(Events.InteractionCreate, (interaction) => void this.onInteraction(interaction).catch((error: unknown) => log.error({ err: error }, 'Discord interaction failed')));
    this.client.on(Events.Error, (error) => log.error({ err: error }, 'Discord client error'));
    this.client.on(Events.Warn, (message) => log.warn(message));
    this.client.on(Events.ShardDisconnect, (event) => log.warn({ code: event.code }, 'Discord gateway disconnected; reconnecting'));
    this.client.rest.on('rateLimited', (limit) => log.warn({ route: limit.route, retryAfterMs: limit.retryAfter, global: limit.global }, 'Discord rate limit'));

    // One replica at a time holds the gateway (Discord sends each interaction to one connection of the bot, and
    // every replica would otherwise answer it); all of them deliver over REST. The first to start holds it and
    // reports a refused token at start; the others stand by and take over when it goes.
    const turn = ctx.turn?.('discord-gateway', () => this.lostTurn(log));
    this.turn = turn ?? null;
    if (!turn || (await turn.tryNow())) {
      await this.connect();
      log.info({ bot: this.client.user?.tag, commands: this.scope(), invite: inviteUrl(this.config.applicationId) }, 'Discord front end ready');
      return;
    }
    log.info('another replica holds the Discord gateway: this one stands by to take over, and delivers over REST meanwhile');
    this.standBy(log);
  }

  /** Wait for the turn, then connect; said in the log either way. */
  private standBy(log: Log): void {
    const turn = this.turn!;
    const since = Date.now();
    this.standby = turn
      .wait()
      .then(async (held) => {
        if (!held || this.stopped) return;
        await this.connect();
        log.info({ bot: this.client.user?.tag, waitedMs: Date.now() - since, takeover: true }, 'Discord front end ready');
      })
      .catch((error: unknown) => log.error({ err: error }, 'could not take over the Discord gateway'));
  }

  /** The turn went (the database connection holding it was lost): leave the gateway to the next holder, and wait. */
  private lostTurn(log: Log): void {
    if (this.stopped) return;
    log.warn('lost the turn at the Discord gateway (the database connection holding it was lost); disconnecting and standing by');
    void this.client.destroy().then(() => {
      this.client.rest.setToken(this.config.token);
      this.standBy(log);
    });
  }

  private async connect(): Promise<void> {
    const ms = this.options.readyTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the gateway was not ready within ${ms} ms`)), ms);
      });
      await Promise.race([this.client.login(this.config.token).then(() => ready), late]);
    } catch (error) {
      await this.client.destroy();
      throw toStartupError(error, 'logging in to the gateway');
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    await this.desk.stop(this.options.stopGraceMs ?? 5_000);
    this.stopped = true;
    await this.standby;
    await this.client.destroy();
  }

  async send(channelId: string, reply: Reply, _tenant: string, ref?: DeliveryRef): Promise<void> {
    if (!SNOWFLAKE.test(channelId)) throw new DeliveryError('channel_gone', `"${channelId}" is not a Discord channel id`, { mayHaveArrived: false });
    if (this.stopped) throw new DeliveryError('transient', 'the Discord front end is stopping: will retry after the restart', { mayHaveArrived: false });
    // discord.js forgets a token Discord once refused; set it again so a retry asks Discord afresh.
    this.client.rest.setToken(this.config.token);
    await this.desk.inFlight.track(postDelivery(this.client.rest, channelId, reply, ref, (error) => this.desk.log?.warn({ err: error }, 'could not draw the chart; sent the text alone')));
  }

  private scope(): string {
    return this.config.guilds.length ? `guilds ${this.config.guilds.join(', ')}` : 'global';
  }

  /** One bulk overwrite per scope: Discord keeps ids of commands it already has, so a restart never duplicates. */
  private async register(): Promise<void> {
    const { applicationId, guilds } = this.config;
    const routes = guilds.length ? guilds.map((g) => Routes.applicationGuildCommands(applicationId, g)) : [Routes.applicationCommands(applicationId)];
    for (const route of routes) {
      try {
        await this.client.rest.put(route, { body: [TALKS_COMMAND] });
      } catch (error) {
        throw toStartupError(error, `registering /${COMMAND_NAME} (${route})`);
      }
    }
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (!interaction.isChatInputCommand() || interaction.commandName !== COMMAND_NAME) return;
    if (!interaction.inGuild()) {
      // Every channel belongs to one server, whose feeds and subscriptions it sees; a direct message has none.
      await interaction.reply(await payload(note('usage', 'warning', 'talkwatch answers in the channels of a server it was invited to, not in direct messages.', undefined, true)));
      return;
    }
    const parsed = toCommand(interaction.options);
    const input = parsed.ok ? parsed.command : usageReply(parsed.error, parsed.usage);
    await this.desk.handle(input, invocationOf(interaction, this.config.operators), {
      // Discord wants a first answer within 3 s: "talkwatch is thinking…" for slow work, then the answer edited in
      now: async (reply) => interaction.reply(await payload(reply)),
      defer: () => interaction.deferReply(),
      later: async (reply) => {
        if (!reply.ephemeral) return interaction.editReply(await content(reply));
        // A deferred answer is public; an answer meant for the asker alone replaces it as a private follow-up.
        await interaction.deleteReply();
        return interaction.followUp(await payload(reply));
      },
    }, { command: interaction.commandName, channel: interaction.channelId, user: interaction.user.id });
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    if (interaction.commandName !== COMMAND_NAME) return;
    const focused = interaction.options.getFocused(true);
    const path = [interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)].filter(Boolean).join(' ');
    const arg = entryAt(path)?.args.find((a) => argName(a) === focused.name);
    await interaction.respond(suggest(arg, String(focused.value)));
  }
}

/** A reply's embeds, with its chart attached and shown in the first embed when it has one. */
async function content(reply: Reply) {
  const chart = await chartAttachment(reply);
  const embeds = renderEmbeds(reply);
  return {
    embeds: chart ? withChartImage(embeds) : embeds,
    allowedMentions: NO_MENTIONS,
    ...(chart ? { files: [{ attachment: chart.data, name: chart.name, description: chart.description }] } : {}),
  };
}

async function payload(reply: Reply) {
  return { ...(await content(reply)), ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) };
}

function invocationOf(interaction: ChatInputCommandInteraction & { guildId: string }, operators: string[]): Invocation {
  return {
    channel: { platform: 'discord', channelId: interaction.channelId, tenant: discordTenant(interaction.guildId) },
    user: { id: interaction.user.id, name: interaction.user.username },
    operator: operators.includes(interaction.user.id),
    // Discord computes member.permissions for this channel, overwrites included; Administrator implies all.
    // The server's feeds need Manage Server; the channel's alerts, Manage Channels.
    isAdmin: async (level) =>
      interaction.memberPermissions?.has(level === 'tenant' ? PermissionFlagsBits.ManageGuild : PermissionFlagsBits.ManageChannels) ?? false,
  };
}
