/**
 * Discord end to end: the real discord.js client against a fake Discord on 127.0.0.1, with core's real command
 * handler and deliverer on PGlite. Subscribing, a digest sent with no mentions allowed, a refusal for a plain
 * member, and a pause with its reason on Missing Access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { Deliverer } from '../../bots/deliverer.ts';
import { enqueueDueDigests, refresh } from '../../bots/pipeline.ts';
import { ManualClock } from '../../core/clock.ts';
import { addTestFeed, addTestItems, silentLog } from '../support/app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { CHANNEL_ID, CHANNEL_MANAGER, commandOptions, PLAIN_MEMBER, slashCommand } from '../support/discord-fixtures.ts';
import { APPLICATION_ID, callbackData, interact, startDiscord, TOKEN, type Started } from '../support/discord-harness.ts';
import { FakeDiscord } from '../support/fake-discord.ts';

let database: TestDatabase;
let discord: Started;
let app: App;
let deliverer: Deliverer;
const clock = new ManualClock('2026-11-21T03:00:00Z');

beforeAll(async () => {
  database = await openPglite();
  const fake = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl });
  app = createApp(config, silentLog, database, clock);
  discord = await startDiscord({ fake, runner: app.run });
  deliverer = new Deliverer(app.outbox, new Map([['discord', discord.frontEnd]]), clock, silentLog);
});

afterAll(async () => {
  await discord?.stop();
  await discord?.fake.close();
  await database?.dispose();
});

async function talks(path: string[], values: Record<string, string | number> = {}, permissions = CHANNEL_MANAGER): Promise<string> {
  const { first } = await interact(discord.fake, slashCommand(APPLICATION_ID, commandOptions(path, values), { permissions }));
  return JSON.stringify(callbackData(first).data ?? {});
}

describe('Discord with the real handler and deliverer', () => {
  it('subscribes a channel and delivers its digest with no mention allowed', async () => {
    expect(await talks(['subscribe', 'digest'], { time: '09:00', timezone: 'Asia/Karachi' })).toContain('Daily digest on iran-us at 09:00 Asia/Karachi');
    const feed = await addTestFeed(database);
    await addTestItems(database, feed, [{ title: '@everyone Iran-US talks collapse in Islamabad', label: 'stall', at: new Date('2026-11-21T02:00:00Z') }]);
    await refresh(app);
    clock.set('2026-11-21T04:00:30Z');
    await enqueueDueDigests(app);
    await deliverer.runOnce();
    const sent = discord.fake.messages.get(CHANNEL_ID) ?? [];
    expect(sent).toHaveLength(1);
    expect(sent[0]!.allowed_mentions).toEqual({ parse: [] });
    const text = JSON.stringify(sent[0]!.embeds);
    expect(text).toContain('Iran-US talks collapse in Islamabad');
    expect(text).not.toContain('@everyone Iran');
  });

  it('refuses a plain member who tries to change alerts', async () => {
    expect(await talks(['alerts', 'set-stall'], { count: 2, window: '1h' }, PLAIN_MEMBER)).toContain('only channel or workspace admins');
  });

  it('pauses the channel on Missing Access (50001), and status says why', async () => {
    discord.fake.script(new RegExp(`^POST /channels/${CHANNEL_ID}/messages$`), { status: 403, body: { message: 'Missing Access', code: 50001 } });
    await talks(['digest', 'now']);
    await deliverer.runOnce();
    const status = await talks(['status']);
    expect(status).toContain('Paused digest on iran-us: the bot cannot see this channel (Missing Access, 50001)');
  });
});
