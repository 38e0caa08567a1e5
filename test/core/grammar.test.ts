import { describe, expect, it } from 'vitest';
import { COMMANDS, parseCommand, parseDuration, readValues, requiredRole, usageOf, USAGE, type ArgSpec } from '../../core/commands/grammar.ts';
import { help } from '../../core/commands/help.ts';
import { toPlainText } from '../../core/reply.ts';

describe('the command grammar', () => {
  it.each([
    ['', { name: 'help' }],
    ['help alerts', { name: 'help', about: 'alerts' }],
    ['status', { name: 'status' }],
    ['status iran-us', { name: 'status', topic: 'iran-us' }],
    ['latest', { name: 'latest', count: 5 }],
    ['latest stall', { name: 'latest', label: 'stall', count: 5 }],
    ['latest 10 progress', { name: 'latest', label: 'progress', count: 10 }],
    ['explain 42', { name: 'explain', target: '42' }],
    ['explain https://example.com/a', { name: 'explain', target: 'https://example.com/a' }],
    ['digest preview', { name: 'digest', action: 'preview' }],
    ['DIGEST NOW', { name: 'digest', action: 'now' }],
    ['subscribe digest', { name: 'subscribe-digest' }],
    ['subscribe digest 7:30 Asia/Karachi', { name: 'subscribe-digest', time: '07:30', timezone: 'Asia/Karachi' }],
    ['subscribe digest 18:00 utc sudan-jeddah skip-quiet', { name: 'subscribe-digest', time: '18:00', timezone: 'UTC', topic: 'sudan-jeddah', quiet: 'skip' }],
    ['subscribe alerts', { name: 'subscribe-alerts' }],
    ['subscribe alerts iran-us', { name: 'subscribe-alerts', topic: 'iran-us' }],
    ['unsubscribe digest', { name: 'unsubscribe', what: 'digest' }],
    ['alerts set stall 3 6h', { name: 'alerts-set-stall', count: 3, windowMinutes: 360 }],
    ['alerts set share 60% 1d min 5', { name: 'alerts-set-share', percent: 60, windowMinutes: 1440, min: 5 }],
    ['alerts snooze 1h30m', { name: 'alerts-snooze', minutes: 90 }],
    ['alerts unsnooze', { name: 'alerts-unsnooze' }],
    ['alerts show', { name: 'alerts-show' }],
    ['feeds list', { name: 'feeds-list' }],
    ['feeds add https://example.com/rss.xml', { name: 'feeds-add', url: 'https://example.com/rss.xml' }],
    ['feeds add <https://example.com/rss.xml|example.com/rss.xml> iran-us', { name: 'feeds-add', url: 'https://example.com/rss.xml', topic: 'iran-us' }],
    ['feeds add https://example.com/rss.xml shared', { name: 'feeds-add', url: 'https://example.com/rss.xml', shared: true }],
    ['feeds remove 7', { name: 'feeds-remove', id: 7 }],
    ['feeds remove 7 all', { name: 'feeds-remove', id: 7, all: true }],
    ['rules test Talks   collapse, Iran says', { name: 'rules-test', text: 'Talks   collapse, Iran says' }],
    ['feeds list all', { name: 'feeds-list', all: true }],
    ['topics', { name: 'topics' }],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['dance', /unknown command "dance"/, /^help/],
    ['latest 0', /n must be from 1 to 20/, /^latest/],
    ['latest stall banana', /"banana" is neither a label nor a number/, /^latest/],
    ['explain', /explain needs an item id or URL/, /^explain/],
    ['explain 12 13', /"13" is one word too many/, /^explain/],
    ['status iran-us extra', /"extra" is one word too many/, /^status/],
    ['alerts show now', /alerts show takes nothing more/, /^alerts show$/],
    ['alerts', /say alerts set stall, alerts set share, alerts snooze, alerts unsnooze or alerts show/, /^alerts set stall/],
    ['alerts set share 60 24h 5', /needs "min <n>"; e.g. alerts set share 60 24h min 5/, /^alerts set share <percent> <window> min <n>$/],
    ['help dance', /"dance" is not a command/, /^help/],
    ['digest later', /digest preview or digest now/, /^digest/],
    ['subscribe digest 25:00', /"25:00" is not a time/, /^subscribe/],
    ['subscribe digest 09:00 Mars/Olympus', /"Mars\/Olympus" is not an IANA timezone/, /^subscribe/],
    ['alerts set stall three 6h', /e.g. alerts set stall 3 6h/, /^alerts/],
    ['alerts set stall 3 6 hours', /e.g. alerts set stall 3 6h/, /^alerts/],
    ['alerts set share 150 1d min 5', /percent must be from 1 to 100/, /^alerts/],
    ['alerts snooze forever', /give a duration/, /^alerts/],
    ['alerts snooze 90d', /at most 30d/, /^alerts/],
    ['feeds remove seven', /"seven" is not a feed id \(the number feeds list shows\)/, /^feeds remove <id> \[all\]$/],
    ['feeds add', /feeds add needs the feed URL/, /^feeds add <url> \[topic\] \[shared\]$/],
    ['rules test', /rules test needs a sentence/, /^rules test/],
    ['rules test --topic iran-us', /rules test needs a sentence/, /^rules test/],
  ])('answers %j with a reason and a usage line', (text, error, usage) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(error);
    expect(result.usage).toMatch(usage);
  });

  it('reads durations', () => {
    expect([parseDuration('30m'), parseDuration('6h'), parseDuration('2d'), parseDuration('1d2h'), parseDuration('0h'), parseDuration('6')]).toEqual([
      30, 360, 2880, 1560, null, null,
    ]);
  });

  it('keeps feeds for tenant admins, shared feeds for operators, alert changes for channel admins', () => {
    const role = (t: string) => {
      const r = parseCommand(t);
      return r.ok ? requiredRole(r.command) : 'malformed';
    };
    const cases: Array<[string, string]> = [
      ['feeds list all', 'operator'],
      ['feeds remove 3 all', 'operator'],
      ['feeds add https://x.org/rss', 'tenant-admin'],
      ['feeds add https://x.org/rss shared', 'operator'],
      ['feeds add https://x.org/rss iran-us shared', 'operator'],
      ['feeds remove 1', 'tenant-admin'],
      ['alerts set stall 3 6h', 'channel-admin'],
      ['subscribe alerts', 'channel-admin'],
      ['unsubscribe alerts', 'channel-admin'],
      ['alerts snooze 1h', 'channel-admin'],
    ];
    for (const t of ['status', 'latest', 'topics', 'help', 'feeds list', 'subscribe digest', 'unsubscribe digest', 'alerts show', 'digest now', 'rules test talks resume']) {
      cases.push([t, 'anyone']);
    }
    expect(cases.map(([t]) => [t, role(t)])).toEqual(cases);
  });

  it('reads --topic for latest, explain and rules test', () => {
    expect(parseCommand('latest stall --topic russia-ukraine 3')).toEqual({ ok: true, command: { name: 'latest', label: 'stall', count: 3, topic: 'russia-ukraine' } });
    expect(parseCommand('explain 12 --topic=iran-us')).toEqual({ ok: true, command: { name: 'explain', target: '12', topic: 'iran-us' } });
    expect(parseCommand('rules test --topic iran-us Talks collapse')).toEqual({ ok: true, command: { name: 'rules-test', text: 'Talks collapse', topic: 'iran-us' } });
    expect(parseCommand('latest --topic')).toMatchObject({ ok: false, error: expect.stringMatching(/--topic needs a topic name/) });
  });

  it('refuses ids and counts that no row could have', () => {
    expect(parseCommand('feeds remove 99999999999')).toMatchObject({ ok: false, error: expect.stringMatching(/is not a feed id/) });
    expect(parseCommand('feeds remove 2147483647')).toEqual({ ok: true, command: { name: 'feeds-remove', id: 2147483647 } });
    expect(parseCommand('latest 99999999999999999999')).toMatchObject({ ok: false });
  });

  it('states every usage line from the command list, as the README and help show them', () => {
    expect(USAGE).toMatchObject({
      latest: 'latest [progress|stall|neutral] [n] [--topic name]',
      explain: 'explain <item id or url> [--topic name]',
      subscribe: 'subscribe digest [HH:MM] [timezone] [topic] [skip-quiet] | subscribe alerts [topic]',
      alerts: 'alerts set stall <count> <window> | alerts set share <percent> <window> min <n> | alerts snooze <duration> | alerts unsnooze | alerts show',
      feeds: 'feeds list [all] | feeds add <url> [topic] [shared] | feeds remove <id> [all]',
      rules: 'rules test [--topic name] <text>',
    });
    const text = toPlainText(help());
    for (const usage of Object.values(USAGE)) expect(text).toContain(usage);
    expect(toPlainText(help('alerts'))).toContain('alerts snooze <duration>: silence alerts in this channel for a while');
  });

  it('reads each command from typed values exactly as from text', () => {
    const values: Record<string, string | number | boolean> = {
      label: 'stall', count: 7, item: '42', time: '7:30', timezone: 'utc', topic: 'iran-us', 'skip-quiet': true, window: '6h',
      percent: 60, min: 5, duration: '1h30m', url: 'https://example.com/rss.xml', shared: true, all: true, id: 3, text: 'Talks  collapse', command: 'alerts',
    };
    const word = (a: ArgSpec) => (a.type === 'flag' ? a.name ?? a.key : String(values[a.name ?? a.key]));
    for (const entry of COMMANDS) {
      const typed = readValues(entry, (a) => values[a.name ?? a.key] ?? null);
      const text = [...entry.words, ...entry.args.map((a) => `${a.option ? `--${a.name ?? a.key} ` : a.keyword ? `${a.keyword} ` : ''}${word(a)}`)].join(' ');
      expect(typed, `${usageOf(entry)} as "${text}"`).toEqual(parseCommand(text));
      expect(typed.ok).toBe(true);
    }
  });

  it('checks typed values as the text grammar does, naming the option', () => {
    const entry = COMMANDS.find((c) => c.name === 'alerts-snooze')!;
    expect(readValues(entry, () => '45d')).toEqual({ ok: false, error: '"45d" is too long: give at most 30d' });
    expect(readValues(entry, () => null)).toEqual({ ok: false, error: 'duration is missing: give a duration' });
    const latest = COMMANDS.find((c) => c.name === 'latest')!;
    expect(readValues(latest, (a) => (a.key === 'count' ? 50 : null))).toEqual({ ok: false, error: 'count must be from 1 to 20' });
  });
});
