/**
 * `talkwatch start` with Slack and Discord credentials, as a user runs it, against fake platforms on 127.0.0.1:
 * the front ends are wired into the real service and answer /talks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFields, signCommand, startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { cleanEnv, SAFETY_CAP_MS, SLOW, startTalkwatch, until, type Running } from '../support/cli.ts';
import { CHANNEL_ID, commandOptions, slashCommand } from '../support/discord-fixtures.ts';
import { seededDataDir } from '../support/seeded.ts';
import { APPLICATION_ID, callbackData, interact, TOKEN } from '../support/discord-harness.ts';
import { FakeDiscord } from '../support/fake-discord.ts';

const SECRET = 'service-signing-secret';
let slack: FakeSlack;
let discord: FakeDiscord;
let service: Running;
let port: number;

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
  service = startTalkwatch(
    ['start'],
    cleanEnv({
      TALKWATCH_DATA_DIR: seededDataDir(),
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-service',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
    }),
  );
  const running = await service.waitFor(/"port":(\d+)[^\n]*"frontEnds":\["console","slack","discord"\][^\n]*"msg":"talkwatch is running"/);
  port = Number(running[1]);
}, SAFETY_CAP_MS);

afterAll(async () => {
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGTERM');
    await service.exited;
  }
  await slack?.close();
  await discord?.close();
});

describe('talkwatch start with Slack and Discord configured', SLOW, () => {
  it('answers a signed Slack /talks on its own port', async () => {
    const { body, headers } = signCommand(SECRET, commandFields(slack, 'subscribe alerts', { user_id: 'U0LISTED' }));
    slack.users.set('U0LISTED', { id: 'U0LISTED', is_admin: true });
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Stall alerts on iran-us: when there are 3 or more stall stories within 6 h.');
  });

  it('registered /talks with Discord and answers it from the gateway', async () => {
    expect(discord.commands.get('global')?.map((c) => c.name)).toEqual(['talks']);
    const { first } = await interact(discord, slashCommand(APPLICATION_ID, commandOptions(['help'])));
    expect(JSON.stringify(callbackData(first).data)).toContain('talkwatch: news of the talks');
  });

  it('a token Discord refuses: no crash, /healthz and status say so, nothing paused', async () => {
    const posts = () => discord.requests.filter((r) => r.path === `/channels/${CHANNEL_ID}/messages`).length;
    discord.script(new RegExp(`^POST /channels/${CHANNEL_ID}/messages$`), ...Array.from({ length: 5 }, () => ({ status: 401, body: { message: '401: Unauthorized', code: 0 } })));
    const talks = async (path: string[], values: Record<string, string> = {}) =>
      JSON.stringify(callbackData((await interact(discord, slashCommand(APPLICATION_ID, commandOptions(path, values)))).first).data);
    expect(await talks(['subscribe', 'digest'], { time: '09:00' })).toContain('Daily digest on iran-us at 09:00');
    await talks(['digest', 'now']);
    const health = await until(async () => {
      const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string; delivery: { status: string; problems?: unknown[] } };
      return body.delivery.status === 'credentials refused' && body;
    });
    expect(health).toMatchObject({
      status: 'ok',
      delivery: { problems: [{ platform: 'discord', tenant: 'discord:800000000000000001', reason: expect.stringContaining('Discord rejected the bot token (401)') }] },
    });
    await service.waitFor(/"msg":"discord refuses the bot's credentials; deliveries wait and retry every 10 minutes, nothing is paused"/);
    const status = await talks(['status']);
    expect(status).toContain('Delivery: 1 message waiting; the last attempt failed (auth): Discord rejected the bot token (401)');
    expect(status).not.toContain('Paused');
    // asked once; the next try is ten minutes away (the deliverer's tests check the pace itself)
    expect(posts()).toBe(1);
    expect(service.child.exitCode).toBeNull();
  });

  it('stops cleanly with both front ends running', async () => {
    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  });
});
