/**
 * The platform-neutral reply model. Core builds these; each front end renders them (Slack Block Kit, Discord
 * embeds, console text). Every string here is plain text: renderers escape all of it for their platform, and
 * links are structured, so text that came from a feed can never become a mention or a hidden link.
 */
import type { ChartData } from './charts.ts';
import type { Label } from './types.ts';

export type Tone = Label | 'info' | 'warning' | 'error';

export interface StoryLine {
  label: Label;
  title: string;
  url: string | null;
  /** outlet or feed title */
  source: string | null;
  /** how many articles (from how many feeds) make the story */
  itemCount: number;
  /** what to give `explain` for this story: the id of its first article */
  ref?: string;
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: Array<{ name: string; value: string }> }
  | { type: 'stories'; heading?: string; stories: StoryLine[]; more?: number }
  | { type: 'context'; text: string }
  | { type: 'divider' };

export type ReplyKind =
  | 'digest'
  | 'alert'
  | 'resolved'
  | 'status'
  | 'latest'
  | 'explain'
  | 'rules'
  | 'feeds'
  | 'subscription'
  | 'help'
  | 'usage'
  | 'refused'
  | 'limit'
  | 'error'
  | 'ok';

export interface Reply {
  kind: ReplyKind;
  tone: Tone;
  /** one line that stands alone: notification text and console heading */
  title: string;
  blocks: Block[];
  /** only the person who asked sees it (usage, refusals, errors), where the platform allows */
  ephemeral?: boolean;
  /**
   * The momentum chart that goes with it (digests and status): platforms attach its picture, and the text (the
   * sparkline) stands alone wherever a picture cannot go.
   */
  chart?: ChartData;
}

/** A short reply of one line, e.g. a usage line or a confirmation. */
export function note(kind: ReplyKind, tone: Tone, title: string, detail?: string, ephemeral = false): Reply {
  return { kind, tone, title, blocks: detail ? [{ type: 'text', text: detail }] : [], ephemeral };
}

/** The reply as plain text: the console front end, and the notification fallback on chat platforms. */
export function toPlainText(reply: Reply): string {
  const lines: string[] = [reply.title];
  for (const block of reply.blocks) {
    switch (block.type) {
      case 'header':
        lines.push('', block.text);
        break;
      case 'text':
      case 'context':
        lines.push(block.text);
        break;
      case 'fields':
        lines.push(block.fields.map((f) => `${f.name}: ${f.value}`).join(' | '));
        break;
      case 'stories':
        if (block.heading) lines.push(block.heading);
        for (const s of block.stories) {
          const extra = [s.source, s.itemCount > 1 ? `${s.itemCount} articles` : null, s.ref ? `explain ${s.ref}` : null].filter(Boolean).join(', ');
          lines.push(`  [${s.label}] ${s.title}${extra ? ` (${extra})` : ''}${s.url ? `\n    ${s.url}` : ''}`);
        }
        if (block.more) lines.push(`  and ${block.more} more`);
        break;
      case 'divider':
        lines.push('');
        break;
    }
  }
  return lines.join('\n');
}
