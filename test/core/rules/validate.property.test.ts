/**
 * The rules-file checker on any input a user could write: it never throws, every problem is a bounded line, and a
 * file it accepts compiles and classifies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRuleFile, DEFAULT_RULE_SET, mergeRuleSets, RuleClassifier } from '../../../core/rules/index.ts';

const known = new Set(DEFAULT_RULE_SET.rules.map((r) => r.id));
const word = fc.stringMatching(/^[a-z]{1,12}$/);
const phrase = fc.oneof(
  fc.array(fc.oneof(word, fc.constant('*'), fc.constant('=talks'), word.map((w) => `${w}|${w}s`)), { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' ')),
  fc.string({ maxLength: 40 }),
);
// Shapes close to a real file, so some pass and most fail somewhere different.
const rule = fc.record(
  {
    id: fc.oneof(word.map((w) => `my-${w}`), fc.string({ maxLength: 80 })),
    label: fc.constantFrom('progress', 'stall', 'neutral', 'stalled', '', 3),
    weight: fc.oneof(fc.double({ min: -2, max: 8, noNaN: false }), fc.constant('2')),
    phrases: fc.oneof(fc.array(phrase, { maxLength: 4 }), phrase, fc.constant(null)),
    source: fc.constantFrom('user:desk', 'seed:walkout', 'cameo:164', 'cameo:x', 'mine', ''),
    scope: fc.constantFrom('negation', 'hedge', 'sarcasm', undefined),
  },
  { requiredKeys: [] },
);
const topic = fc.record(
  {
    name: fc.oneof(word.map((w) => `t-${w}`), fc.string({ maxLength: 60 })),
    parties: fc.array(fc.record({ name: word, terms: fc.array(fc.oneof(word, phrase), { maxLength: 4 }) }, { requiredKeys: [] }), { maxLength: 18 }),
    venues: fc.array(word, { maxLength: 3 }),
    process: fc.array(word, { maxLength: 3 }),
    issues: fc.array(word, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const file = fc.oneof(
  fc.record({ replace: fc.boolean(), disable: fc.array(fc.oneof(word, fc.constantFrom(...[...known].slice(0, 5))), { maxLength: 3 }), rules: fc.array(rule, { maxLength: 6 }), topics: fc.array(topic, { maxLength: 2 }) }, { requiredKeys: [] }),
  fc.anything({ maxDepth: 3 }),
);

describe('checking any rules file', () => {
  it('never throws; problems are short lines; an accepted file compiles and classifies', () => {
    let accepted = 0;
    fc.assert(
      fc.property(file, (raw) => {
        const checked = checkRuleFile(raw, known);
        if (!checked.ok) {
          expect(checked.problems.length).toBeGreaterThan(0);
          for (const p of checked.problems) {
            expect(`${p.where}: ${p.problem}`.length).toBeLessThan(1_000);
            expect(p.problem).not.toContain('\n');
          }
          return;
        }
        accepted++;
        const classifier = new RuleClassifier(mergeRuleSets(DEFAULT_RULE_SET, checked.file));
        const result = classifier.classify({ title: 'Iran and US agree to resume talks in Islamabad', summary: '' }, null);
        expect(['progress', 'stall', 'neutral']).toContain(result.label);
      }),
      { numRuns: 400 },
    );
    // the generator must reach the accepting branch too, or the last check proves nothing
    expect(accepted).toBeGreaterThan(0);
  });
});
