/**
 * The `/talks` slash command: its definition (registered with Discord) and the translation of a typed
 * interaction back into core's Command. The translation goes through the shared grammar (parseCommand), so
 * Discord accepts exactly what Slack and the CLI accept, with the same checks and messages.
 */
import {
  InteractionContextType,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_LATEST, parseCommand, USAGE, type Command, type ParseResult } from '../../core/commands/grammar.ts';
import { LABELS } from '../../core/types.ts';

export const COMMAND_NAME = 'talks';

/** Options that take durations or time zones offer suggestions as the user types (see autocomplete.ts). */
export const AUTOCOMPLETED = ['timezone', 'window', 'duration'] as const;

const topic = (s: SlashCommandSubcommandBuilder, what: string) =>
  s.addStringOption((o) => o.setName('topic').setDescription(what).setMaxLength(40));
const windowOption = (s: SlashCommandSubcommandBuilder) =>
  s.addStringOption((o) => o.setName('window').setDescription('how far back to count, e.g. 6h, 24h, 2d (at most 30d)').setRequired(true).setMaxLength(16).setAutocomplete(true));

function buildDefinition(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(COMMAND_NAME)
    .setDescription('Follow the negotiation: momentum, latest stories, digests and stall alerts')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) => topic(s.setName('status').setDescription('Momentum now: stories per label, trend, alerts firing, feed health'), 'a topic other than the default'))
    .addSubcommand((s) =>
      s
        .setName('latest')
        .setDescription('Newest stories with their label and source links')
        .addStringOption((o) => o.setName('label').setDescription('only stories with this label').addChoices(...LABELS.map((l) => ({ name: l, value: l }))))
        .addIntegerOption((o) => o.setName('count').setDescription(`how many (1 to ${MAX_LATEST}, default 5)`).setMinValue(1).setMaxValue(MAX_LATEST))
        .addStringOption((o) => o.setName('topic').setDescription("a topic other than the channel's").setMaxLength(40)),
    )
    .addSubcommand((s) =>
      s
        .setName('explain')
        .setDescription('Why an item got its label: the rules that fired, the words they matched, the score')
        .addStringOption((o) => o.setName('item').setDescription('the item id (from latest) or the article URL').setRequired(true).setMaxLength(2000))
        .addStringOption((o) => o.setName('topic').setDescription("for an article read for several topics: which (default the channel's)").setMaxLength(40)),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('digest')
        .setDescription('The daily digest for this channel')
        .addSubcommand((s) => s.setName('preview').setDescription('Show the digest this channel would get now, to you only'))
        .addSubcommand((s) => s.setName('now').setDescription('Send the digest to this channel now')),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('subscribe')
        .setDescription('Have this channel receive digests or alerts')
        .addSubcommand((s) =>
          topic(
            s
              .setName('digest')
              .setDescription('A daily digest in this channel (default 09:00 UTC)')
              .addStringOption((o) => o.setName('time').setDescription('HH:MM on a 24-hour clock, e.g. 08:30').setMinLength(4).setMaxLength(5))
              .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone, e.g. Asia/Karachi (default UTC)').setMaxLength(64).setAutocomplete(true))
              .addBooleanOption((o) => o.setName('skip-quiet').setDescription('send nothing on a day with no stories (default: one line)')),
            'a topic other than the default',
          ),
        )
        .addSubcommand((s) => topic(s.setName('alerts').setDescription('Stall alerts in this channel (3 stall stories in 6 h by default)'), 'a topic other than the default')),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('unsubscribe')
        .setDescription('Stop digests or alerts in this channel')
        .addSubcommand((s) => s.setName('digest').setDescription('Stop the daily digest'))
        .addSubcommand((s) => s.setName('alerts').setDescription('Stop stall alerts')),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('alerts')
        .setDescription("This channel's alert rule (changes need Manage Channels)")
        .addSubcommand((s) =>
          windowOption(
            s
              .setName('set-stall')
              .setDescription('Alert when this many stall stories appear within the window')
              .addIntegerOption((o) => o.setName('count').setDescription('stall stories, 1 to 1000').setRequired(true).setMinValue(1).setMaxValue(1000)),
          ),
        )
        .addSubcommand((s) =>
          windowOption(
            s
              .setName('set-share')
              .setDescription('Alert when stall stories reach a share of all stories within the window')
              .addIntegerOption((o) => o.setName('percent').setDescription('share of stories that are stall, 1 to 100').setRequired(true).setMinValue(1).setMaxValue(100)),
          ).addIntegerOption((o) => o.setName('min').setDescription('only with at least this many stories in the window').setRequired(true).setMinValue(1)),
        )
        .addSubcommand((s) =>
          s
            .setName('snooze')
            .setDescription('Silence alerts in this channel for a while')
            .addStringOption((o) => o.setName('duration').setDescription('e.g. 30m, 6h, 2d (at most 30d)').setRequired(true).setMaxLength(16).setAutocomplete(true)),
        )
        .addSubcommand((s) => s.setName('unsnooze').setDescription('Turn alerts back on now'))
        .addSubcommand((s) => s.setName('show').setDescription("Show this channel's alert rule and state")),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('feeds')
        .setDescription("The news feeds talkwatch polls (this server's own need Manage Server)")
        .addSubcommand((s) => s.setName('list').setDescription('List feeds with their health'))
        .addSubcommand((s) =>
          topic(
            s
              .setName('add')
              .setDescription('Poll a new RSS or Atom feed')
              .addStringOption((o) => o.setName('url').setDescription('the feed URL (http or https)').setRequired(true).setMaxLength(2000)),
            'the topic the feed is about (default topic otherwise)',
          ).addBooleanOption((o) => o.setName('shared').setDescription("operators only: a shared feed every server and workspace reads")),
        )
        .addSubcommand((s) =>
          s
            .setName('remove')
            .setDescription('Stop polling a feed')
            .addIntegerOption((o) => o.setName('id').setDescription('the feed id from /talks feeds list').setRequired(true).setMinValue(1)),
        ),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('rules')
        .setDescription('The labelling rules')
        .addSubcommand((s) =>
          s
            .setName('test')
            .setDescription('Label a sentence and show which rules fired')
            .addStringOption((o) => o.setName('text').setDescription('a headline or sentence').setRequired(true).setMaxLength(1000))
            .addStringOption((o) => o.setName('topic').setDescription("a topic other than the channel's").setMaxLength(40)),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('help')
        .setDescription('What talkwatch can do')
        .addStringOption((o) => o.setName('command').setDescription('help on one command').addChoices(...Object.keys(USAGE).map((k) => ({ name: k, value: k })))),
    )
    .toJSON();
}

