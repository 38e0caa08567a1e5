/**
 * Every chat command, as data: its words, its arguments with their types and ranges, who may run it, and its help.
 * The text grammar and its usage lines (grammar.ts), `help` (help.ts), the Discord definition, the Slack usage hints
 * and the README's command tables are all derived from this list, and the Command type below is read off it.
 *
 * Adding a command: one entry here, and its case in handler.ts (the compiler asks for it).
 */
import { LABELS } from '../types.ts';
import type { Role } from './grammar.ts';

/** What every argument says about itself. */
interface ArgBase {
  /** the Command field it fills */
  key: string;
  /** the name users see (Discord's option name); defaults to key */
  name?: string;
  /** one line for help and Discord, at most 100 characters */
  about: string;
  required?: true;
  /** typed as `--name value` anywhere in the text (on Discord, an ordinary option) */
  option?: true;
  /** in the text, written after this word: `min <n>` */
  keyword?: string;
  /** the placeholder in text usage lines, e.g. `HH:MM`; defaults to the name */
  usage?: string;
  /** how a mistake names what was expected, e.g. "a label" */
  noun?: string;
}

export type ArgSpec =
  | (ArgBase & { type: 'choice'; choices: readonly string[] })
  /** one of the command words the grammar knows (help's argument) */
  | (ArgBase & { type: 'verb' })
  | (ArgBase & { type: 'integer'; min: number; max: number; default?: number; unit?: '%' })
  /** 30m, 6h, 2d, 1h30m: the Command gets minutes */
  | (ArgBase & { type: 'duration'; maxMinutes: number })
  | (ArgBase & { type: 'time' | 'timezone' | 'topic' | 'url' | 'word' })
  /** the rest of the line, as typed */
  | (ArgBase & { type: 'text' })
  /** a word such as `shared` (on Discord, a true/false option); it may need a role of its own */
  | (ArgBase & { type: 'flag'; value: true | string; role?: Role });

export interface CommandSpec {
  /** the Command's name, which the handler switches on */
  name: string;
  /** the words that start it; a third word becomes a dash on Discord (alerts set stall: /talks alerts set-stall) */
  words: readonly string[];
  about: string;
  role: Role;
  args: readonly ArgSpec[];
  /** fields every Command of this entry carries, e.g. { action: 'now' } */
  fixed?: Readonly<Record<string, string>>;
  /** shown after a mistake, e.g. "alerts set stall 3 6h" */
  example?: string;
}

/** The longest window or snooze: 30 days. */
export const MAX_WINDOW_MINUTES = 30 * 24 * 60;
export const MAX_LATEST = 20;
/** the largest id anything has: PostgreSQL's integer */
export const MAX_ID = 2_147_483_647;

const topicArg = { key: 'topic', type: 'topic', about: 'a topic other than the default' } as const;
const topicOption = { key: 'topic', type: 'topic', option: true, usage: '--topic name', noun: 'a topic name, e.g. --topic iran-us', about: "a topic other than the channel's" } as const;
const windowArg = {
  key: 'windowMinutes',
  name: 'window',
  type: 'duration',
  maxMinutes: MAX_WINDOW_MINUTES,
  required: true,
  about: 'how far back to count, e.g. 6h, 24h, 2d',
} as const;

/** Descriptions of the words that start several commands (Discord's subcommand groups, and help). */
export const GROUPS: Readonly<Record<string, string>> = {
  digest: 'show the digest for this channel, or send it now',
  subscribe: 'a daily digest (default 09:00 UTC) or stall alerts (default 3 stall stories in 6 h)',
  unsubscribe: 'stop the digest or the alerts in this channel',
  alerts: "this channel's alert rule: set, snooze, unsnooze, show (changes need channel admins)",
  feeds: "the news feeds: list them; add or remove this workspace's or server's own (admins)",
  rules: 'the labelling rules: classify a sentence and show why',
};

