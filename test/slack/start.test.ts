/** Start-up failures say what is wrong and how to fix it, instead of failing at the first message. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../bots/http.ts';
import { createSlackFrontEnd, type SlackConfig } from '../../bots/slack/frontend.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { capturedLogger, stubRunner } from './support.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake?.close();
});

const start = (config: Partial<SlackConfig>) =>
  createSlackFrontEnd(
    { botToken: 'xoxb-test', signingSecret: 'secret', appToken: null, apiUrl: fake.apiUrl, admins: [], operators: [], oauth: null, ...config },
    { retryConfig: { retries: 0 } },
  ).start({ run: stubRunner().run, http: new HttpServer(() => {}), log: capturedLogger('silent').log });

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('starting the Slack front end', () => {
  it('a token Slack rejects stops start-up with the fix', async () => {
    fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    await expect(start({})).rejects.toThrow(/^Slack rejected SLACK_BOT_TOKEN \(invalid_auth\): copy the Bot User OAuth Token/);
  });

  it('an unreachable SLACK_API_URL is named', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}/api/`;
    await expect(start({ apiUrl })).rejects.toThrow(`could not reach Slack to check SLACK_BOT_TOKEN`);
    await expect(start({ apiUrl })).rejects.toThrow(`is SLACK_API_URL=${apiUrl} right?`);
  });

  it('an app token Slack rejects stops Socket Mode start-up with the fix', async () => {
    fake.script('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    await expect(start({ appToken: 'xapp-1-wrong', signingSecret: null })).rejects.toThrow(/^Socket Mode could not connect \(invalid_auth\): check SLACK_APP_TOKEN/);
  });
});
