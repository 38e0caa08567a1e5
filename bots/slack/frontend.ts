/**
 * The Slack front end on Bolt. HTTP mode: Bolt's HTTPReceiver is mounted on the service's own port at
 * POST /slack/events and verifies every request's signature (SLACK_SIGNING_SECRET, 5-minute timestamp window).
 * Socket Mode when SLACK_APP_TOKEN is set: no public URL needed. Deliveries go through send.ts, paced per channel.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { DeliveryError, StartupError, type DeliveryRef, type FrontEnd, type FrontEndContext, type SendResult } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import type { Config } from '../config.ts';
import { CommandDesk } from '../frontends/kit.ts';
import { sendJson } from '../http.ts';
import { AdminCheck } from './admins.ts';
import { registerCommands } from './commands.ts';
import { platformCode } from './errors.ts';
import { DbInstallationStore } from './installations.ts';
import { boltLogger } from './log.ts';
import { INSTALL_PATH, oauthReceiverOptions, REDIRECT_PATH, registerInstallEvents } from './oauth.ts';
import { sealKey } from '../seal.ts';
import { Pacer } from './pacer.ts';
import { postDelivery } from './send.ts';

export const EVENTS_PATH = '/slack/events';
const STOP_GRACE_MS = 5_000;

export type SlackConfig = NonNullable<Config['slack']>;

export interface SlackOptions {
  /** reply in the acknowledgement when it is ready within this; default 1,500 ms (Slack allows 3 s) */
  ackBudgetMs?: number;
  /** least time between two messages to one channel; default 1,000 ms */
  paceMs?: number;
  /** Web API retries of network errors and 5xx for commands; default 2 quick ones (deliveries never retry here) */
  retryConfig?: webApi.RetryOptions;
  /** per Web API request; default 10 s */
  timeoutMs?: number;
  /** how long a users.info answer about a role is trusted; default 5 minutes */
  adminCacheMs?: number;
}

