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

describe('second round: wordings of the categories the first round missed', () => {
  // the talks as the subject of a start verb, a round concluded, texts being finished, evaluative summaries
  table([
    ['Formal negotiations have finally started', 'progress'],
    ['Talks kick off in the border town', 'progress'],
    ['Delegations conclude a third round of consultations', 'progress'],
    ['Mediator says the parties are on the verge of an agreement', 'progress'],
    ['Rivals agree on guiding principles for a settlement', 'progress'],
    ['Leader calls the summit a success', 'progress'],
    ['Envoy describes the meeting as constructive', 'progress'],
    ['Sides hold talks to ease tensions on the frontier', 'progress'],
  ]);
  // deadlock and pauses, teams pulled out in the passive, opting out, a side with no interest, gaps that remain
  table([
    ['Peace talks on pause, spokesman says', 'stall'],
    ['Mediator says a pause in negotiations is needed', 'stall'],
    ['Dialogue at a standstill, mediator admits', 'stall'],
    ['Rebel negotiators recalled from the capital', 'stall'],
    ['President opts out of the scheduled meeting', 'stall'],
    ['Junta says it has no interest in talks with the opposition', 'stall'],
    ['Leader says he will not bow to pressure from the mediators', 'stall'],
    ['Meeting showed very different approaches of both sides', 'stall'],
    ['Agreement still far from completion, officials say', 'stall'],
    ['Shelling casts a shadow over the peace conference', 'stall'],
    ['Aide says the only obstacle to a peace treaty is the old constitution', 'stall'],
    ['Nuclear talks come to an abrupt end', 'stall'],
    ['Treasury announces new sanctions on oil shippers', 'stall'],
    ['Supreme leader maintains tough rhetoric toward the mediators', 'stall'],
  ]);
  table([
    ['Leaders sign a document to close the summit', 'progress'],
    ['The two sides re-establish the military communication line', 'progress'],
    ['Army returns three villages to the neighbouring state', 'progress'],
    ['Capital expected to host the next round', 'progress'],
    ['Both governments appoint negotiating teams', 'progress'],
  ]);
  // the public pressing for a deal, a mediator offering itself, explainers, markets: neither way
  table([
    ['Families of hostages block a highway to demand a deal', 'neutral'],
    ['Neighbour offers to mediate stalled talks', 'neutral'],
    ['Truce agreed: what is next for the region?', 'neutral'],
    ['Oil declines on positive signs from the talks', 'neutral'],
  ]);

  it('a contrast weighs half, but "not only ... but" is no contrast', () => {
    expect(classifier.explain({ title: 'Rivals agree to a ceasefire, but clashes continue', summary: '' }, null).label).toBe('progress');
    const fired = classifier.explain({ title: 'Not only a ceasefire but a framework agreement', summary: '' }, null).rules;
    expect(fired.every((r) => r.modifiers.length === 0)).toBe(true);
  });

  it('averting a clash is not a clash', () => {
    expect(label('Sides begin talks in a bid to avert a military clash')).toBe('progress');
  });
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
