/**
 * The reply model as Slack Block Kit. Every string from core is plain text and may have come from a feed, so all of
 * it is escaped (&, <, >) and mrkdwn objects are `verbatim`: a headline can neither mention @channel nor smuggle a
 * link. The only links are built here from structured `url` fields, after checking them.
 *
 * Slack's limits (a message is refused, not trimmed, when it breaks one): 50 blocks, 3,000 characters a section
 * text, 2,000 a field, 10 fields a section, 150 a header. Long content is cut with "and N more" instead.
 */
import type { types } from '@slack/bolt';
import { toPlainText, type Block, type Reply, type StoryLine, type Tone } from '../../core/reply.ts';
import type { Label } from '../../core/types.ts';
import { fitEscaped, linkable, oneLine } from '../frontends/kit.ts';

type SlackBlock = types.KnownBlock;

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fieldsPerSection: 10,
  header: 150,
  /** the notification text; the blocks carry the whole message */
  fallback: 3000,
  /** a longer URL is shown as text without a link */
  url: 2000,
} as const;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const LABEL_EMOJI: Record<Label, string> = { progress: ':large_green_circle:', stall: ':red_circle:', neutral: ':white_circle:' };
const TONE_EMOJI: Record<Tone, string> = { ...LABEL_EMOJI, info: ':information_source:', warning: ':warning:', error: ':x:' };

/** Replies that read as a document get a header; short notes (usage, refusals, confirmations) a single line. */
const DOCUMENT_KINDS = new Set(['digest', 'alert', 'resolved', 'status', 'latest', 'explain', 'rules', 'feeds', 'help']);

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped text of at most `limit` characters, cut at a whole character (never inside an entity) with "…". */
export const fit = (raw: string, limit: number): string => fitEscaped(raw, limit, escapeText);

/** A URL fit for `<url|text>`, or null: a linkable URL (see the kit) with `|`, which would end the URL part, encoded. */
export function checkedUrl(raw: string | null | undefined): string | null {
  const href = linkable(raw, LIMITS.url)?.replace(/\|/g, '%7C');
  return href && href.length <= LIMITS.url && !/[\s<>|]/.test(href) ? href : null;
}

/** checkedUrl with & escaped, as Slack expects inside `<url|text>`. */
export function safeUrl(raw: string | null | undefined): string | null {
  const href = checkedUrl(raw);
  return href === null ? null : escapeText(href);
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text, verbatim: true });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [mrkdwn(text)] });

/** A unit is kept or dropped whole when the message is over the block limit; `stories` counts what it stands for. */
interface Unit {
  blocks: SlackBlock[];
  stories: number;
}

export function renderReply(reply: Reply): SlackMessage {
  const units: Unit[] = [titleUnit(reply), ...reply.blocks.flatMap(unitsOf)].filter((u) => u.blocks.length > 0);
  return { text: fallbackText(reply), blocks: withinBlockLimit(units) };
}

/**
 * The reply as escaped text: the notification and screen-reader fallback (without URLs: the blocks carry the links),
 * or the whole message when Slack refuses the blocks (with checked URLs only).
 */
export function fallbackText(reply: Reply, limit: number = LIMITS.fallback, withLinks = false): string {
  const url = (raw: string | null) => (withLinks ? checkedUrl(raw) : null);
  const blocks = reply.blocks.map((b) => (b.type === 'stories' ? { ...b, stories: b.stories.map((s) => ({ ...s, url: url(s.url) })) } : b));
  return fit(toPlainText({ ...reply, blocks }), limit);
}

function titleUnit(reply: Reply): Unit {
  const title = oneLine(reply.title) || reply.kind;
  const emoji = TONE_EMOJI[reply.tone];
  if (DOCUMENT_KINDS.has(reply.kind)) {
    return { blocks: [{ type: 'header', text: { type: 'plain_text', text: fit(`${emoji} ${title}`, LIMITS.header), emoji: true } }], stories: 0 };
  }
  return { blocks: [section(`${emoji} *${fit(title, LIMITS.sectionText - emoji.length - 3)}*`)], stories: 0 };
}

