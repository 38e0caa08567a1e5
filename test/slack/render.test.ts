/** Block Kit rendering against Slack's limits, and what may become a link. Pure: no Slack needed. */
import { describe, expect, it } from 'vitest';
import { escapeText, fit, LIMITS, renderReply, safeUrl } from '../../bots/slack/render.ts';
import { note, type Reply, type StoryLine } from '../../core/reply.ts';
import type { SentBlock } from './fake-slack.ts';

const story = (i: number): StoryLine => ({
  label: i % 2 ? 'stall' : 'progress',
  title: `Story ${i} about the Islamabad talks`,
  url: `https://news.example/${i}`,
  source: 'Wire',
  itemCount: 2,
  ref: `S${i}`,
});

const texts = (blocks: SentBlock[]): string[] =>
  blocks.flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => e.text)]).filter((t): t is string => Boolean(t));

describe('Slack limits', () => {
  it('keeps a message to 50 blocks and says how many stories were left out', () => {
    const reply: Reply = { kind: 'latest', tone: 'info', title: 'Latest', blocks: [{ type: 'stories', stories: Array.from({ length: 60 }, (_, i) => story(i)), more: 7 }] };
    const { blocks } = renderReply(reply);
    expect(blocks).toHaveLength(LIMITS.blocks);
    // header + 24 stories of two blocks each = 49, then the note
    const shown = blocks.filter((b) => b.type === 'section').length;
    expect(shown).toBe(24);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${60 - shown + 7} more`, verbatim: true }] });
  });

  it('leaves a message that fits alone', () => {
    const reply: Reply = { kind: 'latest', tone: 'info', title: 'Latest', blocks: [{ type: 'stories', stories: Array.from({ length: 24 }, (_, i) => story(i)) }] };
    const { blocks } = renderReply(reply);
    expect(blocks).toHaveLength(49);
    expect(JSON.stringify(blocks)).not.toContain('more');
  });

  it('splits a long text into sections of at most 3,000 characters and loses nothing', () => {
    const line = 'Negotiators & mediators met <again> in Islamabad;';
    const long = Array.from({ length: 300 }, (_, i) => `${i}: ${line}`).join('\n') + `\n${'x&'.repeat(2000)}`;
    const { blocks } = renderReply({ kind: 'explain', tone: 'info', title: 'Explain', blocks: [{ type: 'text', text: long }] });
    const sections = blocks.slice(1).map((b) => (b as { text: { text: string } }).text.text);
    expect(sections.length).toBeGreaterThan(4);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(LIMITS.sectionText);
    // no entity was cut in two
    for (const s of sections) expect(s).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(sections.join('').replace(/\n/g, '')).toBe(escapeText(long).replace(/\n/g, ''));
  });

  it('cuts a header at 150 characters and fields at 2,000, ten fields to a section', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ name: `Feed ${i}`, value: 'é&'.repeat(1500) }));
    const { blocks } = renderReply({ kind: 'feeds', tone: 'info', title: 'T'.repeat(400), blocks: [{ type: 'fields', fields }] });
    const header = blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(LIMITS.header);
    expect(header.text.text.endsWith('…')).toBe(true);
    const sections = blocks.slice(1) as Array<{ fields: Array<{ text: string }> }>;
    expect(sections.map((s) => s.fields.length)).toEqual([10, 10, 3]);
    for (const f of sections.flatMap((s) => s.fields)) expect(f.text.length).toBeLessThanOrEqual(LIMITS.field);
  });

  it('fit never cuts inside an entity', () => {
    expect(fit('&&&&', 7)).toBe('&amp;…');
    expect(fit('a<b', 10)).toBe('a&lt;b');
    expect(fit('😀😀😀', 3)).toBe('😀…');
  });
});

describe('layout', () => {
  it('a short note is one line in bold, not a header', () => {
    const { blocks, text } = renderReply(note('usage', 'warning', 'unknown command "frobnicate"', 'Usage: /talks help', true));
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':warning: *unknown command "frobnicate"*', verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Usage: /talks help', verbatim: true } },
    ]);
    expect(text).toBe('unknown command "frobnicate"\nUsage: /talks help');
  });

  it('skips empty text, and names an untitled story', () => {
    const { blocks } = renderReply({
      kind: 'latest',
      tone: 'neutral',
      title: 'Latest',
      blocks: [{ type: 'context', text: '  ' }, { type: 'header', text: '' }, { type: 'stories', stories: [{ ...story(1), title: ' \n ', source: null, itemCount: 1, ref: undefined }] }],
    });
    expect(texts(blocks as never)).toEqual([':white_circle: Latest', ':red_circle: *<https://news.example/1|(untitled)>*']);
  });
});

describe('links come only from url fields, and only safe ones', () => {
  it.each([
    ['https://www.reuters.com/world/a-b?x=1&y=2#top', 'https://www.reuters.com/world/a-b?x=1&amp;y=2#top'],
    ['http://dawn.com/news/1', 'http://dawn.com/news/1'],
    ['https://example.com/a|b', 'https://example.com/a%7Cb'],
    ['https://example.com/a b<c>"d', 'https://example.com/a%20b%3Cc%3E%22d'],
    ['  https://example.com/trimmed  ', 'https://example.com/trimmed'],
    ['javascript:alert(1)', null],
    ['data:text/html,<script>', null],
    ['ftp://example.com/file', null],
    ['/relative/path', null],
    ['https://bank.example@evil.example/', null],
    [`https://example.com/${'a'.repeat(3000)}`, null],
    ['', null],
  ])('%s', (raw, expected) => {
    expect(safeUrl(raw)).toBe(expected);
  });
});
