/**
 * The one command grammar every front end shares (Slack `/talks ...`, Discord `/talks` subcommands,
 * `talkwatch command -- ...`), derived from the command list in spec.ts. Text is parsed with parseCommand;
 * Discord's typed options go through readValues, which checks each value exactly as the text grammar does.
 */
import type { ChannelRef } from '../types.ts';
import { COMMANDS, entryOf, VERBS, type ArgSpec, type Command, type CommandSpec } from './spec.ts';

export { COMMANDS, entryOf, MAX_ID, MAX_LATEST, requiredRole, type ArgSpec, type Command, type CommandSpec } from './spec.ts';

/**
 * Who may run a command: anyone; a channel admin (this channel's alerts: Slack workspace admins, Discord Manage
 * Channels); a tenant admin (the tenant's own feeds: Slack workspace admins, Discord Manage Server); or the operator
 * (the shared feeds: the CLI, the console, and the chat users the config names). An operator passes every check.
 */
export type Role = 'anyone' | 'channel-admin' | 'tenant-admin' | 'operator';

/** Who typed a command, and where (the channel names its tenant). */
export interface Invocation {
  channel: ChannelRef;
  user: { id: string; name?: string };
  /** the service's operator: the CLI, the console, or a chat user listed under operators in the config */
  operator: boolean;
  /** Resolved only when a command needs it: Slack asks users.info, Discord reads the member's permissions. */
  isAdmin(level: 'channel' | 'tenant'): Promise<boolean>;
}

/** Whether the invocation may run a command needing this role. */
export async function mayRun(role: Role, inv: Invocation): Promise<boolean> {
  if (role === 'anyone' || inv.operator) return true;
  if (role === 'operator') return false;
  return inv.isAdmin(role === 'tenant-admin' ? 'tenant' : 'channel');
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string };
type Read = { ok: true; value: unknown } | { ok: false; error: string };

/** The name users see for an argument (Discord's option name). */
export const argName = (arg: ArgSpec): string => arg.name ?? arg.key;

/** An entry's text usage line: required arguments in <>, optional ones in [], e.g. `alerts set stall <count> <window>`. */
export function usageOf(entry: CommandSpec): string {
  const placeholder = (a: ArgSpec) => a.usage ?? (a.type === 'choice' ? a.choices.join('|') : argName(a));
  const args = entry.args.map((a) => (a.keyword ? `${a.keyword} ` : '') + (a.required ? `<${placeholder(a)}>` : `[${placeholder(a)}]`));
  return [...entry.words, ...args].join(' ');
}

/** Every form of each command word, e.g. USAGE.feeds = 'feeds list [all] | feeds add <url> [topic] [shared] | ...'. */
export const USAGE: Readonly<Record<string, string>> = Object.fromEntries(
  VERBS.map((verb) => [verb, COMMANDS.filter((c) => c.words[0] === verb).map(usageOf).join(' | ')]),
);

/** "6h", "90m", "2d", "1h30m" -> minutes; null when malformed. */
export function parseDuration(text: string): number | null {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/i.exec(text.trim());
  if (!m || text.trim() === '') return null;
  const minutes = Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return minutes > 0 ? minutes : null;
}

export function formatDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : ''].join('') || '0m';
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const TOPIC = /^[a-z0-9][a-z0-9-]{0,39}$/;
const quoted = (word: string) => `"${word.slice(0, 40)}"`;
// Slack wraps URLs as <https://...> or <https://...|label>
const unwrap = (word: string) => word.replace(/^<([^|>]+)(\|[^>]*)?>$/, '$1');

/** Could this word fill the argument? Optional arguments are told apart by their shape. */
function fits(arg: ArgSpec, word: string): boolean {
  const w = word.toLowerCase();
  switch (arg.type) {
    case 'choice':
      return arg.choices.includes(w);
    case 'verb':
      return VERBS.includes(w);
    case 'integer':
      return /^\d+%?$/.test(w) && (arg.unit === '%' || !w.endsWith('%'));
    case 'duration':
      return /^(\d+[dhm])+$/.test(w);
    case 'time':
      return /^\d{1,2}:\d{2}$/.test(w);
    case 'timezone':
      return w.includes('/') || /^(utc|gmt)$/.test(w);
    case 'topic':
      return TOPIC.test(w);
    case 'flag':
      return w === argName(arg);
    default:
      return true;
  }
}

/**
 * The value of one argument, checked: the same for a word of text and for a Discord option. Mistakes quote what was
 * given; a number out of range is named by `label` (the usage placeholder in text, the option's name on Discord).
 */