function unitsOf(block: Block): Unit[] {
  const one = (b: SlackBlock): Unit[] => [{ blocks: [b], stories: 0 }];
  switch (block.type) {
    case 'header':
      return oneLine(block.text) ? one({ type: 'header', text: { type: 'plain_text', text: fit(oneLine(block.text), LIMITS.header), emoji: true } }) : [];
    case 'text':
      return chunks(block.text, LIMITS.sectionText).map((text) => ({ blocks: [section(text)], stories: 0 }));
    case 'context':
      return block.text.trim() ? one(context(fit(block.text.trim(), LIMITS.sectionText))) : [];
    case 'divider':
      return one({ type: 'divider' });
    case 'fields':
      return fieldSections(block.fields);
    case 'stories': {
      const units: Unit[] = [];
      if (block.heading?.trim()) units.push({ blocks: [section(`*${fit(oneLine(block.heading), LIMITS.sectionText - 2)}*`)], stories: 0 });
      for (const story of block.stories) units.push({ blocks: storyBlocks(story), stories: 1 });
      if (block.more) units.push({ blocks: [context(`and ${block.more} more`)], stories: block.more });
      return units;
    }
  }
}

function fieldSections(fields: Array<{ name: string; value: string }>): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    const group = fields.slice(i, i + LIMITS.fieldsPerSection).map((f) => {
      const name = fit(oneLine(f.name), 200);
      return mrkdwn(`*${name}*\n${fit(f.value.trim() || '-', LIMITS.field - name.length - 3)}`);
    });
    units.push({ blocks: [{ type: 'section', fields: group }], stories: 0 });
  }
  return units;
}

function storyBlocks(story: StoryLine): SlackBlock[] {
  const emoji = LABEL_EMOJI[story.label];
  const url = safeUrl(story.url);
  const room = LIMITS.sectionText - emoji.length - (url ? url.length + 6 : 3);
  const title = fit(oneLine(story.title) || '(untitled)', room);
  const blocks = [section(url ? `${emoji} *<${url}|${title}>*` : `${emoji} *${title}*`)];
  const facts = [
    story.source ? oneLine(story.source) : null,
    story.itemCount > 1 ? `${story.itemCount} articles` : null,
    story.ref ? `explain ${story.ref}` : null,
  ].filter((f): f is string => Boolean(f));
  if (facts.length) blocks.push(context(fit(`${story.label} · ${facts.join(' · ')}`, LIMITS.sectionText)));
  return blocks;
}

/** Escaped pieces of at most `limit` characters, split at line ends where possible so nothing is lost. */
function chunks(raw: string, limit: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of raw.trim().split('\n')) {
    const escaped = escapeText(line);
    const joined = current ? `${current}\n${escaped}` : escaped;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (current) out.push(current);
    current = escaped;
    while (current.length > limit) {
      // cut before an entity rather than inside one
      let at = limit;
      const amp = current.lastIndexOf('&', at);
      if (amp > limit - 5) at = amp;
      out.push(current.slice(0, at));
      current = current.slice(at);
    }
  }
  if (current) out.push(current);
  return out;
}

function withinBlockLimit(units: Unit[]): SlackBlock[] {
  const total = units.reduce((n, u) => n + u.blocks.length, 0);
  if (total <= LIMITS.blocks) return units.flatMap((u) => u.blocks);
  const kept: SlackBlock[] = [];
  let i = 0;
  for (; i < units.length && kept.length + units[i]!.blocks.length <= LIMITS.blocks - 1; i++) kept.push(...units[i]!.blocks);
  const dropped = units.slice(i);
  const stories = dropped.reduce((n, u) => n + u.stories, 0);
  const sections = dropped.filter((u) => u.stories === 0).length;
  kept.push(context(stories > 0 ? `and ${stories} more` : `and ${sections} more sections (message shortened to fit Slack)`));
  return kept;
}