/** The JSON registered with Discord: the same every start, so a bulk overwrite changes nothing. */
export const TALKS_COMMAND = buildDefinition();

/** The part of discord.js's option resolver this module reads. */
export interface OptionReader {
  getSubcommandGroup(required: boolean): string | null;
  getSubcommand(required: boolean): string | null;
  getString(name: string): string | null;
  getBoolean(name: string): boolean | null;
  getInteger(name: string): number | null;
}

const topicOption = (o: OptionReader) => (o.getString('topic') ? ['--topic', o.getString('topic')] : []);

/** Where each typed option goes in the text grammar, per subcommand path (rules test and subscribe digest apart). */
const GRAMMAR: Record<string, (o: OptionReader) => Array<string | number | null>> = {
  status: (o) => ['status', o.getString('topic')],
  latest: (o) => ['latest', o.getString('label'), o.getInteger('count'), ...topicOption(o)],
  explain: (o) => ['explain', o.getString('item'), ...topicOption(o)],
  'digest preview': () => ['digest', 'preview'],
  'digest now': () => ['digest', 'now'],
  'subscribe alerts': (o) => ['subscribe', 'alerts', o.getString('topic')],
  'unsubscribe digest': () => ['unsubscribe', 'digest'],
  'unsubscribe alerts': () => ['unsubscribe', 'alerts'],
  'alerts set-stall': (o) => ['alerts', 'set', 'stall', o.getInteger('count'), o.getString('window')],
  'alerts set-share': (o) => ['alerts', 'set', 'share', o.getInteger('percent'), o.getString('window'), 'min', o.getInteger('min')],
  'alerts snooze': (o) => ['alerts', 'snooze', o.getString('duration')],
  'alerts unsnooze': () => ['alerts', 'unsnooze'],
  'alerts show': () => ['alerts', 'show'],
  'feeds list': () => ['feeds', 'list'],
  'feeds add': (o) => ['feeds', 'add', o.getString('url'), o.getString('topic'), o.getBoolean('shared') ? 'shared' : null],
  'feeds remove': (o) => ['feeds', 'remove', o.getInteger('id')],
  help: (o) => ['help', o.getString('command')],
};

