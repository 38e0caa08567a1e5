/** Reply -> embeds: Discord's limits hold for any reply, and what had to go is counted in "and N more". */
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { COLOURS, cut, escapeText, LIMITS, renderEmbeds, safeUrl } from '../../bots/discord/render.ts';
import type { Reply, StoryLine } from '../../core/reply.ts';
import { LABELS } from '../../core/types.ts';

const total = (embeds: APIEmbed[]) =>
  embeds.reduce(
    (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  );

function expectWithinLimits(embeds: APIEmbed[]): void {
  expect(embeds.length).toBeGreaterThan(0);
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(total(embeds)).toBeLessThanOrEqual(LIMITS.total);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
  }
}

const stories = (n: number, titleLength = 120, label: StoryLine['label'] = 'stall'): StoryLine[] =>
  Array.from({ length: n }, (_, i) => ({
    label,
    title: `Story ${i} ${'x'.repeat(titleLength)}`,
    url: `https://news.example/${i}`,
    source: 'Wire',
    itemCount: 1,
  }));

/** stories shown as lines plus every "and N more" count: nothing may vanish silently */
const accounted = (embeds: APIEmbed[]) =>
  embeds.reduce((n, e) => {
    const d = e.description ?? '';
    const shown = d.split('\n').filter((l) => /^(🟢|🔴|⚪) /.test(l)).length;
    const more = [...d.matchAll(/and (\d+) more/g)].reduce((m, x) => m + Number(x[1]), 0);
    return n + shown + more;
  }, 0);

describe('rendering for Discord', () => {
  it('keeps one huge stories block within the description and message limits, counting the rest', () => {
    const reply: Reply = { kind: 'latest', tone: 'info', title: 'Latest', blocks: [{ type: 'stories', stories: stories(200), more: 7 }] };
    const embeds = renderEmbeds(reply);
    expectWithinLimits(embeds);
    expect(accounted(embeds)).toBe(207);
    expect(embeds[0]!.description).toMatch(/\nand \d+ more$/);
  });

  it('keeps many sections within 10 embeds and 6,000 characters, counting dropped stories', () => {
    const blocks: Reply['blocks'] = [];
    for (let i = 0; i < 15; i++) blocks.push({ type: 'header', text: `Section ${i}` }, { type: 'stories', stories: stories(12, 60, LABELS[i % 3]) });
    const embeds = renderEmbeds({ kind: 'digest', tone: 'info', title: 'Digest', blocks });
    expectWithinLimits(embeds);
    expect(accounted(embeds)).toBe(180);
  });

  it('cuts fields to 25 and long values to 1,024', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `Field ${i}`, value: 'v'.repeat(i === 0 ? 3000 : 10) }));
    const embeds = renderEmbeds({ kind: 'status', tone: 'info', title: 'Status', blocks: [{ type: 'fields', fields }] });
    expectWithinLimits(embeds);
    expect(embeds[0]!.fields).toHaveLength(25);
    expect(embeds[0]!.fields![0]!.value.endsWith('…')).toBe(true);
  });

  it('cuts a long title and a long text block, and keeps a reply with no blocks as a title', () => {
    const embeds = renderEmbeds({ kind: 'explain', tone: 'neutral', title: 't'.repeat(400), blocks: [{ type: 'text', text: 'w '.repeat(5000) }] });
    expectWithinLimits(embeds);
    expect(embeds[0]!.title).toHaveLength(LIMITS.title);
    expect(renderEmbeds({ kind: 'ok', tone: 'info', title: 'Subscribed', blocks: [] })).toEqual([{ color: COLOURS.info, title: 'Subscribed' }]);
  });

  it('colours by label where a section has one, by tone otherwise', () => {
    const mixed = [...stories(1, 5, 'progress'), ...stories(1, 5, 'stall')];
    const embeds = renderEmbeds({
      kind: 'latest',
      tone: 'warning',
      title: 'Latest',
      blocks: [{ type: 'stories', stories: mixed }, { type: 'header', text: 'Progress' }, { type: 'stories', stories: stories(2, 5, 'progress') }],
    });
    expect(embeds.map((e) => e.color)).toEqual([COLOURS.warning, COLOURS.progress]);
  });

  it.each([
    ['*bold* _it_ ~~gone~~ ||spoiler|| `code`', '\\*bold\\* \\_it\\_ \\~\\~gone\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`'],
    ['# Heading\n> quote\n- item', '\\# Heading\n\\> quote\n\\- item'],
    ['[masked](https://evil.example)', '\\[masked\\](https://evil.example)'],
    ['<@123> <@&456> <#789> <t:1700000000:R>', '\\<@123> \\<@&456> \\<#789> \\<t:1700000000:R>'],
    ['@everyone and @here', '@\u200beveryone and @\u200bhere'],
    ['a \\ backslash', 'a \\\\ backslash'],
  ])('escapes %j', (raw, escaped) => {
    expect(escapeText(raw)).toBe(escaped);
  });

  it.each([
    ['https://news.example/a?b=c', 'https://news.example/a?b=c'],
    ['https://news.example/a (b)', 'https://news.example/a%20%28b%29'],
    ['javascript:alert(1)', null],
    ['ftp://files.example/x', null],
    ['https://user:pass@news.example/', null],
    ['not a url', null],
    [null, null],
  ])('links %j as %j', (url, linked) => {
    expect(safeUrl(url)).toBe(linked);
  });

  it('never cuts an escape or an emoji in half', () => {
    expect(cut('ab\\*cd', 4)).toBe('ab…');
    expect(cut('ab🔴cd', 4)).toBe('ab…');
    expect(cut('short', 10)).toBe('short');
  });
});