export function readArg(arg: ArgSpec, raw: string, label = arg.usage ?? argName(arg)): Read {
  const word = raw.trim();
  const w = word.toLowerCase();
  const bad = (error: string): Read => ({ ok: false, error });
  const noun = arg.noun ?? `a ${argName(arg)}`;
  switch (arg.type) {
    case 'choice':
      return arg.choices.includes(w) ? { ok: true, value: w } : bad(`${quoted(word)} is not ${noun} (${arg.choices.join(', ')})`);
    case 'verb':
      return VERBS.includes(w) ? { ok: true, value: w } : bad(`${quoted(word)} is not a command; help lists them`);
    case 'integer': {
      const digits = arg.unit ? w.replace(/%$/, '') : w;
      if (!/^\d+$/.test(digits)) return bad(`${quoted(word)} is not ${noun}`);
      const n = Number(digits);
      // an id past any row's is no id at all; a count out of range gets the range
      if (arg.max >= 1_000_000 && (digits.length > 12 || n > arg.max)) return bad(`${quoted(word)} is not ${noun}`);
      if (digits.length > 12 || n < arg.min || n > arg.max) return bad(`${label} must be from ${arg.min} to ${arg.max}`);
      return { ok: true, value: n };
    }
    case 'duration': {
      const minutes = parseDuration(w);
      if (minutes === null) return bad(`give a duration such as 30m, 6h or 2d, not ${quoted(word)}`);
      if (minutes > arg.maxMinutes) return bad(`${quoted(word)} is too long: give at most ${formatDuration(arg.maxMinutes)}`);
      return { ok: true, value: minutes };
    }
    case 'time': {
      const m = TIME.exec(w);
      return m ? { ok: true, value: `${m[1]!.padStart(2, '0')}:${m[2]}` } : bad(`${quoted(word)} is not a time (HH:MM on a 24-hour clock)`);
    }
    case 'timezone':
      if (/^(utc|gmt)$/.test(w)) return { ok: true, value: 'UTC' };
      return /^\S+$/.test(word) && isTimeZone(word)
        ? { ok: true, value: word }
        : bad(`${quoted(word)} is not an IANA timezone (e.g. Asia/Karachi, America/New_York, UTC)`);
    case 'topic':
      return TOPIC.test(w) ? { ok: true, value: w } : bad(`${quoted(word)} is not a topic name (lowercase letters, digits and dashes)`);
    case 'url':
    case 'word': {
      const value = unwrap(word);
      if (!value) return bad(`give ${noun}`);
      return /\s/.test(value) ? bad(`${quoted(word)} must be one word`) : { ok: true, value };
    }
    case 'text':
      return word ? { ok: true, value: word } : bad(`give ${noun}`);
    case 'flag':
      return { ok: true, value: arg.value };
  }
}

/** "a, b or c"; with two, "neither a nor b" reads better after "is". */
function notOneOf(nouns: string[]): string {
  if (nouns.length === 2) return `is neither ${nouns[0]} nor ${nouns[1]}`;
  return `is not ${nouns.length > 1 ? `${nouns.slice(0, -1).join(', ')} or ${nouns.at(-1)}` : nouns[0]}`;
}

const nounOf = (arg: ArgSpec) => arg.noun ?? `a ${argName(arg)}`;

function failure(entry: CommandSpec, error: string): ParseResult {
  return { ok: false, error: entry.example ? `${error}; e.g. ${entry.example}` : error, usage: usageOf(entry) };
}

export function parseCommand(input: string): ParseResult {
  const tokens = [...input.matchAll(/\S+/g)].map((m) => ({ word: m[0], at: m.index }));
  if (tokens.length === 0) return { ok: true, command: { name: 'help' } };
  const lower = tokens.map((t) => t.word.toLowerCase());
  const matches = COMMANDS.filter((c) => c.words.every((w, i) => lower[i] === w));
  const entry = matches.sort((a, b) => b.words.length - a.words.length)[0];
  if (entry) return parseArgs(entry, tokens.slice(entry.words.length), input);
  // The words so far start several commands: name them.
  for (let n = Math.min(lower.length, 2); n >= 1; n--) {
    const forms = COMMANDS.filter((c) => c.words.length > n && c.words.slice(0, n).every((w, i) => lower[i] === w)).map((c) => c.words.join(' '));
    if (forms.length) return { ok: false, error: `say ${[...new Set(forms)].join(', ').replace(/, ([^,]*)$/, ' or $1')}`, usage: USAGE[lower[0]!]! };
  }
  return { ok: false, error: `unknown command ${quoted(tokens[0]!.word)}`, usage: USAGE.help! };
}

