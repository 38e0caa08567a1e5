/**
 * The one command grammar every front end shares (Slack `/talks ...`, Discord `/talks` subcommands,
 * `talkwatch command -- ...`). Slack and the CLI parse text with parseCommand; Discord builds a Command from its
 * typed options. Either way the same handler runs it.
 */
import { LABELS, type ChannelRef, type Label } from '../types.ts';

export type Command =
  | { name: 'status'; topic?: string }
  | { name: 'latest'; label?: Label; count: number; topic?: string }
  | { name: 'explain'; target: string; topic?: string }
  | { name: 'digest'; action: 'preview' | 'now' }
  | { name: 'subscribe-digest'; time?: string; timezone?: string; topic?: string; quiet?: 'line' | 'skip' }
  | { name: 'subscribe-alerts'; topic?: string }
  | { name: 'unsubscribe'; what: 'digest' | 'alerts' }
  | { name: 'alerts-set-stall'; count: number; windowMinutes: number }
  | { name: 'alerts-set-share'; percent: number; windowMinutes: number; min: number }
  | { name: 'alerts-snooze'; minutes: number }
  | { name: 'alerts-unsnooze' }
  | { name: 'alerts-show' }
  | { name: 'feeds-list' }
  | { name: 'feeds-add'; url: string; topic?: string; shared?: boolean }
  | { name: 'feeds-remove'; id: number }
  | { name: 'rules-test'; text: string; topic?: string }
  | { name: 'help'; about?: string };

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

export function requiredRole(command: Command): Role {
  switch (command.name) {
    case 'feeds-add':
      return command.shared ? 'operator' : 'tenant-admin';
    case 'feeds-remove':
      return 'tenant-admin';
    case 'alerts-set-stall':
    case 'alerts-set-share':
    case 'subscribe-alerts':
    case 'alerts-snooze':
    case 'alerts-unsnooze':
      return 'channel-admin';
    case 'unsubscribe':
      return command.what === 'alerts' ? 'channel-admin' : 'anyone';
    default:
      return 'anyone';
  }
}

/** Whether the invocation may run a command needing this role. */
export async function mayRun(role: Role, inv: Invocation): Promise<boolean> {
  if (role === 'anyone' || inv.operator) return true;
  if (role === 'operator') return false;
  return inv.isAdmin(role === 'tenant-admin' ? 'tenant' : 'channel');
}

export const USAGE: Record<string, string> = {
  status: 'status [topic]',
  latest: 'latest [progress|stall|neutral] [n] [--topic name]',
  explain: 'explain <item id or url> [--topic name]',
  digest: 'digest preview | now',
  subscribe: 'subscribe digest [HH:MM] [timezone] [topic] [skip-quiet] | subscribe alerts [topic]',
  unsubscribe: 'unsubscribe digest | alerts',
  alerts: 'alerts set stall <count> <window> | alerts set share <percent> <window> min <n> | alerts snooze <duration> | alerts unsnooze | alerts show',
  feeds: 'feeds list | feeds add <url> [topic] [shared] | feeds remove <id>',
  rules: 'rules test [--topic name] <text>',
  help: 'help [command]',
};

export const MAX_LATEST = 20;
/** the largest id anything has: PostgreSQL's integer */
export const MAX_ID = 2_147_483_647;
const MAX_WINDOW_MINUTES = 30 * 24 * 60;

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string };

const fail = (error: string, about: string): ParseResult => ({ ok: false, error, usage: USAGE[about] ?? USAGE.help! });

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
// more than 12 digits is never a count or an id we have: refused before it can overflow anything
const positive = (s: string | undefined) => (s !== undefined && /^\d{1,12}$/.test(s) ? Number(s) : null);

/** Take `--topic NAME` out of the words: the topic, or an error when it is malformed. */
function takeTopic(words: string[], about: string): { topic?: string; rest: string[] } | ParseResult {
  const at = words.findIndex((w) => w.toLowerCase() === '--topic' || w.toLowerCase().startsWith('--topic='));
  if (at < 0) return { rest: words };
  const inline = words[at]!.includes('=') ? words[at]!.slice(words[at]!.indexOf('=') + 1) : undefined;
  const name = (inline ?? words[at + 1] ?? '').toLowerCase();
  if (!TOPIC.test(name)) return fail('--topic needs a topic name, e.g. --topic iran-us', about);
  return { topic: name, rest: [...words.slice(0, at), ...words.slice(at + (inline === undefined ? 2 : 1))] };
}

