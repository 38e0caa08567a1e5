/**
 * The label guide as a table: one row per phrase that must come out progress, stall or neutral. None of these
 * sentences is in the labelled TSV files; they test that the rules read the language, not the rows.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, RuleClassifier } from '../../../core/rules/index.ts';
import type { Label } from '../../../core/types.ts';

const classifier = new RuleClassifier(DEFAULT_RULE_SET);
const label = (title: string, summary = '') => classifier.classify({ title, summary }, null).label;

const table = (rows: Array<[string, Label]>) => it.each(rows)('%s -> %s', (title, expected) => expect(label(title)).toBe(expected));

describe('progress: a concrete step forward', () => {
  table([
    ['Negotiators agree to meet again in two weeks', 'progress'],
    ['Mediators announce a fourth round of talks for next month', 'progress'],
    ['Both delegations held direct talks for five hours', 'progress'],
    ['The two sides signed a memorandum of understanding on shipping', 'progress'],
    ['Rivals reach a framework agreement after marathon session', 'progress'],
    ['Envoys hammer out a deal on the release of detainees', 'progress'],
    ['The government freed 40 prisoners in a goodwill gesture', 'progress'],
    ['Authorities agree to open a humanitarian corridor for medicine', 'progress'],
    ['Frozen assets will be released under the accord, officials confirm', 'progress'],
    ['Inspectors are allowed back into the enrichment site', 'progress'],
    ['The truce was extended for another month', 'progress'],
    ['Ceasefire holding for a third week as monitors report calm', 'progress'],
    ['Gaps narrowed on the sequencing of sanctions relief', 'progress'],
    ['Foreign minister calls the round constructive and businesslike', 'progress'],
    ['Experts begin technical talks on verification', 'progress'],
    ['Sides set up a joint working group on maritime incidents', 'progress'],
    ['Talks make headway on prisoner exchange', 'progress'],
    ['Delegation chief hails breakthrough in the capital', 'progress'],
    ['Washington lifts sanctions on three banks as part of the understanding', 'progress'],
    ['Rebels lay down their weapons under the peace plan', 'progress'],
    ['Militia declares a unilateral ceasefire after weeks of shelling', 'progress'],
    ['Both sides express optimism that a settlement is within reach', 'progress'],
    ['Not only did the envoy attend, he praised the talks', 'progress'],
    ['The parties agreed not to target each other\'s ships', 'progress'],
    ['Mediators break the deadlock with a new proposal', 'progress'],
    ['Negotiations resume after a month-long pause', 'progress'],
  ]);
});

describe('stall: the process moving backwards', () => {
  table([
    ['Talks postponed indefinitely amid disagreement over the agenda', 'stall'],
    ['Negotiations suspended after attack on a convoy', 'stall'],
    ['Mediator cancels next week\'s meeting', 'stall'],
    ['Delegates walk out of the conference hall', 'stall'],
    ['The talks broke down late on Tuesday', 'stall'],
    ['Negotiations are deadlocked over the sequencing of relief', 'stall'],
    ['Each side accuses the other of negotiating in bad faith', 'stall'],
    ['Officials trade accusations over the failed round', 'stall'],
    ['Leaked memo undercuts the mediator', 'stall'],
    ['Minister issues ultimatum, threatens to quit the talks', 'stall'],
    ['New sanctions announced while negotiators are still in town', 'stall'],
    ['Coast guard seizes a tanker in the strait', 'stall'],
    ['Militia violates the truce with rocket fire', 'stall'],
    ['Deadline passes with nothing agreed', 'stall'],
    ['Rhetoric hardens as leaders call the demands unacceptable', 'stall'],
    ['Negotiators failed to agree on a timetable', 'stall'],
    ['The president refused to meet the visiting envoy', 'stall'],
    ['Supreme leader rules out further negotiations', 'stall'],
    ['The sides stopped short of a deal', 'stall'],
    ['No breakthrough after three days of talks', 'stall'],
    ['No deal, both sides say', 'stall'],
    ['Hopes fade for an agreement this year', 'stall'],
    ['Officials are pessimistic about resuming talks', 'stall'],
    ['A deal now looks unlikely', 'stall'],
    ['The talks have produced nothing tangible', 'stall'],
    ['Warplanes strike militia positions near the border', 'stall'],
    ['Officials are yet to reach an agreement', 'stall'],
    ['No new talks until the blockade ends, the minister says', 'stall'],
    ['Lifting the sanctions is out of the question, officials say', 'stall'],
    ['A detainee died as a result of torture, a report says', 'stall'],
    ['The round ended in acrimony', 'stall'],
    ['Envoy cuts short his visit', 'stall'],
  ]);
});

describe('neutral: about the talks but pointing neither way', () => {
  table([
    ['Delegations to arrive in the capital on Sunday', 'neutral'],
    ['Explainer: what is on the table this week', 'neutral'],
    ['Opinion: a venue is not a strategy', 'neutral'],
    ['Profile: the veteran diplomat leading the team', 'neutral'],
    ['Oil prices edge lower as traders await the outcome', 'neutral'],
    ['It is too early to judge the new round, diplomats say', 'neutral'],
    ['Hotel security tightened before the summit', 'neutral'],
    ['The talks continue for a second day', 'neutral'],
    ['Why the mediator matters', 'neutral'],
    ['Analysts warn the talks could collapse', 'neutral'],
    ['Talks did not collapse', 'neutral'],
    ['There was no walkout this time', 'neutral'],
    ['The government says it has no objection to observers', 'neutral'],
    ['Rebels agree to talks with no preconditions', 'progress'],
    ['There is no doubt the talks will be difficult', 'neutral'],
    ['Spokesman denies talks have stalled', 'neutral'],
    ['Ministry dismisses reports that the truce has collapsed', 'neutral'],
    ['UN urges both sides to agree a ceasefire', 'neutral'],
    ['Neighbours call on the parties to return to the table', 'neutral'],
    ['Investigators probe the alleged attack on the convoy', 'neutral'],
    ['The ministry is investigating reports of abuses at the camp', 'neutral'],
    ['Will the two sides finally sign a deal?', 'neutral'],
    ['No decision yet on the mediator\'s proposal', 'neutral'],
    ['The government says it will not impose new sanctions', 'neutral'],
  ]);
});

describe('how negation, hedges and denials combine', () => {
  const explain = (title: string, summary = '') => classifier.explain({ title, summary }, null);
  const fired = (title: string, id: string) => explain(title).rules.find((r) => r.id === id);

  it('negated cooperation is stall of the same weight; negated conflict is nothing, never progress', () => {
    expect(fired('They failed to agree', 'cameo-03-agree')).toMatchObject({ contribution: -2.5, modifiers: ['negated'] });
    expect(fired('The truce did not collapse', 'cameo-164-talks-break-down')).toMatchObject({ contribution: 0, modifiers: ['negated'] });
  });

  it('"no" depends on its noun', () => {
    expect(explain('No breakthrough').score).toBeLessThan(0);
    expect(explain('No deal').score).toBeLessThan(0);
    expect(explain('No preconditions').score).toBe(0);
    expect(explain('No objection').score).toBe(0);
  });

  it('pseudo-negations negate nothing', () => {
    expect(fired('Not only a ceasefire but a framework agreement', 'cameo-03-agreement-nouns')?.modifiers).toEqual([]);
    expect(explain('No doubt a breakthrough').label).toBe('progress');
  });

  it('negation scope ends at but and however', () => {
    expect(label('The envoy did not say so but talks collapsed')).toBe('stall');
    expect(label('Officials would not comment however the talks collapsed')).toBe('stall');
    // without the break the same negation reaches the verb
    expect(label('The envoy did not say the talks collapsed')).toBe('neutral');
  });

  it('hedges weigh half: could, may, expected to, hopes to, if', () => {
    const plain = explain('The talks collapsed').score;
    for (const hedged of ['The talks could collapse', 'The talks may collapse', 'The talks are expected to collapse', 'If the talks collapse']) {
      expect(explain(hedged).score, hedged).toBe(plain / 2);
      expect(explain(hedged).rules[0]!.modifiers, hedged).toContain('hedged');
    }
    expect(explain('Iran hopes to sign an agreement').score).toBe(explain('Iran will sign an agreement').score / 2);
  });

  it('a denial does not count as the event it denies', () => {
    expect(fired('Tehran denies that talks have stalled', 'seed-bad-faith')).toMatchObject({ contribution: 0, modifiers: ['denied'] });
  });

  it('a request is not the thing requested', () => {
    expect(fired('Pakistan urged both sides to sign the agreement', 'cameo-057-sign-agreement')).toMatchObject({ contribution: 0, modifiers: ['requested'] });
  });

  it('the title weighs more than the summary', () => {
    const inTitle = explain('Talks collapse', 'Delegates held a constructive meeting earlier');
    const inSummary = explain('Delegates held a constructive meeting earlier', 'Talks collapse');
    expect(inTitle.label).toBe('stall');
    expect(inSummary.label).toBe('progress');
    expect(inSummary.rules.find((r) => r.field === 'summary')!.contribution).toBe(-1.5);
  });

  it('a clause of circumstance weighs a quarter: the news is the main clause', () => {
    expect(label('Rebels declared a truce after weeks of fighting')).toBe('progress');
    expect(label('Talks suspended after a rocket attack')).toBe('stall');
  });

  it('inflections and spellings: one rule matches agree, agrees, agreed, agreeing and normalise / normalize', () => {
    for (const verb of ['agree', 'agrees', 'agreed', 'agreeing']) expect(label(`The sides ${verb} on a text`), verb).toBe('progress');
    expect(label('The two states normalised relations')).toBe('progress');
    expect(label('The two states normalized relations')).toBe('progress');
  });

  it('contractions and curly apostrophes negate like the full words', () => {
    expect(label('The sides didn\u2019t agree')).toBe('stall');
    expect(label("The sides couldn't agree")).toBe('stall');
    expect(label('The sides won\u2019t sign the accord')).toBe('stall');
  });
});

describe('second round: hedges inside a phrase, spellings, leads', () => {
  const explain = (title: string) => classifier.explain({ title, summary: '' }, null);

  it('a hedge a * skipped still hedges the phrase: "dialogue should resume" is half of "dialogue resumes"', () => {
    const plain = explain('The dialogue resumes').score;
    expect(plain).toBeGreaterThan(0);
    expect(explain('The dialogue should resume').score).toBe(plain / 2);
  });

  it('American spellings match: dialog is dialogue', () => {
    expect(explain('The dialog resumes').score).toBe(explain('The dialogue resumes').score);
  });

  it('a question word after a short lead frames the headline as it would at the start', () => {
    const framed = explain('President addresses nation: why the talks collapsed').rules[0]!;
    expect(framed.modifiers).toContain('framed');
    // a longer clause before it is the news, not a lead
    expect(explain('Rebels shell the port city again tonight, how the talks collapsed').rules.some((r) => r.modifiers.includes('framed'))).toBe(false);
  });

  it('a condition is not the event: "talks depend on readiness for a fair agreement"', () => {
    expect(label('Minister says talks depend on readiness for a fair agreement')).toBe('neutral');
    expect(label('Peace deal hinges on the minerals')).toBe('neutral');
  });

  it('eyeing or seeking a step is not taking it: the step weighs half', () => {
    for (const title of ['Capital eyes an interim deal with the rebels', 'Government seeks a deal with the rebels']) {
      expect(classifier.explain({ title, summary: '' }, null).rules[0]!.modifiers, title).toContain('hedged');
    }
  });
});