const LIST = [
  {
    name: 'status',
    words: ['status'],
    about: 'momentum now: stories per label (24 h, 7 d), trend, alerts firing, feed health, paused subscriptions',
    role: 'anyone',
    args: [topicArg],
  },
  {
    name: 'latest',
    words: ['latest'],
    about: 'newest stories with label and source links',
    role: 'anyone',
    args: [
      { key: 'label', type: 'choice', choices: LABELS, noun: 'a label', about: 'only stories with this label' },
      { key: 'count', type: 'integer', min: 1, max: MAX_LATEST, default: 5, usage: 'n', noun: 'a number', about: 'how many stories' },
      topicOption,
    ],
  },
  {
    name: 'explain',
    words: ['explain'],
    about: 'the rules that fired on an item, with the matched words, and the score',
    role: 'anyone',
    args: [
      { key: 'target', name: 'item', type: 'word', required: true, usage: 'item id or url', noun: 'an item id or URL', about: 'the item id (from latest) or the article URL' },
      { ...topicOption, about: "for an article read for several topics: which (default the channel's)" },
    ],
  },
  { name: 'digest', words: ['digest', 'preview'], fixed: { action: 'preview' }, about: 'show the digest this channel would get now, to you only', role: 'anyone', args: [] },
  { name: 'digest', words: ['digest', 'now'], fixed: { action: 'now' }, about: 'send the digest to this channel now', role: 'anyone', args: [] },
  {
    name: 'subscribe-digest',
    words: ['subscribe', 'digest'],
    about: 'a daily digest in this channel (default 09:00 UTC)',
    role: 'anyone',
    example: 'subscribe digest 09:00 Asia/Karachi',
    args: [
      { key: 'time', type: 'time', usage: 'HH:MM', noun: 'a time (HH:MM)', about: 'the local time to send it, e.g. 08:30 (default 09:00)' },
      { key: 'timezone', type: 'timezone', noun: 'a timezone', about: 'an IANA time zone, e.g. Asia/Karachi (default UTC)' },
      { ...topicArg, noun: 'a topic' },
      { key: 'quiet', name: 'skip-quiet', type: 'flag', value: 'skip', about: 'send nothing on a day with no stories (default: one line)' },
    ],
  },
  {
    name: 'subscribe-alerts',
    words: ['subscribe', 'alerts'],
    about: 'stall alerts in this channel, by default when 3 stall stories appear within 6 h',
    role: 'channel-admin',
    args: [topicArg],
  },
  { name: 'unsubscribe', words: ['unsubscribe', 'digest'], fixed: { what: 'digest' }, about: 'stop the daily digest in this channel', role: 'anyone', args: [] },
  { name: 'unsubscribe', words: ['unsubscribe', 'alerts'], fixed: { what: 'alerts' }, about: 'stop the stall alerts in this channel', role: 'channel-admin', args: [] },
  {
    name: 'alerts-set-stall',
    words: ['alerts', 'set', 'stall'],
    about: 'alert when this many stall stories appear within the window',
    role: 'channel-admin',
    example: 'alerts set stall 3 6h',
    args: [{ key: 'count', type: 'integer', min: 1, max: 1000, required: true, noun: 'a count of stall stories', about: 'how many stall stories' }, windowArg],
  },
  {
    name: 'alerts-set-share',
    words: ['alerts', 'set', 'share'],
    about: 'alert when stall stories reach a share of all stories within the window',
    role: 'channel-admin',
    example: 'alerts set share 60 24h min 5',
    args: [
      { key: 'percent', type: 'integer', min: 1, max: 100, unit: '%', required: true, noun: 'a percent', about: 'the share of stories that are stall, in percent' },
      windowArg,
      { key: 'min', type: 'integer', min: 1, max: 1000, required: true, keyword: 'min', usage: 'n', noun: 'a number of stories', about: 'only with at least this many stories in the window' },
    ],
  },
  {
    name: 'alerts-snooze',
    words: ['alerts', 'snooze'],
    about: 'silence alerts in this channel for a while',
    role: 'channel-admin',
    example: 'alerts snooze 6h',
    args: [{ key: 'minutes', name: 'duration', type: 'duration', maxMinutes: MAX_WINDOW_MINUTES, required: true, about: 'how long, e.g. 30m, 6h, 2d' }],
  },
  { name: 'alerts-unsnooze', words: ['alerts', 'unsnooze'], about: 'turn alerts in this channel back on now', role: 'channel-admin', args: [] },
  { name: 'alerts-show', words: ['alerts', 'show'], about: "this channel's alert rule and state", role: 'anyone', args: [] },
  {
    name: 'feeds-list',
    words: ['feeds', 'list'],
    about: "this workspace's or server's feeds and the shared ones, with their health",
    role: 'anyone',
    args: [{ key: 'all', type: 'flag', value: true, role: 'operator', about: "operators only: every tenant's feeds too" }],
  },
  {
    name: 'feeds-add',
    words: ['feeds', 'add'],
    about: 'poll a new RSS or Atom feed',
    role: 'tenant-admin',
    example: 'feeds add https://www.dawn.com/feeds/home',
    args: [
      { key: 'url', type: 'url', required: true, noun: 'the feed URL', about: 'the feed URL (http or https)' },
      { ...topicArg, noun: 'a topic name', about: 'the topic its items count for (default topic otherwise)' },
      { key: 'shared', type: 'flag', value: true, role: 'operator', about: 'operators only: a shared feed every server and workspace reads' },
    ],
  },
  {
    name: 'feeds-remove',
    words: ['feeds', 'remove'],
    about: 'stop polling a feed; its stories stay in history',
    role: 'tenant-admin',
    example: 'feeds remove 3',
    args: [
      { key: 'id', type: 'integer', min: 1, max: MAX_ID, required: true, noun: 'a feed id (the number feeds list shows)', about: 'the feed id from feeds list' },
      { key: 'all', type: 'flag', value: true, role: 'operator', about: "operators only: any tenant's feed, as feeds list all shows them" },
    ],
  },
  {
    name: 'rules-test',
    words: ['rules', 'test'],
    about: 'classify a sentence and show why',
    role: 'anyone',
    example: 'rules test Talks in Islamabad collapse',
    args: [topicOption, { key: 'text', type: 'text', required: true, noun: 'a sentence', about: 'a headline or sentence' }],
  },
  {
    name: 'topics',
    words: ['topics'],
    about: 'the topics this channel can follow, with the feeds it sees for each',
    role: 'anyone',
    args: [],
  },
  {
    name: 'dashboard',
    words: ['dashboard'],
    about: "a private link to this workspace's or server's status page, valid 24 h",
    role: 'anyone',
    args: [],
  },
  {
    name: 'help',
    words: ['help'],
    about: 'what talkwatch can do',
    role: 'anyone',
    args: [{ key: 'about', name: 'command', type: 'verb', about: 'help on one command' }],
  },
] as const satisfies readonly CommandSpec[];