function parseArgs(entry: CommandSpec, tokens: Array<{ word: string; at: number }>, input: string): ParseResult {
  const values: Record<string, unknown> = { name: entry.name, ...entry.fixed };
  const fail = (error: string) => failure(entry, error);
  const text = entry.args.find((a) => a.type === 'text');
  const rest: typeof tokens = [];

  // `--name value` or `--name=value`; before a rest-of-line text only at its start, so the text keeps its words
  let i = 0;
  for (; i < tokens.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/i.exec(tokens[i]!.word);
    const option = m ? entry.args.find((a) => a.option && argName(a) === m[1]!.toLowerCase()) : undefined;
    if (!option) {
      if (text) break;
      rest.push(tokens[i]!);
      continue;
    }
    const raw = m![2] ?? tokens[++i]?.word ?? '';
    const read = readArg(option, raw);
    if (!read.ok) return fail(`--${argName(option)} needs ${nounOf(option)}`);
    values[option.key] = read.value;
  }
  if (text) {
    const read = readArg(text, i < tokens.length ? input.slice(tokens[i]!.at) : '');
    if (!read.ok) return fail(`${entry.words.join(' ')} needs ${nounOf(text)}`);
    values[text.key] = read.value;
    return { ok: true, command: values as Command };
  }

  let at = 0;
  for (const arg of entry.args.filter((a) => a.required && !a.option)) {
    if (arg.keyword) {
      if (rest[at]?.word.toLowerCase() !== arg.keyword) return fail(`${entry.words.join(' ')} needs "${arg.keyword} <${arg.usage ?? argName(arg)}>"`);
      at++;
    }
    const word = rest[at++]?.word;
    if (word === undefined) return fail(`${entry.words.join(' ')} needs ${nounOf(arg)}`);
    const read = readArg(arg, word);
    if (!read.ok) return fail(read.error);
    values[arg.key] = read.value;
  }

  // The optional ones in any order, told apart by shape; exact words (flags) first, since a flag looks like a topic.
  const optional = entry.args.filter((a) => !a.required && !a.option);
  const ordered = [...optional.filter((a) => a.type === 'flag'), ...optional.filter((a) => a.type !== 'flag')];
  for (const { word } of rest.slice(at)) {
    const arg = ordered.find((a) => values[a.key] === undefined && fits(a, word));
    if (!arg) {
      const slots = optional.filter((a) => a.type !== 'flag');
      if (slots.some((a) => values[a.key] === undefined)) return fail(`${quoted(word)} ${notOneOf(slots.map(nounOf))}`);
      return fail(entry.args.length ? `${quoted(word)} is one word too many` : `${entry.words.join(' ')} takes nothing more`);
    }
    const read = readArg(arg, word);
    if (!read.ok) return fail(read.error);
    values[arg.key] = read.value;
  }
  for (const arg of entry.args) if (arg.type === 'integer' && values[arg.key] === undefined && arg.default !== undefined) values[arg.key] = arg.default;
  return { ok: true, command: values as Command };
}

/**
 * A Command from typed values (Discord's options), each checked as the text grammar checks it. `get` answers the
 * value of an argument, or null when it was not given.
 */
export function readValues(entry: CommandSpec, get: (arg: ArgSpec) => string | number | boolean | null): { ok: true; command: Command } | { ok: false; error: string } {
  const values: Record<string, unknown> = { name: entry.name, ...entry.fixed };
  for (const arg of entry.args) {
    const raw = get(arg);
    if (raw === null || raw === false || (typeof raw === 'string' && raw.trim() === '')) {
      if (arg.required) return { ok: false, error: `${argName(arg)} is missing: give ${nounOf(arg)}` };
      if (arg.type === 'integer' && arg.default !== undefined) values[arg.key] = arg.default;
      continue;
    }
    const read = readArg(arg, String(raw), argName(arg));
    if (!read.ok) return read;
    values[arg.key] = read.value;
  }
  return { ok: true, command: values as Command };
}


/**
 * A Command as text the grammar reads back to the same Command: its words, then `--options`, the required
 * arguments in order (after their keyword), the optional ones, and a rest-of-line text last.
 */
export function formatCommand(command: Command): string {
  const entry = entryOf(command);
  const values = command as Record<string, unknown>;
  const show = (arg: ArgSpec): string | null => {
    const value = values[arg.key];
    if (value === undefined || value === null || value === false) return null;
    if (arg.type === 'flag') return argName(arg);
    if (arg.type === 'duration') return formatDuration(value as number);
    if (arg.type === 'integer' && arg.default === value && !arg.required) return null;
    return String(value);
  };
  const words: string[] = [...entry.words];
  for (const arg of entry.args.filter((a) => a.option)) {
    const shown = show(arg);
    if (shown !== null) words.push(`--${argName(arg)}`, shown);
  }
  for (const arg of entry.args.filter((a) => a.required && !a.option && a.type !== 'text')) {
    if (arg.keyword) words.push(arg.keyword);
    words.push(show(arg) ?? '');
  }
  for (const arg of entry.args.filter((a) => !a.required && !a.option && a.type !== 'text')) {
    const shown = show(arg);
    if (shown !== null) words.push(shown);
  }
  const text = entry.args.find((a) => a.type === 'text');
  if (text) words.push(String(values[text.key] ?? ''));
  return words.join(' ');
}
