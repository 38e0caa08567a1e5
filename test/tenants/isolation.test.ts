/**
 * Tenants through the real command handler and pipeline: two Slack workspaces, two Discord servers and the
 * console. A tenant's own feeds, and everything that comes from them, are invisible to every other tenant; by id
 * or by URL, another tenant's object answers exactly like one that does not exist.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueDueDigests, refresh } from '../../bots/pipeline.ts';
import { ManualClock } from '../../core/clock.ts';
import { toPlainText, type Reply } from '../../core/reply.ts';
import { addTestFeed, addTestItems, clearTables, testApp, type TestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const SLACK_A = 'slack:TAAAAAAAA';
const SLACK_B = 'slack:TBBBBBBBB';
const DISCORD_A = 'discord:100000000000000001';
const DISCORD_B = 'discord:200000000000000002';
const OTHERS = [SLACK_B, DISCORD_A, DISCORD_B, 'console'];
const SECRET_URL = 'https://private.example/feed.xml?api_key=SECRET-KEY-123';
const STALLS = [
  'Iran-US talks suspended after strike on militia',
  'Iranian delegation leaves Islamabad without agreement',
  'Washington says Tehran is stalling, threatens more sanctions',
];

const text = (r: Reply) => toPlainText(r);
const ask = (t: TestApp, tenant: string, command: string, admin = true) =>
  tenant === 'console' ? t.command(command, 'desk', admin) : t.commandAs(tenant, command, 'C1', admin);

describe.each(engines)('tenants on %s', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await clearTables(database);
    clock = new ManualClock('2026-11-21T12:00:00Z');
    t = testApp(database, clock);
  });

  it("never lists, shows or removes another tenant's feed, by id or by URL", async () => {
    // checkFeedUrl refuses inside addresses; a public-looking address passes the check without a network
    const added = await t.commandAs(SLACK_A, `feeds add ${SECRET_URL}`);
    expect(text(added)).toMatch(/Added feed #(\d+) on iran-us \(seen only here\)/);
    const id = /#(\d+)/.exec(added.title)![1]!;
    expect(text(await t.commandAs(SLACK_A, 'feeds list'))).toContain(SECRET_URL);

    for (const other of OTHERS) {
      const list = text(await ask(t, other, 'feeds list'));
      expect(list).not.toContain('private.example');
      expect(list).not.toContain(`#${id} `);
      // removing it by id answers exactly as an id that never existed
      const removed = await ask(t, other, `feeds remove ${id}`);
      const missing = await ask(t, other, 'feeds remove 999999');
      expect(removed.title.replace(`#${id}`, '#N')).toBe(missing.title.replace('#999999', '#N'));
      expect(removed.kind).toBe(missing.kind);
    }
    expect(text(await t.commandAs(SLACK_A, 'feeds list'))).toContain(SECRET_URL);
    // the same address added by another tenant is its own entry; removing one leaves the other
    const again = await t.commandAs(SLACK_B, `feeds add ${SECRET_URL}`);
    expect(text(again)).toMatch(/Added feed #\d+/);
    expect(text(await t.commandAs(SLACK_B, `feeds remove ${/#(\d+)/.exec(again.title)![1]}`))).toMatch(/Removed feed/);
    expect(text(await t.commandAs(SLACK_A, 'feeds list'))).toContain(SECRET_URL);
  });

  it("counts a tenant's feeds, and names their errors, in its own status only", async () => {
    const shared = await addTestFeed(database, 'iran-us', 'Shared Wire');
    const own = await addTestFeed(database, 'iran-us', 'Private Desk Wire', SLACK_A);
    await database.db.execute(sql`update feeds set last_error = 'private.example refused the connection' where id = ${own}`);
    await database.db.execute(sql`update feeds set last_success_at = now() where id = ${shared}`);
    const entry = ((await database.db.execute(sql`select id from tenant_feeds where feed_id = ${own}`)) as unknown as { rows: Array<{ id: number }> }).rows[0]!.id;
    const health = async (tenant: string) => (await ask(t, tenant, 'status')).blocks.find((b) => b.type === 'context') as { text: string };
    expect((await health(SLACK_A)).text).toMatch(new RegExp(`^Feeds: 1 healthy, 1 retrying, 0 failing, 0 gone; .*#${entry} private\\.example refused`));
    for (const other of OTHERS) {
      const line = (await health(other)).text;
      expect(line).toMatch(/^Feeds: 1 healthy, 0 retrying, 0 failing, 0 gone; last successful poll /);
      expect(line).not.toContain('private.example');
    }
  });

  it("counts a tenant's items in its own latest, explain and status only", async () => {
    const own = await addTestFeed(database, 'iran-us', 'Private Desk Wire', SLACK_A);
    await addTestItems(database, own, [{ title: 'Iran and US agree framework in Islamabad', label: 'progress', at: clock.now(), url: 'https://private.example/a1' }]);
    await refresh(t.app, true);
    const item = /explain (\d+)/.exec(text(await t.commandAs(SLACK_A, 'latest')))?.[1] ?? null;
    expect(text(await t.commandAs(SLACK_A, 'latest'))).toContain('Iran and US agree framework');
    expect(text(await t.commandAs(SLACK_A, 'status'))).toContain('1 progress');
    const explained = await t.commandAs(SLACK_A, 'explain https://private.example/a1');
    expect(explained.kind).toBe('explain');
    const id = /item (\d+)/.exec(text(explained))![1]!;
    expect(item === null || item === id).toBe(true);

    for (const other of OTHERS) {
      expect(text(await ask(t, other, 'latest'))).toBe('No stories on iran-us yet.');
      expect(text(await ask(t, other, 'status'))).toContain('0 progress, 0 stall, 0 neutral in the last 24 h');
      for (const target of [id, 'https://private.example/a1']) {
        const hidden = await ask(t, other, `explain ${target}`);
        const missing = await ask(t, other, `explain ${target === id ? '999999' : 'https://nowhere.example/x'}`);
        expect(hidden.kind).toBe('usage');
        expect(hidden.title.replace(target, 'X')).toBe(missing.title.replace(/999999|https:\/\/nowhere\.example\/x/, 'X'));
      }
    }
  });

  it("shows a story that two tenants' feeds share with each tenant's own article only", async () => {
    const shared = await addTestFeed(database, 'iran-us', 'Shared Wire');
    const own = await addTestFeed(database, 'iran-us', 'Private Desk Wire', SLACK_A);
    // the private article arrives first: it must not become the title others see
    await addTestItems(database, own, [{ title: 'Iran US talks collapse in Islamabad, private desk', label: 'stall', at: new Date(clock.now().getTime() - 60_000), url: 'https://private.example/s1' }]);
    await addTestItems(database, shared, [{ title: 'Iran US talks collapse in Islamabad', label: 'stall', at: clock.now(), url: 'https://wire.example/s1' }]);
    await refresh(t.app, true);
    const forA = text(await t.commandAs(SLACK_A, 'latest'));
    const forB = text(await t.commandAs(SLACK_B, 'latest'));
    expect(forA).toContain('2 articles');
    expect(forB).toContain('Iran US talks collapse in Islamabad');
    expect(forB).not.toMatch(/private|Private Desk Wire|2 articles/);
  });

  it("sends digests and alerts from a tenant's own feeds to that tenant's channels only", async () => {
    for (const tenant of [SLACK_A, SLACK_B, DISCORD_A]) {
      await t.commandAs(tenant, 'subscribe alerts');
      await t.commandAs(tenant, 'subscribe digest 12:30 UTC');
    }
    const own = await addTestFeed(database, 'iran-us', 'Private Desk Wire', SLACK_A);
    await addTestItems(database, own, STALLS.map((title) => ({ title, label: 'stall' as const, at: clock.now() })));
    await refresh(t.app, true);
    clock.set('2026-11-21T12:31:00Z');
    await enqueueDueDigests(t.app);
    await t.deliverer.runOnce();
    const slackA = t.slack.sent.filter((s) => s.tenant === SLACK_A).map((s) => s.reply);
    const elsewhere = [...t.slack.sent.filter((s) => s.tenant !== SLACK_A), ...t.discord.sent].map((s) => s.reply);
    expect(slackA.map((r) => r.kind).sort()).toEqual(['alert', 'digest']);
    expect(text(slackA.find((r) => r.kind === 'digest')!)).toContain(STALLS[0]);
    expect(elsewhere.map((r) => r.kind)).toEqual(['digest', 'digest']);
    for (const reply of elsewhere) {
      expect(reply.title).toMatch(/^Quiet day on iran-us/);
      for (const title of STALLS) expect(text(reply)).not.toContain(title);
    }
  });

  it('keeps shared feeds for operators, and shows their keys to operators only', async () => {
    const refused = await t.commandAs(SLACK_A, 'feeds add https://wire.example/rss?key=OPKEY shared');
    expect(refused.kind).toBe('refused');
    expect(refused.title).toMatch(/only the service's operators/);
    const added = await t.command('feeds add https://wire.example/rss?key=OPKEY');
    expect(text(added)).toMatch(/a shared feed, read by every workspace and server/);
    const id = /#(\d+)/.exec(added.title)![1]!;
    const seen = text(await t.commandAs(SLACK_B, 'feeds list'));
    expect(seen).toContain('https://wire.example/rss?…');
    expect(seen).not.toContain('OPKEY');
    expect(text(await t.command('feeds list'))).toContain('OPKEY');
    expect(text(await t.commandAs(SLACK_B, `feeds remove ${id}`))).toMatch(/is a shared feed: only the service's operators can remove it/);
    expect(text(await t.command(`feeds remove ${id}`))).toMatch(/Removed feed/);
  });

  it("counts a tenant's own feeds and the shared ones in topics, never another tenant's", async () => {
    await t.command('feeds add https://wire.example/shared.xml');
    await t.commandAs(SLACK_A, `feeds add ${SECRET_URL}`);
    await t.commandAs(SLACK_A, 'subscribe digest');
    const mine = await t.commandAs(SLACK_A, 'topics');
    expect(mine.title).toBe(`${t.app.topics.length} topics this channel can follow`);
    expect(text(mine)).toContain("iran-us (default): The Iran-US talks hosted in Islamabad, with Pakistan mediating, and the nuclear talks before them. 2 feeds: 1 shared, 1 of this workspace's own. This channel gets its digest.");
    for (const [other, word] of [[SLACK_B, 'workspace'], [DISCORD_A, 'server']] as const) {
      const theirs = text(await t.commandAs(other, 'topics'));
      expect(theirs).toContain(`nuclear talks before them. 1 feed: 1 shared, 0 of this ${word}'s own.`);
      expect(theirs).not.toContain('This channel gets');
    }
  });

  it("gives every tenant's feeds to operators alone: feeds list all, feeds remove <id> all", async () => {
    const added = await t.commandAs(SLACK_A, `feeds add ${SECRET_URL}`);
    const id = /#(\d+)/.exec(added.title)![1]!;
    const refused = await t.commandAs(SLACK_B, 'feeds list all');
    expect(refused.kind).toBe('refused');
    expect(text(refused)).not.toContain('private.example');
    const all = await t.command('feeds list all');
    expect(all.ephemeral).toBe(true);
    expect(text(all)).toContain(`#${id} (no title yet) [iran-us, owned by ${SLACK_A}]`);
    expect(text(all)).toContain(SECRET_URL);
    expect(text(await t.command(`feeds remove ${id}`))).toMatch(/There is no feed/);
    expect(text(await t.commandAs(SLACK_B, `feeds remove ${id} all`))).toMatch(/only the service's operators/);
    expect(text(await t.command(`feeds remove ${id} all`))).toMatch(/Removed feed/);
    expect(text(await t.commandAs(SLACK_A, 'feeds list'))).not.toContain(SECRET_URL);
  });

  it('holds each tenant to its limits with a sentence, not an error', async () => {
    t.app.config.limits.feeds = 2;
    t.app.config.limits.subscriptions = 2;
    for (let i = 0; i < 2; i++) expect(text(await t.commandAs(SLACK_A, `feeds add https://w${i}.example/rss`))).toMatch(/Added feed/);
    const over = await t.commandAs(SLACK_A, 'feeds add https://w9.example/rss');
    expect(over.kind).toBe('limit');
    expect(over.title).toBe('This workspace already has 2 feeds of its own, the most it may have.');
    // another tenant is not held to the first one's count
    expect(text(await t.commandAs(SLACK_B, 'feeds add https://w9.example/rss'))).toMatch(/Added feed/);

    await t.commandAs(SLACK_A, 'subscribe digest', 'C1');
    await t.commandAs(SLACK_A, 'subscribe alerts', 'C2');
    const third = await t.commandAs(SLACK_A, 'subscribe digest', 'C3');
    expect(third.kind).toBe('limit');
    // replacing a subscription never counts as a new one
    expect(text(await t.commandAs(SLACK_A, 'subscribe digest 10:00 UTC', 'C1'))).toMatch(/Daily digest/);

    expect(text(await t.commandAs(SLACK_B, 'digest now'))).toMatch(/on its way/);
    const soon = await t.commandAs(SLACK_B, 'digest now');
    expect(soon.kind).toBe('limit');
    expect(soon.title).toMatch(/A digest was sent to this channel in the last 10 minutes/);
    // the turn is per channel: another channel, or the same one later, may ask
    expect(text(await t.commandAs(SLACK_B, 'digest now', 'C2'))).toMatch(/on its way/);
    clock.advance(10 * 60_000);
    expect(text(await t.commandAs(SLACK_B, 'digest now'))).toMatch(/on its way/);
  });
});