export function parseCommand(input: string): ParseResult {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const [head, ...rest] = words;
  const verb = (head ?? 'help').toLowerCase();
  const arg = (i: number) => rest[i]?.toLowerCase();

  switch (verb) {
    case 'help':
      return { ok: true, command: rest.length ? { name: 'help', about: arg(0)! } : { name: 'help' } };

    case 'status':
      if (rest.length > 1 || (rest[0] && !TOPIC.test(arg(0)!))) return fail('status takes at most a topic name', 'status');
      return { ok: true, command: rest[0] ? { name: 'status', topic: arg(0)! } : { name: 'status' } };

    case 'latest': {
      const options = takeTopic(rest, 'latest');
      if ('ok' in options) return options;
      let label: Label | undefined;
      let count = 5;
      for (const word of options.rest.map((w) => w.toLowerCase())) {
        if ((LABELS as readonly string[]).includes(word) && !label) label = word as Label;
        else if (positive(word) !== null) count = positive(word)!;
        else return fail(`"${word.slice(0, 40)}" is neither a label nor a number`, 'latest');
      }
      if (count < 1 || count > MAX_LATEST) return fail(`n must be from 1 to ${MAX_LATEST}`, 'latest');
      return { ok: true, command: { name: 'latest', ...(label ? { label } : {}), count, ...(options.topic ? { topic: options.topic } : {}) } };
    }

    case 'explain': {
      const options = takeTopic(rest, 'explain');
      if ('ok' in options) return options;
      if (options.rest.length !== 1) return fail('explain needs one item id or URL', 'explain');
      return { ok: true, command: { name: 'explain', target: options.rest[0]!, ...(options.topic ? { topic: options.topic } : {}) } };
    }

    case 'digest':
      if (rest.length !== 1 || !['preview', 'now'].includes(arg(0)!)) return fail('say digest preview or digest now', 'digest');
      return { ok: true, command: { name: 'digest', action: arg(0) as 'preview' | 'now' } };

    case 'subscribe':
      return parseSubscribe(rest);

    case 'unsubscribe':
      if (rest.length !== 1 || !['digest', 'alerts'].includes(arg(0)!)) return fail('say unsubscribe digest or unsubscribe alerts', 'unsubscribe');
      return { ok: true, command: { name: 'unsubscribe', what: arg(0) as 'digest' | 'alerts' } };

    case 'alerts':
      return parseAlerts(rest.map((w) => w.toLowerCase()));

    case 'feeds':
      return parseFeeds(rest);

    case 'rules': {
      if (arg(0) !== 'test' || rest.length < 2) return fail('say rules test followed by a sentence', 'rules');
      let text = input.trim().replace(/^rules\s+test\s+/i, '');
      const option = /^--topic(?:=|\s+)(\S+)\s*/i.exec(text);
      if (option) {
        if (!TOPIC.test(option[1]!.toLowerCase())) return fail('--topic needs a topic name, e.g. --topic iran-us', 'rules');
        text = text.slice(option[0].length);
        if (!text) return fail('say rules test followed by a sentence', 'rules');
        return { ok: true, command: { name: 'rules-test', text, topic: option[1]!.toLowerCase() } };
      }
      return { ok: true, command: { name: 'rules-test', text } };
    }

    default:
      return fail(`unknown command "${head}"`, 'help');
  }
}

function parseSubscribe(rest: string[]): ParseResult {
  const what = rest[0]?.toLowerCase();
  if (what === 'alerts') {
    if (rest.length > 2 || (rest[1] && !TOPIC.test(rest[1].toLowerCase()))) return fail('subscribe alerts takes at most a topic name', 'subscribe');
    return { ok: true, command: rest[1] ? { name: 'subscribe-alerts', topic: rest[1].toLowerCase() } : { name: 'subscribe-alerts' } };
  }
  if (what !== 'digest') return fail('say subscribe digest or subscribe alerts', 'subscribe');
  const command: Extract<Command, { name: 'subscribe-digest' }> = { name: 'subscribe-digest' };
  for (const word of rest.slice(1)) {
    const time = TIME.exec(word);
    // skip-quiet: a day with no stories sends nothing instead of one line
    if (word.toLowerCase() === 'skip-quiet') command.quiet = 'skip';
    else if (time && !command.time) command.time = `${time[1]!.padStart(2, '0')}:${time[2]}`;
    else if ((word.includes('/') || /^(utc|gmt)$/i.test(word)) && !command.timezone) {
      if (!isTimeZone(word)) return fail(`"${word}" is not an IANA timezone (e.g. Asia/Karachi, America/New_York, UTC)`, 'subscribe');
      command.timezone = /^(utc|gmt)$/i.test(word) ? 'UTC' : word;
    } else if (TOPIC.test(word.toLowerCase()) && !command.topic) command.topic = word.toLowerCase();
    else return fail(`"${word}" is not a time (HH:MM), a timezone or a topic`, 'subscribe');
  }
  return { ok: true, command };
}

