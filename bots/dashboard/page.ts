/**
 * The status page as one server-rendered HTML document: everything reads without JavaScript (the chart is inline
 * SVG with its numbers in the caption); with JavaScript the chart becomes interactive (hover for the day's
 * stories). Every string from feeds, users or the database is escaped; the chart's data travels as JSON in a
 * non-executable script element, with "<" escaped so no headline can close it.
 */
import escapeHtml from 'escape-html';
import type { DashboardData, PageStory } from '../../core/dashboard.ts';
import { describeRule } from '../../core/alerts.ts';
import { describeLocal } from '../../core/schedule.ts';
import { LABELS } from '../../core/types.ts';
import type { FeedView } from '../../core/store.ts';
import { PALETTE } from '../charts/option.ts';
import { ASSETS } from './assets.ts';

const e = (value: unknown) => escapeHtml(String(value ?? ''));
const when = (at: Date | null | undefined) => (at ? describeLocal(at, 'UTC') : 'never');

export interface PageExtras {
  /** the inline SVG chart, for readers without JavaScript */
  svg: string;
  /** the ECharts option the browser draws the interactive chart from */
  option: Record<string, unknown>;
  expiresAt: Date;
  /** this page's own path (the token), for the topic links */
  path: string;
}

export function renderPage(d: DashboardData, x: PageExtras): string {
  const whose = d.tenant === null ? 'every tenant (operator)' : d.tenant;
  const data = JSON.stringify({ option: x.option, days: d.chart.days.map((day, i) => ({ ...day, stories: d.dayStories[i] ?? [] })) }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>talkwatch status: ${e(d.topic)} (${e(whose)})</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>talkwatch status</h1>
<p class="meta">For <strong id="whose">${e(whose)}</strong>. As of ${e(when(d.now))}; this link works until ${e(when(x.expiresAt))}.</p>
<nav aria-label="topics">Topic: ${d.topics.map((t) => (t === d.topic ? `<strong>${e(t)}</strong>` : `<a href="${e(x.path)}?topic=${encodeURIComponent(t)}">${e(t)}</a>`)).join(' · ')}</nav>
</header>
<main>
<section id="momentum">
<h2>Momentum, last ${d.chart.days.length} days</h2>
<figure>
<div id="chart-box" role="img" aria-label="${e(d.chart.alt)}">${x.svg}</div>
<figcaption>${e(d.chart.alt)}</figcaption>
</figure>
<script type="application/json" id="chart-data">${data}</script>
</section>
${alertsSection(d)}
<section id="latest">
<h2>Latest stories</h2>
${LABELS.map((label) => storiesBlock(label, d.latest[label])).join('\n')}
</section>
${feedsSection(d.feeds, d.tenant === null)}
${subscriptionsSection(d)}
</main>
<script src="${ASSETS.echarts}"></script>
<script src="${ASSETS.page}"></script>
</body>
</html>
`;
}

function storiesBlock(label: string, stories: PageStory[]): string {
  const items = stories.map(
    (s) => `<li class="story ${e(s.label)}">
<span class="tag ${e(s.label)}">${e(s.label)}</span> ${s.url && /^https?:\/\//i.test(s.url) ? `<a href="${e(s.url)}" rel="noopener noreferrer nofollow">${e(s.title)}</a>` : e(s.title)}
<span class="meta">${e([s.source, s.itemCount > 1 ? `${s.itemCount} articles` : null, when(s.firstSeenAt)].filter(Boolean).join(' · '))}</span>
<details><summary>why ${e(s.label)}</summary><pre>${e(s.why.length ? s.why.join('\n') : 'no rule fired')}</pre></details>
</li>`,
  );
  return `<h3>${e(label)}</h3>\n${items.length ? `<ul class="stories" data-label="${e(label)}">\n${items.join('\n')}\n</ul>` : `<p class="none">No ${e(label)} stories yet.</p>`}`;
}

function feedsSection(feeds: FeedView[], operator: boolean): string {
  const rows = feeds.map((f) => {
    const health = f.status === 'active' ? (f.lastError ? 'retrying' : 'healthy') : f.status;
    return `<tr class="feed ${e(health)}"><td>${e(f.id)}</td><td>${e(f.title ?? f.url)}<br><span class="meta">${e(f.url)}</span></td>${
      operator ? `<td>${e(f.owner)}</td>` : `<td>${f.owner === 'shared' ? 'shared' : 'own'}</td>`
    }<td>${e(health)}</td><td>${e(when(f.lastSuccessAt))}</td><td>${e(f.status === 'gone' ? 'not polled' : when(f.nextPollAt))}</td><td>${e(f.lastError ?? '')}</td></tr>`;
  });
  return `<section id="feeds">
<h2>Feeds</h2>
${rows.length ? `<table><thead><tr><th>#</th><th>feed</th><th>${operator ? 'owner' : 'whose'}</th><th>status</th><th>last success</th><th>next poll</th><th>last error</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` : '<p class="none">No feeds yet.</p>'}
</section>`;
}

function alertsSection(d: DashboardData): string {
  const firing = d.subscriptions.filter((s) => s.alert?.state === 'firing');
  const history = d.alertHistory.slice(0, 50).map(
    (a) => `<tr><td>${e(when(a.at))}</td><td>${a.kind === 'alert' ? 'fired' : 'resolved'}</td><td>${e(a.topic ?? '')}</td><td>${e(channelName(a.channel))}</td><td>${e(a.rule ? describeRule(a.rule) : '')}</td></tr>`,
  );
  return `<section id="alerts">
<h2>Alerts</h2>
${firing.length ? `<ul class="firing">${firing.map((s) => `<li><strong>FIRING</strong> on ${e(s.topic)} in ${e(channelName(s.channel))} since ${e(when(s.alert!.firedAt))} (${e(describeRule(s.alertRule!))}; now ${e(s.alert!.value)})</li>`).join('')}</ul>` : '<p class="none" id="none-firing">No alert is firing.</p>'}
<h3>Sent in the last 14 days</h3>
${history.length ? `<table><thead><tr><th>when</th><th>what</th><th>topic</th><th>channel</th><th>rule</th></tr></thead><tbody>\n${history.join('\n')}\n</tbody></table>` : '<p class="none">None.</p>'}
</section>`;
}

function subscriptionsSection(d: DashboardData): string {
  const rows = d.subscriptions.map((s) => {
    const what = s.kind === 'digest' ? `daily at ${s.digestTime ?? '09:00'} ${s.timezone ?? 'UTC'}` : s.alertRule ? describeRule(s.alertRule) : '';
    return `<tr><td>${e(channelName(s.channel))}</td><td>${e(s.kind)}</td><td>${e(s.topic)}</td><td>${e(what)}</td><td>${e(s.pausedReason ? `paused: ${s.pausedReason}` : 'active')}</td></tr>`;
  });
  return `<section id="subscriptions">
<h2>Subscriptions</h2>
${rows.length ? `<table><thead><tr><th>channel</th><th>kind</th><th>topic</th><th>schedule or rule</th><th>state</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` : '<p class="none">No channel subscribes yet.</p>'}
</section>`;
}

const channelName = (c: { platform: string; channelId: string; tenant: string }) => `${c.platform} #${c.channelId}`;

const STYLE = `
body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:12px 20px;color:#222;background:#fff}
h1{font-size:1.5em;margin:.2em 0}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.4em}
.meta{color:#555;font-size:.9em}.none{color:#555}
#chart-box{width:100%;max-width:800px;min-height:460px}#chart-box svg{max-width:100%;height:auto}
figcaption{font-size:.85em;color:#444;margin-top:.4em}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
ul.stories{list-style:none;padding-left:0}li.story{margin:.5em 0}
.tag{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:.8em}
.tag.progress{background:${PALETTE.progress}}.tag.stall{background:${PALETTE.stall}}.tag.neutral{background:#6b6b6b}
tr.feed.failing td,tr.feed.gone td{color:${PALETTE.stall}}
details pre{white-space:pre-wrap;font-size:.85em;background:#f6f6f6;padding:6px}
.firing li{color:${PALETTE.stall}}
`;
