/**
 * `dashboard` through the real command handler: a private reply with a link that opens the caller's tenant's page
 * and no other; the page's data (core's gatherDashboard over the real store) holds none of another tenant's feeds,
 * stories, channels or alerts. The operator's link covers every tenant. Links expire after 24 h.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refresh } from '../../bots/pipeline.ts';
import { DASHBOARD_PATH, LINK_TTL_MS } from '../../bots/dashboard/links.ts';
import { HOUR, ManualClock } from '../../core/clock.ts';
import { gatherDashboard } from '../../core/dashboard.ts';
import { everyone, type Scope } from '../../core/tenants.ts';
import { HttpServer } from '../../bots/http.ts';
import { dashboardHandler } from '../../bots/dashboard/server.ts';
import { sampleDigest } from '../support/digest-fixture.ts';
import { expectChartPng } from '../charts/png.ts';
import { addTestFeed, addTestItems, clearTables, testApp, type TestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const SLACK_A = 'slack:TAAAAAAAA';
const DISCORD_B = 'discord:200000000000000002';

describe.each(engines)('dashboard links and pages on %s', (engine) => {
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

  const tokenOf = (title: string) => {
    const url = /(https?:\/\/\S+)/.exec(title)![1]!;
    return url.slice(url.indexOf(DASHBOARD_PATH) + DASHBOARD_PATH.length);
  };
  const page = (scope: Scope) => gatherDashboard(t.app.store, { scope, topic: 'iran-us', topics: t.app.topics, now: clock.now() });

  it("answers privately with a link to the caller's own tenant's page, valid for 24 h", async () => {
    for (const tenant of [SLACK_A, DISCORD_B]) {
      const reply = await t.commandAs(tenant, 'dashboard', 'C1', false);
      expect(reply.ephemeral).toBe(true);
      expect(reply.title).toMatch(/status page: http:\/\/127\.0\.0\.1:\d+\/dashboard\/\S+$/);
      const claims = await t.app.dashboard.verify(tokenOf(reply.title));
      expect(claims).toEqual({ tenant, expiresAt: new Date(clock.now().getTime() + LINK_TTL_MS) });
    }
    const token = tokenOf((await t.commandAs(SLACK_A, 'dashboard')).title);
    clock.advance(LINK_TTL_MS - 1000);
    expect(await t.app.dashboard.verify(token)).not.toBeNull();
    clock.advance(1000);
    expect(await t.app.dashboard.verify(token)).toBeNull();
  });

  it("puts none of another tenant's feeds, stories, channels or alerts on a tenant's page", async () => {
    const own = await addTestFeed(database, 'iran-us', 'Alpha Private Wire', SLACK_A);
    const other = await addTestFeed(database, 'iran-us', 'Bravo Private Wire', DISCORD_B);
    const at = new Date(clock.now().getTime() - 2 * HOUR);
    await addTestItems(database, own, [{ title: 'Iran and US agree framework in Islamabad', label: 'progress', at, url: 'https://alpha.example/a1' }]);
    await addTestItems(database, other, [
      { title: 'Iran-US talks suspended after strike on militia', label: 'stall', at, url: 'https://bravo.example/b1' },
      { title: 'Iranian delegation leaves Islamabad without agreement', label: 'stall', at, url: 'https://bravo.example/b2' },
    ]);
    await refresh(t.app, true);
    await t.commandAs(SLACK_A, 'subscribe alerts', 'CALPHA');
    await t.commandAs(DISCORD_B, 'subscribe alerts', '400000000000000004');

    const a = JSON.stringify(await page({ tenant: SLACK_A }));
    expect(a).toContain('Alpha Private Wire');
    expect(a).toContain('Iran and US agree framework');
    expect(a).toContain('CALPHA');
    for (const hidden of ['Bravo Private Wire', 'bravo.example', 'talks suspended', '400000000000000004', DISCORD_B]) expect(a).not.toContain(hidden);
    const aChart = (await page({ tenant: SLACK_A })).chart;
    expect(aChart.days.at(-1)!.counts).toEqual({ progress: 1, stall: 0, neutral: 0 });

    const b = await page({ tenant: DISCORD_B });
    expect(b.chart.days.at(-1)!.counts).toEqual({ progress: 0, stall: 2, neutral: 0 });
    expect(JSON.stringify(b)).not.toContain('Alpha Private Wire');

    const all = JSON.stringify(await page(everyone));
    for (const shown of ['Alpha Private Wire', 'Bravo Private Wire', 'CALPHA', '400000000000000004']) expect(all).toContain(shown);
  });

  it("serves a message's chart at its signed link, to that tenant's link only", async () => {
    const digest = sampleDigest();
    const key = 'digest:1:2026-11-21';
    await t.app.store.enqueue({ key, subscriptionId: null, platform: 'slack', channelId: 'C1', tenant: SLACK_A, kind: 'digest', payload: digest, at: clock.now() });
    const http = new HttpServer(() => {});
    http.mount(DASHBOARD_PATH, dashboardHandler(t.app, t.app.dashboard));
    const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, base);
    try {
      const good = await fetch(local(await t.app.dashboard.chartLink(SLACK_A, key)));
      expect(good.status).toBe(200);
      expect(good.headers.get('content-type')).toBe('image/png');
      expectChartPng(Buffer.from(await good.arrayBuffer()));
      const notFound = async (url: string) => {
        const r = await fetch(local(url));
        return `${r.status} ${await r.text()}`;
      };
      const missing = await notFound(`${base}/nothing/here`);
      expect(missing).toMatch(/^404 /);
      // another tenant's link to the same key, a page link used as a chart link, an expired one: all the same 404
      expect(await notFound(await t.app.dashboard.chartLink(DISCORD_B, key))).toBe(missing);
      const page = (await t.app.dashboard.link(SLACK_A)).url;
      expect(await notFound(page.replace(DASHBOARD_PATH, `${DASHBOARD_PATH}chart/`))).toBe(missing);
      expect(await notFound(await t.app.dashboard.chartLink(SLACK_A, key, -1000))).toBe(missing);
      expect(await notFound(await t.app.dashboard.chartLink(SLACK_A, 'digest:no-such-key'))).toBe(missing);
      // the page: its link opens it; forged, expired or absent tokens get the same 404
      const opened = await fetch(local(page));
      expect(opened.status).toBe(200);
      expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await opened.text()).toContain(`<strong id="whose">${SLACK_A}</strong>`);
      const [claims, mac] = page.slice(page.indexOf(DASHBOARD_PATH) + DASHBOARD_PATH.length).split('.');
      const forgedClaims = Buffer.from(JSON.stringify({ k: 'p', t: DISCORD_B, e: 4_000_000_000 })).toString('base64url');
      expect(await notFound(page.replace(claims!, forgedClaims))).toBe(missing);
      expect(await notFound(page.replace(mac!, `${mac![0] === 'A' ? 'B' : 'A'}${mac!.slice(1)}`))).toBe(missing);
      expect(await notFound((await t.app.dashboard.link(SLACK_A, -1000)).url)).toBe(missing);
      expect(await notFound(`${base}${DASHBOARD_PATH}`)).toBe(missing);
    } finally {
      await http.close();
    }
  });
});
