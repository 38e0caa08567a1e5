/**
 * Renders core's Reply as Discord embeds. All text in a Reply is plain: here it is escaped (markdown, masked
 * links, mentions), story links are rebuilt from checked URLs, and everything is cut to Discord's limits,
 * with "and N more" where stories had to be left out. Messages never allow a mention of anyone.
 */
import { escapeMarkdown, type APIEmbed, type APIEmbedField, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Reply, StoryLine, Tone } from '../../core/reply.ts';
import type { Label } from '../../core/types.ts';
import { cut as kitCut, linkable } from '../frontends/kit.ts';

/** Discord's message limits (characters, counted as JavaScript string length, which never undercounts). */
export const LIMITS = { embeds: 10, total: 6000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048 };

export const COLOURS: Record<Tone, number> = {
  progress: 0x2e7d32,
  stall: 0xd84315,
  neutral: 0x78909c,
  info: 0x5865f2,
  warning: 0xf9a825,
  error: 0xb71c1c,
};

const MARKS: Record<Label, string> = { progress: '🟢', stall: '🔴', neutral: '⚪' };
const MAX_TITLE = 200;
const MAX_URL = 1000;
/** kept back from the 6,000 total so the closing "and N more" always fits */
const RESERVE = 40;

export const NO_MENTIONS = { parse: [] as [] };

/** Text from feeds or users, made inert: no formatting, no masked links, no mentions, channel links or emoji. */
export function escapeText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    .replace(/[[\]<]/g, '\\$&')
    .replace(/^(\s*)>/gm, '$1\\>')
    .replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** A linkable URL (see the kit) with parentheses encoded, so it cannot end a markdown link early; or null. */
export function safeUrl(url: string | null): string | null {
  return linkable(url, MAX_URL)?.replace(/\(/g, '%28').replace(/\)/g, '%29') ?? null;
}

/** Cut to n characters with an ellipsis, never leaving half an escape (a lone backslash) or half a surrogate pair. */
export function cut(text: string, n: number): string {
  const kept = kitCut(text, n);
  if (kept === text || !kept) return kept;
  const slashes = /\\+…$/.exec(kept)?.[0].length ?? 1;
  return (slashes - 1) % 2 ? `${kept.slice(0, -2)}…` : kept;
}

export function storyLine(story: StoryLine): string {
  const title = escapeText(cut(story.title.replace(/\s+/g, ' ').trim() || '(untitled)', MAX_TITLE));
  const url = safeUrl(story.url);
  const meta = [
    story.source ? escapeText(cut(story.source.replace(/\s+/g, ' '), 80)) : null,
    story.itemCount > 1 ? `${story.itemCount} articles` : null,
    story.ref ? `\`${story.ref.replace(/[`\s]/g, '').slice(0, 40)}\`` : null,
  ].filter(Boolean);
  return `${MARKS[story.label]} ${url ? `[${title}](${url})` : title}${meta.length ? ` · ${meta.join(' · ')}` : ''}`;
}

type Part = { kind: 'text'; text: string } | { kind: 'stories'; heading: string | null; lines: string[]; labels: Label[]; more: number };
interface Draft {
  title: string | null;
  parts: Part[];
  fields: Array<{ name: string; value: string }>;
  footer: string[];
}

const draft = (title: string | null = null): Draft => ({ title, parts: [], fields: [], footer: [] });
const isEmpty = (d: Draft) => !d.parts.length && !d.fields.length && !d.footer.length;
const storyCount = (d: Draft) => d.parts.reduce((n, p) => n + (p.kind === 'stories' ? p.lines.length + p.more : 0), 0);

