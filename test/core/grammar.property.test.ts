/**
 * The command grammar on any input a person could type: it never throws, its answers stay short, and whatever it
 * reads, printed back, reads as the same command.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS, formatCommand, parseCommand } from '../../core/commands/grammar.ts';

// Words the grammar knows, and shapes its arguments take, so that many soups parse and round trips are tried.
const known = [...new Set(COMMANDS.flatMap((c) => c.words))];
const shaped = [
  'stall', 'progress', 'neutral', '3', '20', '60%', '0', '99999999999999', '6h', '1h30m', '31d', '09:00', '7:30', '25:00',
  'UTC', 'Asia/Karachi', 'Mars/Olympus', 'iran-us', 'Iran_US', 'skip-quiet', 'shared', 'all', 'min', '--topic', '--topic=iran-us',
  'https://example.org/rss', '<https://example.org/rss|x>', '42', '#42', 'alerts', 'help',
];
const word = fc.oneof(fc.constantFrom(...known, ...shaped), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/\s/.test(s)));
const soup = fc.array(word, { minLength: 0, maxLength: 7 }).map((ws) => ws.join(' '));
const anyText = fc.oneof(soup, fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }));

describe('the command grammar on any input', () => {
  it('never throws, and a refusal is one short reason and a usage line', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseCommand(text);
        if (parsed.ok) return;
        expect(parsed.error.length).toBeLessThan(400);
        expect(parsed.error).not.toContain('\n');
        expect(parsed.usage.length).toBeGreaterThan(0);
        expect(parsed.usage.length).toBeLessThan(400);
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads a command printed back as the same command', () => {
    let roundTrips = 0;
    fc.assert(
      fc.property(soup, (text) => {
        const parsed = parseCommand(text);
        if (!parsed.ok) return;
        roundTrips++;
        const printed = formatCommand(parsed.command);
        expect({ printed, again: parseCommand(printed) }).toEqual({ printed, again: { ok: true, command: parsed.command } });
      }),
      { numRuns: 3_000 },
    );
    // the soups must reach many commands, or the round trip proves little
    expect(roundTrips).toBeGreaterThan(300);
  });

  it('prints every command of the spec in a form that reads back', () => {
    for (const example of ['latest stall 3 --topic iran-us', 'alerts set share 60% 1d min 5', 'subscribe digest 7:30 utc iran-us skip-quiet', 'feeds add <https://e.org/rss|e> iran-us shared', 'rules test --topic iran-us Talks collapse', 'feeds remove 7 all', 'alerts snooze 90m']) {
      const parsed = parseCommand(example);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parseCommand(formatCommand(parsed.command))).toEqual(parsed);
    }
  });
});
