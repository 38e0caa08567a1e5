/**
 * Serving the status page at /dashboard/<token> on the service's HTTP port. Only a genuine, unexpired token opens a
 * page, and only its tenant's (or, for the operator's token, everyone's). Anything else under /dashboard/ gets the
 * same 404 the server gives any unknown path, so a probe learns nothing about tenants or tokens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gatherDashboard } from '../../core/dashboard.ts';
import { everyone } from '../../core/tenants.ts';
import type { App } from '../app.ts';
import { chartOption } from '../charts/option.ts';
import { drawChart, loadRenderer } from '../charts/draw.ts';
import { deliveryChart } from '../../db/dashboard-reads.ts';
import { sendJson } from '../http.ts';
import { echartsScript, PAGE_SCRIPT } from './assets.ts';
import { DASHBOARD_PATH, type ChartClaims, type DashboardLinks } from './links.ts';
import { renderPage } from './page.ts';

const SECURITY_HEADERS = {
  // the token is in the address: never send it on as a referrer, never cache or index the page
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

const notFound = (res: ServerResponse) => sendJson(res, 404, { error: 'not found' });

type PageApp = Pick<App, 'store' | 'clock' | 'topics' | 'defaultTopic' | 'database'>;

export function dashboardHandler(app: PageApp, links: DashboardLinks) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
    const url = new URL(req.url ?? '/', 'http://talkwatch.invalid');
    const rest = url.pathname.slice(DASHBOARD_PATH.length);
    if (rest === 'assets/echarts.min.js') return send(res, 'text/javascript; charset=utf-8', echartsScript(), 'public, max-age=86400');
    if (rest === 'assets/page.js') return send(res, 'text/javascript; charset=utf-8', Buffer.from(PAGE_SCRIPT), 'no-cache');
    if (rest.startsWith('chart/')) return chart(res, await links.verifyChart(rest.slice('chart/'.length)), app);
    const claims = await links.verify(rest);
    if (!claims) return notFound(res);
    const asked = url.searchParams.get('topic');
    const topic = asked && app.topics.includes(asked) ? asked : app.defaultTopic;
    const data = await gatherDashboard(app.store, {
      scope: claims.tenant === null ? everyone : { tenant: claims.tenant },
      topic,
      topics: app.topics,
      now: app.clock.now(),
    });
    const { renderSvg } = await loadRenderer();
    const html = renderPage(data, { svg: renderSvg(data.chart), option: chartOption(data.chart, { interactive: true }), expiresAt: claims.expiresAt, path: url.pathname });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
}

/** drawn pictures, by message: Slack fetches a message's image more than once */
const drawn = new Map<string, Buffer>();
const MAX_DRAWN = 50;

async function chart(res: ServerResponse, claims: ChartClaims | null, app: PageApp): Promise<void> {
  if (!claims) return notFound(res);
  const id = `${claims.tenant}\u0000${claims.delivery}`;
  let png = drawn.get(id);
  if (!png) {
    const data = await deliveryChart(app.database.db, claims.tenant, claims.delivery);
    if (!data) return notFound(res);
    png = (await drawChart(data)).png;
    if (drawn.size >= MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
    drawn.set(id, png);
  }
  send(res, 'image/png', png, 'private, max-age=86400');
}

function send(res: ServerResponse, type: string, body: Buffer, cache: string): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': cache, 'x-content-type-options': 'nosniff' });
  res.end(body);
}