/** One embed per section: the reply's title opens the first, each header the next. */
function toDrafts(reply: Reply): Draft[] {
  const drafts = [draft(reply.title)];
  const current = () => drafts[drafts.length - 1]!;
  for (const block of reply.blocks) {
    switch (block.type) {
      case 'header':
        if (isEmpty(current()) && !current().title) current().title = block.text;
        else if (isEmpty(current())) current().parts.push({ kind: 'text', text: `**${escapeText(block.text)}**` });
        else drafts.push(draft(block.text));
        break;
      case 'text':
        current().parts.push({ kind: 'text', text: escapeText(block.text) });
        break;
      case 'context':
        current().footer.push(block.text);
        break;
      case 'fields':
        current().fields.push(...block.fields);
        break;
      case 'stories':
        current().parts.push({
          kind: 'stories',
          heading: block.heading ? `**${escapeText(block.heading)}**` : null,
          lines: block.stories.map(storyLine),
          labels: block.stories.map((s) => s.label),
          more: block.more ?? 0,
        });
        break;
      case 'divider':
        if (!isEmpty(current())) drafts.push(draft());
        break;
    }
  }
  return drafts;
}

/** A section whose stories all carry one label takes that label's colour; others take the reply's tone. */
function colourOf(d: Draft, tone: Tone): number {
  const labels = new Set(d.parts.flatMap((p) => (p.kind === 'stories' ? p.labels : [])));
  return labels.size === 1 ? COLOURS[[...labels][0]!] : COLOURS[tone];
}

export function renderEmbeds(reply: Reply): APIEmbed[] {
  let budget = LIMITS.total - RESERVE;
  let dropped = 0;
  const embeds: APIEmbed[] = [];

  for (const d of toDrafts(reply)) {
    if (embeds.length === LIMITS.embeds || budget < 100) {
      dropped += storyCount(d);
      continue;
    }
    const embed: APIEmbed = { color: colourOf(d, reply.tone) };
    if (d.title) {
      embed.title = cut(escapeText(d.title.replace(/\s+/g, ' ')), LIMITS.title);
      budget -= embed.title.length;
    }
    let description = '';
    const room = () => Math.min(LIMITS.description - description.length, budget);
    const add = (s: string) => {
      description += s;
      budget -= s.length;
    };
    for (const part of d.parts) {
      const gap = description ? '\n\n' : '';
      if (part.kind === 'text') {
        if (room() - gap.length > 20) add(gap + cut(part.text, room() - gap.length));
        continue;
      }
      let more = part.more;
      let opening = gap + (part.heading ? `${part.heading}\n` : '');
      for (const line of part.lines) {
        // leave room for the "and N more" line that may have to follow
        if (opening.length + line.length + 20 <= room()) {
          add(opening + line);
          opening = '\n';
        } else more++;
      }
      const note = `${opening}and ${more} more`;
      if (more && note.length <= room()) add(note);
      else dropped += more;
    }
    if (description) embed.description = description;

    const fields: APIEmbedField[] = [];
    for (const f of d.fields.slice(0, LIMITS.fields)) {
      const name = cut(escapeText(f.name), LIMITS.fieldName) || '-';
      const value = cut(escapeText(f.value), LIMITS.fieldValue) || '-';
      if (name.length + value.length > budget) break;
      fields.push({ name, value, inline: value.length <= 40 });
      budget -= name.length + value.length;
    }
    if (fields.length) embed.fields = fields;

    // Footers show no markdown, so context text goes there as it is.
    const footer = cut(d.footer.join(' · '), Math.min(LIMITS.footer, budget));
    if (footer) {
      embed.footer = { text: footer };
      budget -= footer.length;
    }
    if (embed.title || embed.description || embed.fields || embed.footer) embeds.push(embed);
  }

  const last = embeds[embeds.length - 1];
  if (dropped && last) {
    const note = `${last.description ? '\n\n' : ''}and ${dropped} more`;
    last.description = cut(last.description ?? '', LIMITS.description - note.length) + note;
  }
  return embeds;
}

/** The body of a channel message (REST), with every mention turned off. */
export function renderMessage(reply: Reply): RESTPostAPIChannelMessageJSONBody {
  return { embeds: renderEmbeds(reply), allowed_mentions: NO_MENTIONS };
}
