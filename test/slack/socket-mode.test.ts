/**
 * Socket Mode (SLACK_APP_TOKEN set): the real Bolt opens a connection through apps.connections.open at
 * SLACK_API_URL and takes slash commands over the WebSocket; acknowledgements travel back the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../bots/http.ts';
import type { FrontEnd } from '../../core/ports.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import { commandFields, startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { capturedLogger, stubRunner, type StubRunner } from './support.ts';

const SLACK_ACK_DEADLINE_MS = 3000;

let fake: FakeSlack;
let http: HttpServer;
let front: FrontEnd;
let runner: StubRunner;
let port: number;

beforeAll(async () => {
  fake = await startFakeSlack();
  http = new HttpServer(() => {});
  port = await http.listen(0, '127.0.0.1');
  runner = stubRunner();
  front = createSlackFrontEnd(
    { botToken: 'xoxb-test', signingSecret: null, appToken: 'xapp-1-test', apiUrl: fake.apiUrl, admins: ['U0ADMIN'], operators: [], oauth: null },
    { retryConfig: { retries: 0 }, ackBudgetMs: 1000 },
  );
  await front.start({ run: runner.run, http, log: capturedLogger('silent').log });
});

afterAll(async () => {
  runner?.release();
  await front?.stop();
  await http?.close();
  await fake?.close();
});

describe('Socket Mode', () => {
  it('connects with the app token through SLACK_API_URL, and mounts nothing on the HTTP port', async () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.authorization).toBe('Bearer xapp-1-test');
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('runs a slash command from the socket and acknowledges it with the reply', async () => {
    await fake.connected();
    const envelope = fake.sendEnvelope('slash_commands', commandFields(fake, 'feeds add https://example.org/a.xml', { user_id: 'U0ADMIN' }));
    const ack = await envelope.ack;
    expect(ack.at - envelope.sentAt).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    expect(runner.added).toEqual(['https://example.org/a.xml']);
    expect(ack.payload.response_type).toBe('in_channel');
    expect(JSON.stringify(ack.payload.blocks)).toContain('Added https://example.org/a.xml');
  });

  it('acknowledges slow work at once and answers through response_url', async () => {
    const fields = commandFields(fake, 'digest now');
    const envelope = fake.sendEnvelope('slash_commands', fields);
    const ack = await envelope.ack;
    expect(ack.at - envelope.sentAt).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    expect(runner.pending()).toBe(1);
    expect(ack.payload.text).toBe('Working on `/talks digest now`…');
    runner.release();
    const id = new URL(fields.response_url!).pathname.split('/').pop();
    const late = await fake.waitFor(() => fake.responses.find((r) => r.id === id));
    expect((late.body.blocks as Array<{ type: string }>)[0]!.type).toBe('header');
  });
});