/** The command list, in the order help and Discord show it. */
export const COMMANDS: readonly CommandSpec[] = LIST;

/** The words commands start with, in the order help lists them. */
export const VERBS: readonly string[] = [...new Set(COMMANDS.map((c) => c.words[0]!))];

// The Command type, read off the list: one member per entry, its fields typed by the arguments' types.
type Entry = (typeof LIST)[number];
type ValueOf<A> = A extends { type: 'choice'; choices: readonly (infer C)[] }
  ? C
  : A extends { type: 'integer' | 'duration' }
    ? number
    : A extends { type: 'flag'; value: infer V }
      ? V
      : string;
type Present<A> = A extends { required: true } ? true : A extends { default: number } ? true : false;
type Fields<As extends readonly unknown[]> = {
  [A in As[number] as A extends { key: infer K extends string } ? (Present<A> extends true ? K : never) : never]: ValueOf<A>;
} & {
  [A in As[number] as A extends { key: infer K extends string } ? (Present<A> extends true ? never : K) : never]?: ValueOf<A>;
};
type Fixed<E> = E extends { fixed: infer F } ? { -readonly [K in keyof F]: F[K] } : unknown;
type Flat<T> = { [K in keyof T]: T[K] } & {};
type CommandOf<E> = E extends Entry ? Flat<{ name: E['name'] } & Fixed<E> & Fields<E['args']>> : never;

/** A command ready to run: what the text grammar and Discord's typed options both produce. */
export type Command = CommandOf<Entry>;

/** Who may run a command: its entry's role, raised by a flag that needs more (feeds add ... shared). */
export function requiredRole(command: Command): Role {
  const entry = entryOf(command);
  const values = command as Record<string, unknown>;
  const raised = entry.args.flatMap((a) => (a.type === 'flag' && a.role && values[a.key] !== undefined ? [a.role] : []));
  return raised.includes('operator') ? 'operator' : entry.role;
}

/** The entry a command came from (its name, and its fixed fields where several entries share a name). */
export function entryOf(command: Command): CommandSpec {
  const values = command as Record<string, unknown>;
  return COMMANDS.find((c) => c.name === command.name && Object.entries(c.fixed ?? {}).every(([k, v]) => values[k] === v))!;
}
