/**
 * How coverage words progress and stall (the news-* rules), and the order of combination they rely on. One row
 * per wording, written for these tests: none is a row of the labelled sets.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, RuleClassifier } from '../../../core/rules/index.ts';
import type { Label } from '../../../core/types.ts';

const classifier = new RuleClassifier(DEFAULT_RULE_SET);
const label = (title: string) => classifier.classify({ title, summary: '' }, null).label;
const table = (rows: Array<[string, Label]>) => it.each(rows)('%s -> %s', (title, expected) => expect(label(title)).toBe(expected));

describe('progress: meetings held or set, moving closer, interim steps', () => {
  table([
    ['Envoys to hold a second round of talks in Oman next week', 'progress'],
    ['The sides will sit down face to face for the first time', 'progress'],
    ['Mediators send a delegation to the capital for talks', 'progress'],
    ['Negotiators finalise the text of the memorandum', 'progress'],
    ['Rebels free 12 detained soldiers', 'progress'],
    ['Army agrees to halt shelling of the port', 'progress'],
    ['Truce extended by another month', 'progress'],
    ['Both sides inch closer to a framework deal', 'progress'],
    ['Government drops demand for a ceasefire line', 'progress'],
    ['Agency dispatches inspectors to the plant', 'progress'],
  ]);
});

describe('stall: talks put off, teams pulled out, deals in danger, third parties against, ultimatums', () => {
  table([
    ['Next round of talks postponed without a date', 'stall'],
    ['Government recalls its negotiating team', 'stall'],
    ['North cuts the military hotline', 'stall'],
    ['Ceasefire fails to hold in the east', 'stall'],
    ['Mediators race to salvage the truce', 'stall'],
    ['Minister vows to thwart the deal', 'stall'],
    ['Lobby urges lawmakers to oppose the agreement', 'stall'],
    ['President gives rebels two weeks to sign the deal', 'stall'],
    ['Rebels say the talks have little to show', 'stall'],
    ['Rebels have not accepted the ceasefire terms', 'stall'],
  ]);
});

describe('the order of combination', () => {
  it('a clause of circumstance ends the reach of a denial before it', () => {
    const result = classifier.classify({ title: 'Army denies delaying the swap as a strike kills four', summary: '' }, null);
    expect(result.rules.find((r) => r.matched === 'delaying')!.modifiers).toEqual(['denied']);
    expect(result.rules.find((r) => r.matched === 'kills')!.modifiers).toEqual(['background']);
    expect(result.label).toBe('stall');
  });

  it('a rejection reaches every step forward it rejects', () => {
    const result = classifier.classify({ title: 'Rebels rejected an offer to host a summit', summary: '' }, null);
    expect(result.rules.filter((r) => r.label === 'progress').every((r) => r.modifiers.includes('negated'))).toBe(true);
    expect(result.label).toBe('stall');
  });

  it('a rejection does not cancel the conflict word after it', () => {
    const result = classifier.classify({ title: 'Envoy dismisses unacceptable response', summary: '' }, null);
    expect(result.rules.find((r) => r.matched === 'unacceptable')).toMatchObject({ contribution: -2, modifiers: [] });
  });

  it('a noun that names an organisation is not the thing it names', () => {
    expect(classifier.classify({ title: 'An aid agency appealed to the government', summary: '' }, null).rules.map((r) => r.id)).not.toContain('cameo-07-provide-aid');
  });
});