/** Discord's own usage line for a subcommand, read from the definition: required options in <>, optional in []. */
export function discordUsage(path: string): string {
  type Node = { name: string; required?: boolean; options?: Node[] };
  let nodes = (TALKS_COMMAND.options ?? []) as Node[];
  let leaf: Node | undefined;
  for (const name of path.split(' ')) {
    leaf = nodes.find((n) => n.name === name);
    nodes = leaf?.options ?? [];
  }
  const args = (leaf?.options ?? []).map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return [`/${COMMAND_NAME}`, path, ...args].join(' ');
}

/** Turns the typed options of a `/talks` interaction into a Command, or says what is wrong with them. */
export function toCommand(options: OptionReader): ParseResult {
  const path = [options.getSubcommandGroup(false), options.getSubcommand(false)].filter(Boolean).join(' ');
  const fail = (error: string): ParseResult => ({ ok: false, error, usage: discordUsage(path) });
  if (path === 'rules test') {
    const text = options.getString('text')?.trim();
    const topic = options.getString('topic')?.trim();
    if (topic && /\s/.test(topic)) return fail(`"${topic}" must be a single word`);
    return text ? parseCommand(`rules test ${topic ? `--topic ${topic} ` : ''}${text}`) : fail('give a sentence to label');
  }
  if (path === 'subscribe digest') return subscribeDigest(options, fail);
  const words = GRAMMAR[path]?.(options);
  if (!words) return fail(`unknown command "/${COMMAND_NAME} ${path}"`);
  // Each option is one word of the grammar; a space inside one would shift the words after it.
  const spaced = words.find((w) => typeof w === 'string' && /\s/.test(w.trim()));
  if (typeof spaced === 'string') return fail(`"${spaced.trim()}" must be a single word`);
  const parsed = parseCommand(words.filter((w) => w !== null && w !== '').map((w) => String(w).trim()).join(' '));
  return parsed.ok ? parsed : { ...parsed, usage: discordUsage(path) };
}

/** time, timezone and topic are told apart by their shape in the text grammar: check each landed in its own slot. */
function subscribeDigest(options: OptionReader, fail: (e: string) => ParseResult): ParseResult {
  const command: Extract<Command, { name: 'subscribe-digest' }> = { name: 'subscribe-digest' };
  const slots = [
    ['time', 'a time as HH:MM on a 24-hour clock, e.g. 08:30'],
    ['timezone', 'an IANA time zone, e.g. Asia/Karachi, America/New_York or UTC'],
    ['topic', 'a topic name: lowercase letters, digits and dashes'],
  ] as const;
  for (const [slot, shape] of slots) {
    const value = options.getString(slot)?.trim();
    if (!value) continue;
    const parsed = /\s/.test(value) ? null : parseCommand(`subscribe digest ${value}`);
    const got = parsed?.ok && parsed.command.name === 'subscribe-digest' ? parsed.command[slot] : undefined;
    if (!got) return fail(`${slot} "${value}" is not ${shape}`);
    command[slot] = got;
  }
  if (options.getBoolean('skip-quiet')) command.quiet = 'skip';
  return { ok: true, command };
}
