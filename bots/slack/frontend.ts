/**
 * The Slack front end on Bolt. HTTP mode: Bolt's HTTPReceiver is mounted on the service's own port at
 * POST /slack/events and verifies every request's signature (SLACK_SIGNING_SECRET, 5-minute timestamp window).
 * Socket Mode when SLACK_APP_TOKEN is set: no public URL needed. Delivery posts with chat.postMessage, paced per
 * channel, and turns every failure into a DeliveryError the deliverer understands.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import { DeliveryError, StartupError, type FrontEnd, type FrontEndContext } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import type { Config } from '../config.ts';
import { CommandDesk } from '../frontends/kit.ts';
import { sendJson } from '../http.ts';
import { AdminCheck } from './admins.ts';
import { registerCommands } from './commands.ts';
import { MESSAGE_REFUSED, platformCode, toDeliveryError } from './errors.ts';
import { DbInstallationStore } from './installations.ts';
import { boltLogger } from './log.ts';
import { INSTALL_PATH, oauthReceiverOptions, REDIRECT_PATH, registerInstallEvents } from './oauth.ts';
import { sealKey } from '../seal.ts';
import { Pacer } from './pacer.ts';
import { fallbackText, renderReply } from './render.ts';

export const EVENTS_PATH = '/slack/events';
const STOP_GRACE_MS = 5_000;

export type SlackConfig = NonNullable<Config['slack']>;

export interface SlackOptions {
  /** reply in the acknowledgement when it is ready within this; default 1,500 ms (Slack allows 3 s) */
  ackBudgetMs?: number;
  /** least time between two messages to one channel; default 1,000 ms */
  paceMs?: number;
  /** Web API retries of network errors and 5xx; default 2 quick ones (the deliverer retries later ones) */
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

  async function post(channel: string, reply: Reply, tenant: string): Promise<void> {
    const client = app!.client;
    const { text, blocks } = renderReply(reply);
    // A distributed app sends with the token of the workspace the channel belongs to.
    const token = installations ? await installations.botToken(tenant) : undefined;
    if (token === null) throw new DeliveryError('permanent', 'talkwatch is not installed in this workspace any more (reinstall it, then subscribe again)');
    const options = { channel, unfurl_links: false, unfurl_media: false, ...(token ? { token } : {}) };
    try {
      try {
        await client.chat.postMessage({ ...options, text, blocks });
      } catch (error) {
        const code = platformCode(error);
        if (!code || !MESSAGE_REFUSED.has(code)) throw error;
        // our layout broke a rule Slack does not document: the words still reach the channel
        await client.chat.postMessage({ ...options, text: fallbackText(reply, 39_000, true) });
      }
    } catch (error) {
      const failure = toDeliveryError(error);
      if (failure.kind === 'rate-limited') pacer.hold(failure.retryAfterMs ?? 1000);
      throw failure;
    }
  }

  return {
    platform: 'slack',

    async start(ctx: FrontEndContext): Promise<void> {
      const log = desk.start(ctx);
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
      app = created;
      log.info({ mode, endpoint: mode === 'http' ? EVENTS_PATH : undefined }, 'Slack front end is running');
    },

    async stop(): Promise<void> {
      stopped = true;
      // sends and late answers in flight get a few seconds to finish; the service must stop within 10 s
      await desk.stop(STOP_GRACE_MS);
      if (socket) await app?.stop().catch(() => {});
    },

    async send(channelId: string, reply: Reply, tenant: string): Promise<void> {
      if (!app || stopped) throw new DeliveryError('transient', 'the Slack front end is not running');
      await desk.inFlight.track(pacer.run(channelId, () => post(channelId, reply, tenant)));
    },
  };
}