function parseAlerts(rest: string[]): ParseResult {
  const [action, ...args] = rest;
  switch (action) {
    case 'show':
      return args.length ? fail('alerts show takes nothing more', 'alerts') : { ok: true, command: { name: 'alerts-show' } };
    case 'unsnooze':
      return args.length ? fail('alerts unsnooze takes nothing more', 'alerts') : { ok: true, command: { name: 'alerts-unsnooze' } };
    case 'snooze': {
      const minutes = args.length === 1 ? parseDuration(args[0]!) : null;
      if (minutes === null || minutes > MAX_WINDOW_MINUTES) return fail('give a duration such as 30m, 6h or 2d (at most 30d)', 'alerts');
      return { ok: true, command: { name: 'alerts-snooze', minutes } };
    }
    case 'set': {
      if (args[0] === 'stall') {
        const count = positive(args[1]);
        const windowMinutes = args[2] ? parseDuration(args[2]) : null;
        if (args.length !== 3 || count === null || count < 1 || count > 1000 || windowMinutes === null || windowMinutes > MAX_WINDOW_MINUTES) {
          return fail('e.g. alerts set stall 3 6h (a count of stall stories within a window of at most 30d)', 'alerts');
        }
        return { ok: true, command: { name: 'alerts-set-stall', count, windowMinutes } };
      }
      if (args[0] === 'share') {
        const percent = positive(args[1]?.replace(/%$/, ''));
        const windowMinutes = args[2] ? parseDuration(args[2]) : null;
        const min = positive(args[4]);
        if (args.length !== 5 || args[3] !== 'min' || percent === null || percent < 1 || percent > 100 || windowMinutes === null ||
          windowMinutes > MAX_WINDOW_MINUTES || min === null || min < 1) {
          return fail('e.g. alerts set share 60 24h min 5 (percent of stories that are stall, at least n stories)', 'alerts');
        }
        return { ok: true, command: { name: 'alerts-set-share', percent, windowMinutes, min } };
      }
      return fail('say alerts set stall ... or alerts set share ...', 'alerts');
    }
    default:
      return fail(action ? `unknown alerts action "${action}"` : 'alerts needs an action', 'alerts');
  }
}

function parseFeeds(rest: string[]): ParseResult {
  const action = rest[0]?.toLowerCase();
  if (action === 'list' && rest.length === 1) return { ok: true, command: { name: 'feeds-list' } };
  if (action === 'add' && rest.length >= 2 && rest.length <= 4) {
    // Slack wraps URLs as <https://...> or <https://...|label>
    const url = rest[1]!.replace(/^<([^|>]+)(\|[^>]*)?>$/, '$1');
    const command: Extract<Command, { name: 'feeds-add' }> = { name: 'feeds-add', url };
    for (const word of rest.slice(2).map((w) => w.toLowerCase())) {
      // shared: an operator's feed that every tenant reads
      if (word === 'shared' && !command.shared) command.shared = true;
      else if (TOPIC.test(word) && !command.topic) command.topic = word;
      else return fail(`"${word.slice(0, 40)}" is not a topic name`, 'feeds');
    }
    return { ok: true, command };
  }
  if (action === 'remove' && rest.length === 2) {
    const id = positive(rest[1]);
    if (id === null || id < 1 || id > MAX_ID) return fail('feeds remove needs the numeric id from feeds list', 'feeds');
    return { ok: true, command: { name: 'feeds-remove', id } };
  }
  return fail('say feeds list, feeds add <url> [topic] [shared] or feeds remove <id>', 'feeds');
}
