import { describe, expect, it } from 'vitest';
import { parseCommand, parseDuration, requiredRole } from '../../core/commands/grammar.ts';

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
    ['rules test Talks   collapse, Iran says', { name: 'rules-test', text: 'Talks   collapse, Iran says' }],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['dance', /unknown command "dance"/, /^help/],
    ['latest 0', /n must be from 1 to 20/, /^latest/],
    ['latest stall banana', /"banana" is neither a label nor a number/, /^latest/],
    ['explain', /explain needs one item id or URL/, /^explain/],
    ['digest later', /digest preview or digest now/, /^digest/],
    ['subscribe digest 25:00', /"25:00" is not a time/, /^subscribe/],
    ['subscribe digest 09:00 Mars/Olympus', /"Mars\/Olympus" is not an IANA timezone/, /^subscribe/],
    ['alerts set stall three 6h', /e.g. alerts set stall 3 6h/, /^alerts/],
    ['alerts set stall 3 6 hours', /e.g. alerts set stall 3 6h/, /^alerts/],
    ['alerts set share 150 1d min 5', /percent of stories/, /^alerts/],
    ['alerts snooze forever', /give a duration/, /^alerts/],
    ['alerts snooze 90d', /at most 30d/, /^alerts/],
    ['feeds remove seven', /numeric id/, /^feeds/],
    ['feeds add', /say feeds list/, /^feeds/],
    ['rules test', /say rules test followed by a sentence/, /^rules/],
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
      ['feeds add https://x.org/rss', 'tenant-admin'],
      ['feeds add https://x.org/rss shared', 'operator'],
      ['feeds add https://x.org/rss iran-us shared', 'operator'],
      ['feeds remove 1', 'tenant-admin'],
      ['alerts set stall 3 6h', 'channel-admin'],
      ['subscribe alerts', 'channel-admin'],
      ['unsubscribe alerts', 'channel-admin'],
      ['alerts snooze 1h', 'channel-admin'],
    ];
    for (const t of ['status', 'latest', 'feeds list', 'subscribe digest', 'unsubscribe digest', 'alerts show', 'digest now', 'rules test talks resume']) {
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
    expect(parseCommand('feeds remove 99999999999')).toMatchObject({ ok: false, error: expect.stringMatching(/numeric id/) });
    expect(parseCommand('feeds remove 2147483647')).toEqual({ ok: true, command: { name: 'feeds-remove', id: 2147483647 } });
    expect(parseCommand('latest 99999999999999999999')).toMatchObject({ ok: false });
  });
});
