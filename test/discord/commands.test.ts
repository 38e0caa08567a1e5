/**
 * `/talks` typed options -> core's Command, read through discord.js's own option resolver, one row per case.
 * Discord form and text form must mean the same thing, so each row also names the text the grammar would get.
 */
import { readFileSync } from 'node:fs';
import { Client, CommandInteractionOptionResolver, PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { suggest } from '../../bots/discord/autocomplete.ts';
import { discordUsage, entryAt, TALKS_COMMAND, toCommand, type OptionReader } from '../../bots/discord/commands.ts';
import { BOT_PERMISSIONS, inviteUrl } from '../../bots/discord/index.ts';
import { argName, COMMANDS, parseCommand, type Command } from '../../core/commands/grammar.ts';
import { GROUPS, VERBS } from '../../core/commands/spec.ts';
import { commandOptions } from '../support/discord-fixtures.ts';

const client = new Client({ intents: [] });
// The resolver a ChatInputCommandInteraction carries; its constructor is private in the typings only.
const Resolver = CommandInteractionOptionResolver as unknown as new (client: Client, options: unknown, resolved: object) => OptionReader;
const read = (path: string[], values: Record<string, string | number | boolean> = {}) => toCommand(new Resolver(client, commandOptions(path, values), {}));

const accepted: Array<[string[], Record<string, string | number | boolean>, string, Command]> = [
  [['status'], {}, 'status', { name: 'status' }],
  [['status'], { topic: 'Iran-US' }, 'status iran-us', { name: 'status', topic: 'iran-us' }],
  [['latest'], {}, 'latest', { name: 'latest', count: 5 }],
  [['latest'], { label: 'progress', count: 10 }, 'latest progress 10', { name: 'latest', label: 'progress', count: 10 }],
  [['explain'], { item: 'https://www.dawn.com/news/1900123' }, 'explain https://www.dawn.com/news/1900123', { name: 'explain', target: 'https://www.dawn.com/news/1900123' }],
  [['digest', 'preview'], {}, 'digest preview', { name: 'digest', action: 'preview' }],
  [['digest', 'now'], {}, 'digest now', { name: 'digest', action: 'now' }],
  [['subscribe', 'digest'], {}, 'subscribe digest', { name: 'subscribe-digest' }],
  [['subscribe', 'digest'], { time: '8:30', timezone: 'Asia/Karachi', topic: 'iran-us' }, 'subscribe digest 8:30 Asia/Karachi iran-us',
    { name: 'subscribe-digest', time: '08:30', timezone: 'Asia/Karachi', topic: 'iran-us' }],
  [['subscribe', 'digest'], { timezone: 'utc' }, 'subscribe digest utc', { name: 'subscribe-digest', timezone: 'UTC' }],
  [['subscribe', 'digest'], { time: '07:00', 'skip-quiet': true }, 'subscribe digest 07:00 skip-quiet', { name: 'subscribe-digest', time: '07:00', quiet: 'skip' }],
  [['subscribe', 'alerts'], { topic: 'iran-us' }, 'subscribe alerts iran-us', { name: 'subscribe-alerts', topic: 'iran-us' }],
  [['unsubscribe', 'digest'], {}, 'unsubscribe digest', { name: 'unsubscribe', what: 'digest' }],
  [['unsubscribe', 'alerts'], {}, 'unsubscribe alerts', { name: 'unsubscribe', what: 'alerts' }],
  [['alerts', 'set-stall'], { count: 3, window: '6h' }, 'alerts set stall 3 6h', { name: 'alerts-set-stall', count: 3, windowMinutes: 360 }],
  [['alerts', 'set-share'], { percent: 60, window: '24h', min: 5 }, 'alerts set share 60 24h min 5',
    { name: 'alerts-set-share', percent: 60, windowMinutes: 1440, min: 5 }],
  [['alerts', 'snooze'], { duration: '1h30m' }, 'alerts snooze 1h30m', { name: 'alerts-snooze', minutes: 90 }],
  [['alerts', 'unsnooze'], {}, 'alerts unsnooze', { name: 'alerts-unsnooze' }],
  [['alerts', 'show'], {}, 'alerts show', { name: 'alerts-show' }],
  [['feeds', 'list'], {}, 'feeds list', { name: 'feeds-list' }],
  [['feeds', 'list'], { all: true }, 'feeds list all', { name: 'feeds-list', all: true }],
  [['feeds', 'add'], { url: 'https://www.dawn.com/feeds/home', topic: 'iran-us' }, 'feeds add https://www.dawn.com/feeds/home iran-us',
    { name: 'feeds-add', url: 'https://www.dawn.com/feeds/home', topic: 'iran-us' }],
  [['feeds', 'add'], { url: 'https://www.dawn.com/feeds/home', shared: true }, 'feeds add https://www.dawn.com/feeds/home shared',
    { name: 'feeds-add', url: 'https://www.dawn.com/feeds/home', shared: true }],
  [['feeds', 'remove'], { id: 7 }, 'feeds remove 7', { name: 'feeds-remove', id: 7 }],
  [['rules', 'test'], { text: 'Talks collapse but  sides "remain engaged"' }, 'rules test Talks collapse but  sides "remain engaged"',
    { name: 'rules-test', text: 'Talks collapse but  sides "remain engaged"' }],
  [['topics'], {}, 'topics', { name: 'topics' }],
  [['dashboard'], {}, 'dashboard', { name: 'dashboard' }],
  [['help'], {}, 'help', { name: 'help' }],
  [['help'], { command: 'alerts' }, 'help alerts', { name: 'help', about: 'alerts' }],
];

const refused: Array<[string[], Record<string, string | number>, RegExp, string]> = [
  [['alerts', 'snooze'], { duration: '45d' }, /"45d" is too long: give at most 30d/, '/talks alerts snooze <duration>'],
  [['alerts', 'set-stall'], { count: 3, window: '6 h' }, /give a duration such as 30m, 6h or 2d, not "6 h"/, '/talks alerts set-stall <count> <window>'],
  [['alerts', 'set-share'], { percent: 60, window: 'soon', min: 5 }, /not "soon"/, '/talks alerts set-share <percent> <window> <min>'],
  [['latest'], { count: 50 }, /count must be from 1 to 20/, '/talks latest [label] [count] [topic]'],
  [['status'], { topic: 'Iran US' }, /"Iran US" is not a topic name/, '/talks status [topic]'],
  [['subscribe', 'digest'], { time: '25:00' }, /"25:00" is not a time \(HH:MM/, '/talks subscribe digest [time] [timezone] [topic] [skip-quiet]'],
  [['subscribe', 'digest'], { time: 'Asia/Karachi' }, /"Asia\/Karachi" is not a time/, '/talks subscribe digest [time] [timezone] [topic] [skip-quiet]'],
  [['subscribe', 'digest'], { timezone: 'Mars/Olympus' }, /"Mars\/Olympus" is not an IANA/, '/talks subscribe digest [time] [timezone] [topic] [skip-quiet]'],
  [['subscribe', 'digest'], { topic: 'iran us' }, /"iran us" is not a topic name/, '/talks subscribe digest [time] [timezone] [topic] [skip-quiet]'],
  [['explain'], { item: 'two words' }, /must be one word/, '/talks explain <item> [topic]'],
  [['feeds', 'add'], { url: 'https://a.example/feed', topic: 'Not_A_Topic!' }, /not a topic name/, '/talks feeds add <url> [topic] [shared]'],
  [['rules', 'test'], { text: '   ' }, /text is missing: give a sentence/, '/talks rules test <text> [topic]'],
];

describe('/talks options to Command', () => {
  it.each(accepted)('%j %j means "%s"', (path, values, text, expected) => {
    expect(read(path, values)).toEqual({ ok: true, command: expected });
    expect(parseCommand(text)).toEqual({ ok: true, command: expected });
  });

  it.each(refused)('%j %j is refused', (path, values, error, usage) => {
    const result = read(path, values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(error);
    expect(result.usage).toBe(usage);
  });

  it('covers every subcommand the definition registers', () => {
    type Node = { name: string; type: number; options?: Node[] };
    const leaves = (TALKS_COMMAND.options as Node[]).flatMap((o) => (o.type === 2 ? (o.options ?? []).map((s) => `${o.name} ${s.name}`) : [o.name]));
    const tested = new Set(accepted.map(([path]) => path.join(' ')));
    expect(leaves.filter((l) => !tested.has(l))).toEqual([]);
    expect(leaves).toHaveLength(COMMANDS.length);
    expect(discordUsage(entryAt('alerts set-share')!)).toBe('/talks alerts set-share <percent> <window> <min>');
  });

  it('offers help on every command of the grammar', () => {
    const help = (TALKS_COMMAND.options as Array<{ name: string; options?: Array<{ choices?: Array<{ value: string }> }> }>).find((o) => o.name === 'help');
    expect(help?.options?.[0]?.choices?.map((c) => c.value)).toEqual([...VERBS]);
  });

  it("takes every description from the command list whole, within Discord's 100 characters", () => {
    const texts = [...COMMANDS.flatMap((c) => [c.about, ...c.args.map((a) => a.about)]), ...Object.values(GROUPS)];
    expect(texts.filter((t) => t.length > 100)).toEqual([]);
  });

  it('carries the ranges, choices and suggestions of the command list', () => {
    type Option = { name: string; type: number; required?: boolean; min_value?: number; max_value?: number; autocomplete?: boolean; choices?: unknown[]; options?: Option[] };
    const leaf = (path: string[]) => path.reduce<Option[]>((nodes, name) => nodes.find((n) => n.name === name)?.options ?? [], TALKS_COMMAND.options as Option[]);
    expect(leaf(['latest']).find((o) => o.name === 'count')).toMatchObject({ min_value: 1, max_value: 20 });
    expect(leaf(['latest']).find((o) => o.name === 'label')?.choices).toHaveLength(3);
    expect(leaf(['alerts', 'set-stall']).map((o) => [o.name, o.required ?? false])).toEqual([['count', true], ['window', true]]);
    expect(leaf(['alerts', 'snooze'])[0]).toMatchObject({ name: 'duration', autocomplete: true });
    expect(leaf(['subscribe', 'digest']).find((o) => o.name === 'timezone')).toMatchObject({ autocomplete: true });
    // Discord takes required options first, whatever the text grammar's order
    expect(leaf(['rules', 'test']).map((o) => o.name)).toEqual(['text', 'topic']);
  });
});

describe('/talks autocomplete', () => {
  const arg = (path: string, name: string) => entryAt(path)!.args.find((a) => argName(a) === name);
  const timezone = arg('subscribe digest', 'timezone');
  const window = arg('alerts set-stall', 'window');
  const duration = arg('alerts snooze', 'duration');

  it('suggests zones, common ones first when nothing is typed', () => {
    expect(suggest(timezone, '')[0]).toEqual({ name: 'UTC', value: 'UTC' });
    expect(suggest(timezone, 'new_y').map((c) => c.value)).toEqual(['America/New_York']);
    expect(suggest(timezone, 'a').length).toBe(25);
  });

  it('suggests durations and keeps a valid one the user typed', () => {
    expect(suggest(window, '').map((c) => c.value)).toContain('6h');
    expect(suggest(duration, '90m').map((c) => c.value)[0]).toBe('90m');
    expect(suggest(window, '99d').map((c) => c.value)).not.toContain('99d');
    expect(suggest(window, '').map((c) => c.value)).not.toContain('60d');
    expect(suggest(arg('latest', 'topic'), 'iran')).toEqual([]);
  });
});

describe('the invite URL', () => {
  it('asks for the bot and applications.commands scopes and the five permissions the README lists', () => {
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(new PermissionsBitField(BigInt(url.searchParams.get('permissions')!)).toArray().sort()).toEqual(
      ['AttachFiles', 'EmbedLinks', 'SendMessages', 'SendMessagesInThreads', 'ViewChannel'],
    );
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`scope=bot+applications.commands&permissions=${BOT_PERMISSIONS}`);
  });
});
