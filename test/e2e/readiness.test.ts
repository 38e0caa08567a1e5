/**
 * /readyz against the real service and the real Bolt: /healthz may say ok while the Slack front end is still
 * starting, so a load balancer must wait for /readyz; the first signed command after /readyz says 200 is answered.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFields, signCommand, startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { cleanEnv, scratchDir, startTalkwatch, type Running } from '../support/cli.ts';

const SECRET = 'readiness-signing-secret';
let slack: FakeSlack;
let service: Running;

beforeAll(async () => {
  slack = await startFakeSlack();
});

afterAll(async () => {
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGKILL');
    await service.exited;
  }
  await slack?.close();
});

/** GET a path until its status is `want`; bounded by a deadline, not by a count of fixed sleeps. */
async function until(url: string, want: number, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === want) return;
    if (performance.now() > deadline) throw new Error(`${url} never answered ${want} (last ${status})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('readiness', () => {
  it('says 503 while the Slack front end starts, though /healthz says ok, and a command right after 200 is answered', async () => {
    const release = slack.hold('auth.test');
    service = startTalkwatch(
      ['start'],
      cleanEnv({ TALKWATCH_DATA_DIR: path.join(scratchDir(), 'data'), PORT: '0', SLACK_BOT_TOKEN: 'xoxb-ready', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl }),
    );
    const port = Number((await service.waitFor(/"port":(\d+)[^\n]*"msg":"listening for HTTP"/, 60_000))[1]);
    const base = `http://127.0.0.1:${port}`;

    // The database is open, but Bolt is still waiting for auth.test: alive, not ready, and Slack's events unrouted.
    await until(`${base}/healthz`, 200, 60_000);
    const early = await fetch(`${base}/readyz`);
    expect(early.status).toBe(503);
    expect(await early.json()).toMatchObject({ status: 'starting' });
    const { body, headers } = signCommand(SECRET, commandFields(slack, 'help'));
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body, headers })).status).toBe(404);

    release();
    await until(`${base}/readyz`, 200);
    const first = signCommand(SECRET, commandFields(slack, 'help'));
    const res = await fetch(`${base}/slack/events`, { method: 'POST', body: first.body, headers: first.headers });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('talkwatch: news of the talks');

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  }, 120_000);
});
