/**
 * `talkwatch start` with Slack and Discord credentials, as a user runs it, against fake platforms on 127.0.0.1:
 * the front ends are wired into the real service and answer /talks.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFields, signCommand, startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { cleanEnv, scratchDir, startTalkwatch, type Running } from '../support/cli.ts';
import { commandOptions, slashCommand } from '../support/discord-fixtures.ts';
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
      TALKWATCH_DATA_DIR: path.join(scratchDir(), 'data'),
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-service',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
    }),
  );
  const running = await service.waitFor(/"port":(\d+)[^\n]*"frontEnds":\["console","slack","discord"\][^\n]*"msg":"talkwatch is running"/, 60_000);
  port = Number(running[1]);
}, 90_000);

afterAll(async () => {
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGTERM');
    await service.exited;
  }
  await slack?.close();
  await discord?.close();
});

describe('talkwatch start with Slack and Discord configured', () => {
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

  it('stops cleanly with both front ends running', async () => {
    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  });
});
