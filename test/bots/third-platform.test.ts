/**
 * A third chat platform, written as the README's "Adding a chat platform" says: a ChatPlatform whose settings come
 * from its own environment variables, and a front end built on the kit. Nothing else in talkwatch changes: its
 * commands run through the real handler, its channels belong to its own tenants, and the deliverer sends to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bots/app.ts';
import { ConfigError, loadConfig, type Config } from '../../bots/config.ts';
import { Deliverer } from '../../bots/deliverer.ts';
import { CommandDesk } from '../../bots/frontends/kit.ts';
import { configuredPlatforms, createFrontEnds, type ChatPlatform } from '../../bots/frontends/index.ts';
import { ManualClock } from '../../core/clock.ts';
import { usageReply } from '../../core/commands/errors.ts';
import { parseCommand } from '../../core/commands/grammar.ts';
import type { FrontEnd, FrontEndContext } from '../../core/ports.ts';
import { toPlainText, type Reply } from '../../core/reply.ts';
import { platformTenant } from '../../core/tenants.ts';
import { silentLog } from '../support/app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';

// --- what bots/loopback/ would hold: the platform (its settings), and its front end on the kit ---

interface LoopbackSettings {
  token: string;
  admins: string[];
}

/** A chat platform whose "network" is a method call: a person types with type(), messages land in sent. */
class LoopbackFrontEnd implements FrontEnd {
  readonly platform = 'loopback';
  readonly sent: Array<{ channelId: string; tenant: string; text: string }> = [];
  private readonly desk = new CommandDesk('loopback', 1_000);

  constructor(private readonly settings: LoopbackSettings) {}

  async start(ctx: FrontEndContext): Promise<void> {
    this.desk.start(ctx);
  }

  async stop(): Promise<void> {
    await this.desk.stop(1_000);
  }

  async send(channelId: string, reply: Reply, tenant: string): Promise<void> {
    this.sent.push({ channelId, tenant, text: toPlainText(reply) });
  }

  /** What the platform's event handler does: read the text with core's grammar, hand it to the kit, answer. */
  type(server: string, channelId: string, user: string, text: string): Promise<string> {
    const parsed = parseCommand(text);
    const input = parsed.ok ? parsed.command : usageReply(parsed.error, `/talks ${parsed.usage}`);
    const invocation = {
      channel: { platform: this.platform, channelId, tenant: platformTenant(this.platform, server) },
      user: { id: user },
      operator: false,
      isAdmin: async () => this.settings.admins.includes(user),
    };
    return new Promise((resolve) => {
      const answer = async (reply: Reply) => resolve(toPlainText(reply));
      void this.desk.handle(input, invocation, { now: answer, defer: async () => {}, later: answer });
    });
  }
}

const loopback: ChatPlatform<LoopbackSettings> = {
  name: 'loopback',
  settings(config: Config) {
    const token = config.variable('LOOPBACK_TOKEN');
    if (!token) return null;
    if (!token.startsWith('lb-')) throw new ConfigError(`LOOPBACK_TOKEN=${JSON.stringify(token.slice(0, 3))}… is not valid: a loopback token starts with lb-.`);
    return { token, admins: (config.variable('LOOPBACK_ADMINS') ?? '').split(',').filter(Boolean) };
  },
  create: async (settings) => new LoopbackFrontEnd(settings),
};

// --- the test: the line in bots/frontends/index.ts is the loader below ---

const clock = new ManualClock('2026-05-14T06:00:00Z');
let database: TestDatabase;
let app: App;
let front: LoopbackFrontEnd;
let deliverer: Deliverer;

beforeAll(async () => {
  database = await openPglite();
  const config = loadConfig({ LOOPBACK_TOKEN: 'lb-secret', LOOPBACK_ADMINS: 'U-ADMIN' });
  const configured = await configuredPlatforms(config, [async () => ({ platform: loopback })]);
  const [frontEnd] = (await createFrontEnds(configured)).filter((f) => f.platform === 'loopback');
  front = frontEnd as LoopbackFrontEnd;
  app = createApp(config, silentLog, database, clock);
  await front.start({ run: app.run, log: silentLog, http: { mount: () => {} } });
  deliverer = new Deliverer(app.outbox, new Map([['loopback', front]]), clock, silentLog);
});

afterAll(async () => {
  await front?.stop();
  await database?.dispose();
});

describe('a third chat platform', () => {
  it('is off without its variables, and refuses a bad one with the fix', async () => {
    expect(await configuredPlatforms(loadConfig({}), [async () => ({ platform: loopback })])).toEqual([]);
    await expect(configuredPlatforms(loadConfig({ LOOPBACK_TOKEN: 'oops' }), [async () => ({ platform: loopback })])).rejects.toThrow(/starts with lb-/);
  });

  it('runs the whole grammar through the real handler, with its own usage hints and roles', async () => {
    expect(await front.type('team1', 'C1', 'U-MEMBER', 'topics')).toMatch(/^5 topics this channel can follow/);
    expect(await front.type('team1', 'C1', 'U-MEMBER', 'alerts snooze forever')).toBe(
      'give a duration such as 30m, 6h or 2d, not "forever"; e.g. alerts snooze 6h\nUsage: /talks alerts snooze <duration>',
    );
    expect(await front.type('team1', 'C1', 'U-MEMBER', 'subscribe alerts')).toMatch(/^Sorry, only channel or workspace admins/);
    expect(await front.type('team1', 'C1', 'U-ADMIN', 'subscribe alerts')).toMatch(/^Stall alerts on iran-us/);
  });

  it('keeps its servers apart as tenants, and gets its digests from the deliverer', async () => {
    expect(await front.type('team1', 'C1', 'U-MEMBER', 'digest now')).toBe('The digest is on its way to this channel.');
    await deliverer.runOnce();
    expect(front.sent).toEqual([{ channelId: 'C1', tenant: 'loopback:team1', text: expect.stringMatching(/^Quiet day on iran-us/) }]);
    const subs = await app.store.channelSubscriptions({ platform: 'loopback', channelId: 'C1', tenant: 'loopback:team2' });
    expect(subs).toEqual([]);
  });
});
