/**
 * The chart in chat, through the real libraries to the fakes: Discord gets the message and the PNG in one multipart
 * request (files[0] + payload_json with the nonce) and shows it in the embed; Slack gets the message first, then the
 * PNG through the three-step files upload into the message's thread, with the workspace's own client. Without
 * files:write the message still goes, once, and the upload failure is only logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../bots/http.ts';
import { nonceFor } from '../../bots/discord/send.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import type { FrontEnd } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import { sampleDigest } from '../support/digest-fixture.ts';
import { startDiscord, type Started } from '../support/discord-harness.ts';
import { ALL_SCOPES, startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { capturedLogger, stubRunner } from '../slack/support.ts';
import { expectChartPng } from './png.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Discord: the chart in the message', () => {
  let discord: Started;
  beforeAll(async () => {
    discord = await startDiscord({});
  });
  afterAll(async () => {
    await discord?.stop();
  });

  it('posts message and PNG in one multipart request carrying the nonce, and the embed shows the attachment', async () => {
    const channel = '700000000000009001';
    const digest = sampleDigest();
    await discord.frontEnd.send(channel, digest, 'discord:100000000000000001', { key: 'digest:7:2026-05-14' });
    const requests = discord.fake.requests.filter((r) => r.path === `/channels/${channel}/messages`);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(String(request!.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.files?.map((f) => [f.field, f.filename, f.contentType])).toEqual([['files[0]', 'chart.png', 'image/png']]);
    const png = request!.files![0]!.data;
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expectChartPng(png);
    const body = request!.body as { nonce: string; enforce_nonce: boolean; attachments: Array<{ id: number; filename: string; description: string }>; embeds: Array<{ image?: { url: string } }> };
    expect(body.nonce).toBe(nonceFor('digest:7:2026-05-14'));
    expect(body.enforce_nonce).toBe(true);
    expect(body.attachments).toEqual([{ id: 0, filename: 'chart.png', description: digest.chart!.alt.slice(0, 1024) }]);
    expect(body.embeds[0]!.image).toEqual({ url: 'attachment://chart.png' });
    expect(body.attachments[0]!.description).toMatch(/^Chart: iran-us: stories per day and momentum/);
  });

  it('where the bot may not attach files, sends the message without the chart instead of failing', async () => {
    const channel = '700000000000009003';
    discord.fake.script(new RegExp(`^POST /channels/${channel}/messages$`), { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    await discord.frontEnd.send(channel, sampleDigest(), 'discord:100000000000000001', { key: 'digest:11:2026-05-14' });
    const requests = discord.fake.requests.filter((r) => r.path === `/channels/${channel}/messages`);
    expect(requests.map((r) => (r.files ? 'with chart' : 'text only'))).toEqual(['with chart', 'text only']);
    const [message] = discord.fake.messages.get(channel)!;
    expect(message!.nonce).toBe(nonceFor('digest:11:2026-05-14'));
    expect(message!.embeds?.[0]?.image).toBeUndefined();
  });

  it('sends a repeat of an uncertain attempt at once, without drawing the chart, under the same nonce', async () => {
    const channel = '700000000000009004';
    await discord.frontEnd.send(channel, sampleDigest(), 'discord:100000000000000001', { key: 'digest:12:2026-05-14', firstAttemptAt: new Date() });
    const [request] = discord.fake.requests.filter((r) => r.path === `/channels/${channel}/messages`);
    expect(String(request!.headers['content-type'])).toMatch(/^application\/json/);
    expect((request!.body as { nonce: string }).nonce).toBe(nonceFor('digest:12:2026-05-14'));
  });

  it('sends a reply without a chart as JSON, as before', async () => {
    const channel = '700000000000009002';
    const { chart: _none, ...plain } = sampleDigest();
    await discord.frontEnd.send(channel, plain as Reply, 'discord:100000000000000001');
    const [request] = discord.fake.requests.filter((r) => r.path === `/channels/${channel}/messages`);
    expect(String(request!.headers['content-type'])).toMatch(/^application\/json/);
    expect(request!.files).toBeUndefined();
  });
});

describe('Slack: the chart in the thread', () => {
  let fake: FakeSlack;
  let front: FrontEnd;
  const logs = capturedLogger('warn');

  beforeAll(async () => {
    fake = await startFakeSlack();
    front = createSlackFrontEnd(
      { botToken: 'xoxb-test', signingSecret: 'secret', appToken: null, apiUrl: fake.apiUrl, admins: [], operators: [], oauth: null },
      { retryConfig: { retries: 0 }, paceMs: 0 },
    );
    await front.start({ run: stubRunner().run, http: new HttpServer(() => {}), log: logs.log });
  });
  afterAll(async () => {
    await front?.stop();
    await fake?.close();
  });

  it('posts the message, then uploads the PNG in three steps into its thread', async () => {
    const digest = sampleDigest();
    await front.send('C0CHART', digest, 'slack:T0TEST', { key: 'digest:8:2026-05-14' });
    const methods = fake.calls.filter((c) => c.params.channel === 'C0CHART' || c.method.startsWith('files.')).map((c) => c.method);
    expect(methods).toEqual(['chat.postMessage', 'files.getUploadURLExternal', 'files.completeUploadExternal']);
    const [message] = fake.messages.get('C0CHART')!;
    const [file] = fake.files.shared();
    // @slack/web-api sends the bytes as application/octet-stream; Slack reads the type from the name and the bytes
    expect(file).toMatchObject({ channel: 'C0CHART', threadTs: message!.ts, title: digest.chart!.title });
    expect(file!.filename).toBe(`iran-us-${digest.chart!.days.at(-1)!.date}.png`);
    expect(file!.altText).toBe(digest.chart!.alt.slice(0, 1000));
    expect(file!.data!.length).toBe(file!.length);
    expectChartPng(file!.data!);
    const getUrl = fake.callsTo('files.getUploadURLExternal')[0]!;
    expect(getUrl.authorization).toBe('Bearer xoxb-test');
    expect(JSON.parse(fake.callsTo('files.completeUploadExternal')[0]!.params.files!)).toEqual([{ id: file!.id, title: digest.chart!.title }]);
  });

  it('without files:write the message still arrives once and the failed upload is only logged', async () => {
    fake.scopes = ALL_SCOPES.filter((s) => s !== 'files:write');
    try {
      const result = await front.send('C0NOFILES', sampleDigest(), 'slack:T0TEST', { key: 'digest:9:2026-05-14' });
      expect(result).toMatchObject({ atLeastOnce: null });
      expect(fake.messages.get('C0NOFILES')).toHaveLength(1);
      expect(fake.files.shared().filter((f) => f.channel === 'C0NOFILES')).toEqual([]);
      expect(logs.lines().some((l) => /could not upload the chart/.test(String(l.msg)) && /missing_scope/.test(JSON.stringify(l.err)))).toBe(true);
    } finally {
      fake.scopes = [...ALL_SCOPES];
    }
  });

  it('with a public address, shows the chart as an image block from talkwatch instead of uploading it', async () => {
    const asked: Array<[string, string]> = [];
    const publicFront = createSlackFrontEnd(
      { botToken: 'xoxb-test', signingSecret: 'secret', appToken: null, apiUrl: fake.apiUrl, admins: [], operators: [], oauth: null },
      { retryConfig: { retries: 0 }, paceMs: 0 },
    );
    await publicFront.start({
      run: stubRunner().run,
      http: new HttpServer(() => {}),
      log: logs.log,
      chartUrl: async (tenant, key) => {
        asked.push([tenant, key]);
        return `https://talkwatch.example.com/dashboard/chart/signed-${key}`;
      },
    });
    try {
      const digest = sampleDigest();
      const uploadsBefore = fake.callsTo('files.getUploadURLExternal').length;
      await publicFront.send('C0PUBLIC', digest, 'slack:T0TEST', { key: 'digest:10:2026-05-14' });
      expect(asked).toEqual([['slack:T0TEST', 'digest:10:2026-05-14']]);
      const [post] = fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0PUBLIC');
      const blocks = JSON.parse(post!.params.blocks!) as Array<Record<string, unknown>>;
      expect(blocks.at(-1)).toEqual({ type: 'image', image_url: 'https://talkwatch.example.com/dashboard/chart/signed-digest:10:2026-05-14', alt_text: digest.chart!.alt.slice(0, 1000) });
      expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(uploadsBefore);
    } finally {
      await publicFront.stop();
    }
  });
});