export function createSlackFrontEnd(config: SlackConfig, options: SlackOptions = {}): FrontEnd {
  const pacer = new Pacer(options.paceMs ?? 1000);
  const desk = new CommandDesk('slack', options.ackBudgetMs ?? 1500);
  let app: App | null = null;
  let socket: SocketModeReceiver | null = null;
  let stopped = false;

  let installations: DbInstallationStore | null = null;
  let deliveryClient: webApi.WebClient | null = null;
  let deliveryOptions: webApi.WebClientOptions = {};
  const workspaceClients = new Map<string, webApi.WebClient>();
  let chartLink: FrontEndContext['chartUrl'] | null = null;

  /** The client that sends to a tenant: a distributed app's one per workspace token, else the bot token's. */
  async function clientFor(tenant: string): Promise<webApi.WebClient> {
    if (!installations) return deliveryClient!;
    const token = await installations.botToken(tenant);
    if (token === null) {
      throw new DeliveryError('no_access', 'talkwatch is not installed in this workspace any more (reinstall it, then subscribe again)', { mayHaveArrived: false });
    }
    let client = workspaceClients.get(token);
    if (!client) workspaceClients.set(token, (client = new webApi.WebClient(token, deliveryOptions)));
    return client;
  }

  async function post(channel: string, reply: Reply, tenant: string, ref: DeliveryRef | undefined): Promise<SendResult> {
    try {
      const chartUrl = ref && reply.chart && chartLink ? await chartLink(tenant, ref.key) : undefined;
      return await postDelivery(
        await clientFor(tenant),
        channel,
        reply,
        ref,
        (error) => desk.log?.warn({ err: error, channel, tenant }, 'could not upload the chart; the message went out with its text alone'),
        chartUrl,
      );
    } catch (error) {
      if (error instanceof DeliveryError && error.code === 'rate_limited') pacer.hold(error.retryAfterMs ?? 1000);
      throw error;
    }
  }

  return {
    platform: 'slack',

    async start(ctx: FrontEndContext): Promise<void> {
      const log = desk.start(ctx);
      chartLink = ctx.chartUrl?.bind(ctx) ?? null;
      if (config.oauth) {
        if (!ctx.tenants) throw new StartupError('Slack OAuth needs the database to keep installations');
        installations = new DbInstallationStore(ctx.tenants.installations, sealKey(config.oauth.secretKey));
      }
      const logger = boltLogger(log);
      const clientOptions: webApi.WebClientOptions = {
        slackApiUrl: config.apiUrl ?? undefined,
        retryConfig: options.retryConfig ?? { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
        timeout: options.timeoutMs ?? 10_000,
        // a 429 goes back to the deliverer as a rate-limited DeliveryError instead of blocking the client
        rejectRateLimitedCalls: true,
      };
      const mode = config.appToken ? 'socket' : 'http';
      const receiver = config.appToken
        ? new SocketModeReceiver({
            appToken: config.appToken,
            logger,
            installerOptions: {
              clientOptions: { slackApiUrl: clientOptions.slackApiUrl, retryConfig: clientOptions.retryConfig, timeout: clientOptions.timeout },
            },
          })
        : new HTTPReceiver({
            signingSecret: config.signingSecret!,
            endpoints: EVENTS_PATH,
            logger,
            ...(installations ? oauthReceiverOptions(config.oauth!, installations, config.apiUrl) : {}),
          });

      const created = new App({
        token: config.botToken ?? undefined,
        receiver,
        logger,
        clientOptions,
        socketMode: mode === 'socket',
        deferInitialization: true,
        convoStore: false, // talkwatch keeps no conversation state in Bolt
      });
      created.error(async (error) => {
        log.error({ err: error }, 'Slack listener failed');
      });
      const admins = new AdminCheck(created.client, config.admins, options.adminCacheMs);
      if (installations && ctx.tenants) registerInstallEvents(created, installations, ctx.tenants, log);
      registerCommands(created, desk, { admins, operators: config.operators });

      try {
        await created.init(); // auth.test: a wrong token stops start-up here, not at the first message
      } catch (error) {
        const code = platformCode(error);
        throw new StartupError(
          code
            ? `Slack rejected SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page.`
            : `could not reach Slack to check SLACK_BOT_TOKEN (${(error as Error).message})${config.apiUrl ? `: is SLACK_API_URL=${config.apiUrl} right?` : ''}`,
        );
      }
      if (receiver instanceof SocketModeReceiver) {
        try {
          await created.start();
          socket = receiver;
        } catch (error) {
          await created.stop().catch(() => {});
          const code = platformCode(error);
          throw new StartupError(
            `Socket Mode could not connect (${code ?? (error as Error).message}): check SLACK_APP_TOKEN (xapp-..., with the connections:write scope) and that Socket Mode is on in the app's settings.`,
          );
        }
      } else {
        const listener = receiver.requestListener;
        ctx.http.mount(EVENTS_PATH, (req: IncomingMessage, res: ServerResponse) => {
          if ((req.url ?? '').split('?')[0] !== EVENTS_PATH) return sendJson(res, 404, { error: 'not found' });
          if (req.method !== 'POST') return sendJson(res, 405, { error: 'Slack events are POSTed to /slack/events' });
          if (stopped) return sendJson(res, 503, { error: 'stopping' });
          listener(req, res);
        });
        if (installations) {
          // Bolt answers these itself: the install link, and Slack's redirect back with the code
          for (const path of [INSTALL_PATH, REDIRECT_PATH]) {
            ctx.http.mount(path, (req: IncomingMessage, res: ServerResponse) => {
              if ((req.url ?? '').split('?')[0] !== path) return sendJson(res, 404, { error: 'not found' });
              if (req.method !== 'GET') return sendJson(res, 405, { error: `${path} answers GET` });
              if (stopped) return sendJson(res, 503, { error: 'stopping' });
              listener(req, res);
            });
          }
        }
      }
      // Deliveries use their own clients that never retry by themselves: a retried timeout would be a second message.
      deliveryOptions = { ...clientOptions, retryConfig: { retries: 0 }, logger };
      deliveryClient = new webApi.WebClient(config.botToken ?? undefined, deliveryOptions);
      app = created;
      log.info({ mode, endpoint: mode === 'http' ? EVENTS_PATH : undefined }, 'Slack front end is running');
    },

    async stop(): Promise<void> {
      stopped = true;
      // sends and late answers in flight get a few seconds to finish; the service must stop within 10 s
      await desk.stop(STOP_GRACE_MS);
      if (socket) await app?.stop().catch(() => {});
    },

    async send(channelId: string, reply: Reply, tenant: string, ref?: DeliveryRef): Promise<SendResult> {
      if (!app || stopped) throw new DeliveryError('transient', 'the Slack front end is not running', { mayHaveArrived: false });
      return desk.inFlight.track(pacer.run(channelId, () => post(channelId, reply, tenant, ref)));
    },
  };
}
