/**
 * The demo's five days, then its charts and its status page: the stall day's PNG is a real chart, and the page is
 * driven in a real headless browser (Debian's chromium): it shows the demo's data, its interactive chart has 14 days
 * of bars and a tooltip with the day's stories, a tenant's page shows nothing of another tenant's, and expired or
 * forged links get the same 404 as any unknown address.
 *
 * TALKWATCH_SCREENSHOTS=docs also writes docs/stall-day-chart.png and docs/status-page.png.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../bots/app.ts';
import { renderChart } from '../../bots/charts/render.ts';
import { consoleInvocation } from '../../bots/commands/chat.ts';
import { DASHBOARD_PATH } from '../../bots/dashboard/links.ts';
import { dashboardHandler } from '../../bots/dashboard/server.ts';
import { runDemo } from '../../bots/demo/run.ts';
import { HttpServer } from '../../bots/http.ts';
import type { Invocation } from '../../core/commands/grammar.ts';
import type { Reply } from '../../core/reply.ts';
import { gatherDashboard } from '../../core/dashboard.ts';
import { LABELS } from '../../core/types.ts';
import { browserMissing, launchBrowser } from '../support/browser.ts';
import { expectChartPng } from './png.ts';

const ALPHA = 'slack:TALPHA0001';
const BRAVO = 'discord:300000000000000003';
const ALPHA_FEED = 'https://alpha-private.example/feed.xml';
const BRAVO_FEED = 'https://bravo-private.example/feed.xml';
const STALL_DAY = '2026-04-08';
const shots = process.env.TALKWATCH_SCREENSHOTS;

const invocationOf = (tenant: string, channelId: string): Invocation => ({
  channel: { platform: tenant.split(':')[0]!, channelId, tenant },
  user: { id: 'U1' },
  operator: false,
  isAdmin: async () => true,
});

let app: App;
let base = '';
let digests: Reply[] = [];
let charts = '';
let release: () => void = () => {};
let demo: Promise<unknown>;
const links: Record<string, string> = {};

beforeAll(async () => {
  charts = mkdtempSync(join(tmpdir(), 'talkwatch-charts-'));
  const ready = new Promise<void>((resolve, reject) => {
    demo = runDemo({ out: () => {}, err: () => {} }, {
      quiet: true,
      charts,
      onDone: async (done) => {
        app = done;
        const now = app.clock.now();
        await app.store.addFeed(ALPHA, ALPHA_FEED, app.defaultTopic, 'test', now, null);
        await app.store.addFeed(BRAVO, BRAVO_FEED, app.defaultTopic, 'test', now, null);
        await app.run('subscribe alerts', invocationOf(ALPHA, 'CALPHADESK'));
        await app.run('subscribe digest 08:00 Europe/Berlin', invocationOf(BRAVO, '400000000000000004'));
        const http = new HttpServer((error) => reject(error));
        http.mount(DASHBOARD_PATH, dashboardHandler(app, app.dashboard));
        base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
        for (const [name, inv] of [['console', consoleInvocation('risk-desk')], ['alpha', invocationOf(ALPHA, 'CALPHADESK')], ['bravo', invocationOf(BRAVO, '400000000000000004')]] as const) {
          const reply = await app.run('dashboard', inv);
          expect(reply.ephemeral).toBe(true);
          links[name] = /(http:\/\/\S+)/.exec(reply.title)![1]!.replace(/^http:\/\/[^/]+/, base);
        }
        links.operator = (await app.dashboard.link(null)).url.replace(/^http:\/\/[^/]+/, base);
        resolve();
        // the database stays open until the tests are done
        await new Promise<void>((r) => (release = r));
        await http.close();
      },
    }).then((result) => {
      digests = result.digests;
      return result;
    }, reject);
  });
  await ready;
}, 180_000);

afterAll(async () => {
  release();
  await demo;
  rmSync(charts, { recursive: true, force: true });
}, 60_000);

// The page tests run while the demo's database is still open: they come before the charts' test, which ends the demo.
describe.skipIf(browserMissing !== null)('the status page in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("renders the demo's data with an interactive 14-day chart whose tooltip lists the day's stories", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const response = await page.goto(links.console!);
    expect(response!.status()).toBe(200);
    await page.waitForSelector('body[data-chart="ready"]');
    // in the page's own JavaScript (this project compiles without the DOM's types)
    const chartIn = "echarts.getInstanceByDom(document.getElementById('chart-box'))";
    const shape = await page.evaluate<{ days: number; bars: Array<[string, number]>; stall: number[]; labels: string[] }>(`(() => {
      const option = ${chartIn}.getOption();
      return {
        days: option.xAxis[1].data.length,
        bars: option.series.filter((s) => s.type === 'bar').map((s) => [s.name, s.data.length]),
        stall: option.series.find((s) => s.name === 'stall').data,
        labels: option.xAxis[1].data,
      };
    })()`);
    expect(shape.days).toBe(14);
    expect(shape.bars).toEqual([['progress', 14], ['stall', 14], ['neutral', 14]]);
    const stallIndex = shape.labels.indexOf('8 Apr');
    expect(shape.stall[stallIndex]).toBeGreaterThanOrEqual(3);
    // bars laid out with a height, per label: one per day with stories of that label
    const drawn = await page.evaluate<number[]>(`(() => {
      const model = ${chartIn}.getModel();
      return ['progress', 'stall', 'neutral'].map((name) => {
        const data = model.getSeriesByName(name)[0].getData();
        let bars = 0;
        for (let i = 0; i < data.count(); i++) if (Math.abs(data.getItemLayout(i)?.height ?? 0) > 0) bars++;
        return bars;
      });
    })()`);
    const chart = (await gatherDashboard(app.store, { scope: { tenant: 'console' }, topic: app.defaultTopic, topics: app.topics, now: app.clock.now() })).chart;
    expect(drawn).toEqual(LABELS.map((label) => chart.days.filter((d) => d.counts[label] > 0).length));
    expect(shape.stall).toEqual(chart.days.map((d) => d.counts.stall));
    expect(drawn.reduce((a, b) => a + b)).toBeGreaterThan(5);

    // hover the stall day: the tooltip lists its stories
    const box = await page.locator('#chart-box').boundingBox();
    const point = await page.evaluate<number[]>(`${chartIn}.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [${stallIndex}, 1])`);
    await page.mouse.move(box!.x + point[0]!, box!.y + point[1]!);
    const tip = page.locator('.tip');
    await tip.waitFor();
    expect(await tip.innerText()).toMatch(/8 Apr[\s\S]*stall[\s\S]*Iran-US talks suspended/);

    const text = await page.locator('main').innerText();
    for (const expected of ['Demo Wire', 'Demo Regional Desk', 'Demo Markets', 'Iran-US talks suspended', 'risk-desk', 'fired']) expect(text).toContain(expected);
    await page.locator('details').first().click();
    expect(await page.locator('details pre').first().innerText()).toMatch(/"[^"]+": /);
    if (shots) await page.screenshot({ path: join(shots, 'status-page.png'), fullPage: true });
    await page.close();
  });

  it('reads without JavaScript: the chart is inline SVG with its numbers in the caption', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(links.console!);
    expect(await page.locator('#chart-box svg').count()).toBe(1);
    expect(await page.locator('figcaption').innerText()).toMatch(/^Chart: iran-us: stories per day and momentum.*Per day, progress\/stall\/neutral/);
    expect(await page.locator('body').getAttribute('data-chart')).toBeNull();
    await context.close();
  });

  it("shows a tenant its own feeds and subscriptions and none of another tenant's; the operator sees all", async () => {
    const page = await browser.newPage();
    const read = async (link: string) => {
      const response = await page.goto(link);
      expect(response!.status()).toBe(200);
      return page.content();
    };
    const alpha = await read(links.alpha!);
    expect(alpha).toContain(ALPHA_FEED);
    expect(alpha).toContain('CALPHADESK');
    for (const hidden of [BRAVO_FEED, BRAVO, '400000000000000004', 'risk-desk']) expect(alpha).not.toContain(hidden);
    expect(alpha).toContain('Demo Wire'); // shared feeds are everyone's
    const bravo = await read(links.bravo!);
    expect(bravo).toContain(BRAVO_FEED);
    for (const hidden of [ALPHA_FEED, ALPHA, 'CALPHADESK', 'risk-desk']) expect(bravo).not.toContain(hidden);
    const operator = await read(links.operator!);
    for (const shown of [ALPHA_FEED, BRAVO_FEED, 'CALPHADESK', '400000000000000004', 'risk-desk']) expect(operator).toContain(shown);
    await page.close();
  });

  it('answers a missing, forged, altered or expired link with the same 404 as an unknown address', async () => {
    const page = await browser.newPage();
    const token = links.alpha!.slice(links.alpha!.indexOf(DASHBOARD_PATH) + DASHBOARD_PATH.length);
    const [claims, mac] = token.split('.');
    const bravoClaims = links.bravo!.slice(links.bravo!.indexOf(DASHBOARD_PATH) + DASHBOARD_PATH.length).split('.')[0];
    const expired = (await app.dashboard.link(ALPHA, -60_000)).url.replace(/^http:\/\/[^/]+/, base);
    const flipped = `${mac![0] === 'A' ? 'B' : 'A'}${mac!.slice(1)}`;
    const bad = {
      missing: `${base}${DASHBOARD_PATH}`,
      garbage: `${base}${DASHBOARD_PATH}not-a-token`,
      forgedMac: `${base}${DASHBOARD_PATH}${claims}.${flipped}`,
      otherTenantsClaims: `${base}${DASHBOARD_PATH}${bravoClaims}.${mac}`,
      expired,
      unknownPath: `${base}/no/such/page`,
    };
    const answers = new Set<string>();
    for (const [what, url] of Object.entries(bad)) {
      const response = await page.goto(url);
      expect(response!.status(), what).toBe(404);
      answers.add(`${response!.headers()['content-type']} ${await response!.text()}`);
    }
    expect(answers.size).toBe(1);
    await page.close();
  });
});

if (browserMissing) {
  describe('the status page in a real browser', () => {
    it.skip(`skipped: ${browserMissing}`, () => {});
  });
}

describe("the demo's charts", () => {
  it('writes a PNG per digest, and the stall day is a real chart: 14 days, the stall wave, the alert marked', async () => {
    release(); // the digests are known once the demo has finished
    await demo;
    const files = readdirSync(charts).filter((f) => f.endsWith('.png'));
    expect(files.length).toBe(digests.length);
    const stall = digests.find((d) => d.chart?.days.at(-1)?.date === STALL_DAY)!;
    expect(stall).toBeDefined();
    const day = stall.chart!.days.at(-1)!;
    expect(stall.chart!.days).toHaveLength(14);
    expect(day.counts.stall).toBeGreaterThanOrEqual(3);
    expect(day.momentum).toBeLessThan(0);
    expect(day.fired).toBeGreaterThanOrEqual(1);
    expect(stall.chart!.threshold?.value).toBe(3);
    expect(stall.chart!.alt).toContain(`Stall alerts fired on ${day.label}`);
    const file = join(charts, `digest-iran-us-${STALL_DAY}.png`);
    expect(existsSync(file)).toBe(true);
    const png = renderChart(stall.chart!).png;
    expectChartPng(png);
    if (shots) copyFileSync(file, join(shots, 'stall-day-chart.png'));
  });
});
