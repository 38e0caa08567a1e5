/** `talkwatch feeds ...` and `talkwatch poll --once` as a user runs them, and the service's polling tick. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runTalkwatch, SLOW, startTalkwatch, type Running } from '../support/cli.ts';
import { FeedServer } from '../support/feed-server.ts';
import { seededDataDir } from '../support/seeded.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

// Each command is a new process opening the embedded database: slow on a busy machine, so tests wait on what the
// processes say, not on time.
describe('talkwatch feeds and poll', SLOW, () => {
  let server: FeedServer;
  let env: NodeJS.ProcessEnv;
  let service: Running | null = null;

  beforeAll(async () => {
    server = await new FeedServer().start();
    server.route('/guardian.rss', { body: fixture('guardian.rss'), contentType: 'text/xml; charset=UTF-8' });
    server.route('/heise.atom', { body: fixture('heise.atom'), contentType: 'application/atom+xml' });
    server.route('/uol.rss', { body: fixture('uolNoticias.rss'), contentType: 'text/xml; charset=iso-8859-1' });
    server.route('/page', { body: fixture('unrecognized.rss'), contentType: 'text/html' });
    server.route('/slow', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let sent = 0;
      const timer = setInterval(() => (res.destroyed || ++sent > 60 ? (clearInterval(timer), res.end()) : res.write(' ')), 1_000);
      res.on('close', () => clearInterval(timer));
    });
    env = cleanEnv({ TALKWATCH_DATA_DIR: seededDataDir(), TALKWATCH_ALLOW_PRIVATE_FEEDS: '1', PORT: '0' });
  });

  afterAll(async () => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    await server.close();
  });

  it('adds feeds, once each, and refuses bad addresses with one line', async () => {
    // the chat command's own words: the CLI runs feeds add as the operator, in the console channel
    const added = await runTalkwatch(['feeds', 'add', server.url('/guardian.rss')], env);
    expect(added.stdout).toMatch(/^Added feed #1 on iran-us \(a shared feed, read by every workspace and server\); first poll \w{3} \d+ \w{3} \d\d:\d\d UTC\.\n/);
    expect(added.code).toBe(0);
    const unknown = await runTalkwatch(['feeds', 'add', server.url('/page'), '--topic', 'sudan-jeddah'], env);
    expect({ code: unknown.code, err: unknown.stderr.trim() }).toEqual({
      code: 1,
      err: 'Unknown topic "sudan-jeddah". Known topics: iran-us, russia-ukraine, israel-hamas, armenia-azerbaijan, korean-peninsula.',
    });
    const badTopic = await runTalkwatch(['feeds', 'add', server.url('/page'), '--topic', 'Iran US'], env);
    expect({ code: badTopic.code, err: badTopic.stderr.trim() }).toEqual({
      code: 1,
      err: '"Iran US" is not a topic name (lowercase letters, digits and dashes)\nUsage: feeds add <url> [topic] [shared]',
    });
    expect((await runTalkwatch(['feeds', 'add', server.url('/page'), '--topic', 'iran-us'], env)).code).toBe(0);
    const again = await runTalkwatch(['feeds', 'add', server.url('/guardian.rss')], env);
    expect(again.stdout.trim()).toBe('That feed is already watched here as #1.');
    const ftp = await runTalkwatch(['feeds', 'add', 'ftp://example.org/feed'], env);
    expect({ code: ftp.code, err: ftp.stderr.trim() }).toEqual({ code: 1, err: 'Cannot add that feed: only http and https feeds can be fetched, not ftp' });
  });

  it('refuses an inside address when private feeds are not allowed', async () => {
    const guarded = { ...env, TALKWATCH_ALLOW_PRIVATE_FEEDS: '0' };
    for (const [url, what] of [
      ['http://localhost:8080/feed', 'localhost: the name points inside the network'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254: it is a cloud metadata address'],
    ]) {
      const result = await runTalkwatch(['feeds', 'add', url!], guarded);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `Cannot add that feed: refused to fetch ${what}, and feeds may not reach inside the network (set TALKWATCH_ALLOW_PRIVATE_FEEDS=1 only if this is intended)`,
      );
    }
  });

  it('polls every due feed once, a line per feed', async () => {
    const bare = await runTalkwatch(['poll'], env);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/poll needs --once/);
    const result = await runTalkwatch(['poll', '--once'], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^feed 1 http:\/\/127\.0\.0\.1:\d+\/guardian\.rss: 55 new of 55 in the feed$/),
      expect.stringMatching(/^feed 2 http:\/\/127\.0\.0\.1:\d+\/page: failed \(active\): the address serves a web page, not an RSS or Atom feed; next try \d{4}-\d\d-\d\d \d\d:\d\d UTC$/),
      'polled 2 feeds: 1 with new items (55 items), 0 unchanged, 1 failed',
    ]);
    const idle = await runTalkwatch(['poll', '--once', '--json'], env);
    expect(JSON.parse(idle.stdout)).toEqual({ polled: 0, feeds: [] });
  });

  it('lists feeds with status, last error, item count and next poll, and removes one', async () => {
    const list = JSON.parse((await runTalkwatch(['feeds', 'list', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(list).toEqual([
      expect.objectContaining({ id: 1, title: 'The Guardian', status: 'active', lastError: null, itemCount: 55, topic: 'iran-us' }),
      expect.objectContaining({ id: 2, status: 'active', lastError: 'the address serves a web page, not an RSS or Atom feed', itemCount: 0, topic: 'iran-us', consecutiveFailures: 1 }),
    ]);
    expect(Date.parse(list[0]!.nextPollAt as string)).toBeGreaterThan(Date.now() + 5 * 60_000);
    const text = (await runTalkwatch(['feeds', 'list'], env)).stdout;
    expect(text.split('\n')).toEqual([
      '2 feeds: 2 shared, 0 of tenants',
      expect.stringMatching(/^#1 The Guardian \[iran-us, shared\] 55 items, ok; next poll \w{3} \d+ \w{3} \d\d:\d\d UTC$/),
      expect.stringMatching(/^ {4}http:\/\/127\.0\.0\.1:\d+\/guardian\.rss$/),
      expect.stringMatching(/^#2 \(no title yet\) \[iran-us, shared\] 0 items, retrying: the address serves a web page, not an RSS or Atom feed; next poll .* UTC$/),
      expect.stringMatching(/^ {4}http:\/\/127\.0\.0\.1:\d+\/page$/),
      '',
    ]);
    // the same words as the chat command, typed by the operator
    expect((await runTalkwatch(['command', '--', 'feeds', 'list', 'all'], env)).stdout).toBe(text);
    const bad = await runTalkwatch(['feeds', 'remove', 'two'], env);
    expect({ code: bad.code, err: bad.stderr.trim() }).toEqual({ code: 1, err: '"two" is not a feed id (the number feeds list shows)\nUsage: feeds remove <id> [all]' });
    const removed = await runTalkwatch(['feeds', 'remove', '2'], env);
    expect(removed.stdout.trim()).toMatch(/^Removed feed #2 \(http:\/\/127\.0\.0\.1:\d+\/page\); its stories stay in history\.$/);
    const missing = await runTalkwatch(['feeds', 'remove', '2'], env);
    expect({ code: missing.code, err: missing.stderr.trim() }).toEqual({ code: 1, err: 'There is no feed #2. See: feeds list' });
  });

  it('the running service takes the commands and polls a new feed on its tick', async () => {
    service = startTalkwatch(['start'], env);
    await service.waitFor(/"msg":"talkwatch is running"/);
    const added = await runTalkwatch(['feeds', 'add', server.url('/uol.rss')], env);
    const id = Number(/^Added feed #(\d+) /.exec(added.stdout)?.[1]);
    expect(id).toBeGreaterThan(2);
    // The poll tick runs every second: wait for the service to say it stored the new feed's items.
    await service.waitFor(/"stored":15,[^\n]*"msg":"feeds polled"/);
    const list = JSON.parse((await runTalkwatch(['feeds', 'list', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(list.find((f) => f.id === id)).toMatchObject({ title: 'UOL Noticias', itemCount: 15, status: 'active', lastError: null });
    expect(server.hits('/uol.rss')).toBe(1);
    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  });

  it('stops at once while a feed server is trickling, without counting it against the feed', async () => {
    const added = await runTalkwatch(['feeds', 'add', server.url('/slow')], env);
    const id = Number(/^Added feed #(\d+) /.exec(added.stdout)?.[1]);
    const fetched = new Promise<void>((resolve) => server.once('/slow', resolve));
    service = startTalkwatch(['start'], env);
    await service.waitFor(/"msg":"talkwatch is running"/);
    await fetched;
    expect(server.hits('/slow')).toBe(1);
    service.child.kill('SIGTERM');
    // Exit code 0 means the shutdown finished inside its 9 s guard although the fetch had 30 s left.
    expect((await service.exited).code).toBe(0);
    const list = JSON.parse((await runTalkwatch(['feeds', 'list', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(list.find((f) => f.id === id)).toMatchObject({ status: 'active', lastError: null, consecutiveFailures: 0 });
  });
});
