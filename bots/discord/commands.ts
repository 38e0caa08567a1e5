/**
 * The `/talks` slash command, derived from core's command list: each command becomes a subcommand (the first word a
 * group when several commands share it; a third word joins the second with a dash, as in `alerts set-stall`), and
 * each argument a typed option with its choices, range or suggestions. A typed interaction becomes a Command through
 * core's readValues, which checks every value exactly as the text grammar does.
 */
import {
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { argName, COMMANDS, readValues, type ArgSpec, type CommandSpec, type ParseResult, type Role } from '../../core/commands/grammar.ts';
import { verbAbout } from '../../core/commands/help.ts';
import { VERBS } from '../../core/commands/spec.ts';

export const COMMAND_NAME = 'talks';

/** What each role is on Discord: the member's permission in the channel where the command is typed. */
export const ROLE_NAMES: Record<Role, string> = {
  anyone: 'anyone',
  'channel-admin': 'Manage Channels',
  'tenant-admin': 'Manage Server',
  operator: 'operators',
};

/** An entry's subcommand path, e.g. ['alerts', 'set-stall'] or ['status']. */
export function discordPath(entry: CommandSpec): string[] {
  return entry.words.length > 1 ? [entry.words[0]!, entry.words.slice(1).join('-')] : [entry.words[0]!];
}

// Discord takes required options before optional ones.
const inDiscordOrder = (args: readonly ArgSpec[]) => [...args.filter((a) => a.required), ...args.filter((a) => !a.required)];
const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`.slice(0, 100);
const MAX_LENGTH: Partial<Record<ArgSpec['type'], number>> = { topic: 40, time: 5, timezone: 64, duration: 16, url: 2000, word: 2000, text: 1000 };

function addOption(s: SlashCommandSubcommandBuilder, arg: ArgSpec): void {
  const name = argName(arg);
  const about = arg.about.slice(0, 100);
  const required = Boolean(arg.required);
  switch (arg.type) {
    case 'integer':
      s.addIntegerOption((o) => o.setName(name).setDescription(about).setRequired(required).setMinValue(arg.min).setMaxValue(arg.max));
      return;
    case 'flag':
      s.addBooleanOption((o) => o.setName(name).setDescription(about).setRequired(required));
      return;
    case 'choice':
    case 'verb': {
      const choices = arg.type === 'choice' ? arg.choices : VERBS;
      s.addStringOption((o) => o.setName(name).setDescription(about).setRequired(required).addChoices(...choices.map((c) => ({ name: c, value: c }))));
      return;
    }
    default:
      s.addStringOption((o) => {
        o.setName(name).setDescription(about).setRequired(required).setMaxLength(MAX_LENGTH[arg.type] ?? 100);
        if (arg.type === 'time') o.setMinLength(4);
        // time zones and durations are suggested as the user types (autocomplete.ts)
        return arg.type === 'timezone' || arg.type === 'duration' ? o.setAutocomplete(true) : o;
      });
  }
}

function subcommand(s: SlashCommandSubcommandBuilder, entry: CommandSpec): SlashCommandSubcommandBuilder {
  s.setName(discordPath(entry).at(-1)!).setDescription(sentence(entry.about));
  for (const arg of inDiscordOrder(entry.args)) addOption(s, arg);
  return s;
}

function buildDefinition(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const talks = new SlashCommandBuilder()
    .setName(COMMAND_NAME)
    .setDescription('Follow the negotiation: momentum, latest stories, digests and stall alerts')
    .setContexts(InteractionContextType.Guild);
  for (const verb of VERBS) {
    const entries = COMMANDS.filter((c) => c.words[0] === verb);
    if (entries.length === 1 && entries[0]!.words.length === 1) talks.addSubcommand((s) => subcommand(s, entries[0]!));
    else talks.addSubcommandGroup((g) => entries.reduce((group, e) => group.addSubcommand((s) => subcommand(s, e)), g.setName(verb).setDescription(sentence(verbAbout(verb)))));
  }
  return talks.toJSON();
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

/** The command list's entry for an interaction's subcommand path, e.g. 'alerts set-stall'. */
export function entryAt(path: string): CommandSpec | undefined {
  return COMMANDS.find((c) => discordPath(c).join(' ') === path);
}

/** Discord's own usage line: `/talks alerts set-stall <count> <window>`. */
export function discordUsage(entry: CommandSpec): string {
  const args = inDiscordOrder(entry.args).map((a) => (a.required ? `<${argName(a)}>` : `[${argName(a)}]`));
  return [`/${COMMAND_NAME}`, ...discordPath(entry), ...args].join(' ');
}

/** Turns the typed options of a `/talks` interaction into a Command, or says what is wrong with them. */
export function toCommand(options: OptionReader): ParseResult {
  const path = [options.getSubcommandGroup(false), options.getSubcommand(false)].filter(Boolean).join(' ');
  const entry = entryAt(path);
  if (!entry) return { ok: false, error: `unknown command "/${COMMAND_NAME} ${path}"`, usage: `/${COMMAND_NAME} help` };
  const read = readValues(entry, (arg) => {
    const name = argName(arg);
    return arg.type === 'integer' ? options.getInteger(name) : arg.type === 'flag' ? options.getBoolean(name) : options.getString(name);
  });
  return read.ok ? read : { ...read, usage: discordUsage(entry) };
}
