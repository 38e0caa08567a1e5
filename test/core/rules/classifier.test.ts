/** The Classifier port as ingestion and `explain` use it: the shape of a classification and of an explanation. */
import { describe as group, expect, it } from 'vitest';
import type { Classifier } from '../../../core/ports.ts';
import { DEFAULT_RULE_SET, describe, RuleClassifier } from '../../../core/rules/index.ts';

const classifier = new RuleClassifier(DEFAULT_RULE_SET);

group('the Classifier port', () => {
  it('returns relevant, label, score and the fired rules with their words, field and modifiers', () => {
    const port: Classifier = classifier;
    const result = port.classify(
      { title: 'Iran and US fail to agree as talks in Islamabad break down', summary: 'Tehran denies that it walked out.' },
      'iran-us',
    );
    expect(Object.keys(result).sort()).toEqual(['label', 'relevance', 'relevant', 'rules', 'score']);
    expect(result.relevance!.score).toBe(4);
    expect(result.relevance!.terms.map((t) => t.role)).toEqual(expect.arrayContaining(["party", "venue", "process"]));
    expect(result).toMatchObject({ relevant: true, label: 'stall' });
    expect(result.rules).toEqual([
      { id: 'cameo-03-agree', label: 'progress', contribution: -2.5, matched: 'agree', field: 'title', modifiers: ['negated'] },
      { id: 'cameo-164-talks-break-down', label: 'stall', contribution: -0.75, matched: 'break down', field: 'title', modifiers: ['background'] },
      { id: 'cameo-164-talks-break-down', label: 'stall', contribution: 0, matched: 'walked out', field: 'summary', modifiers: ['denied'] },
    ]);
    expect(result.score).toBe(-3.25);
  });

  it('is the same for the same text every time (the scratch buffers are reused)', () => {
    const item = { title: 'US envoy praises constructive approach', summary: 'The sides agreed to meet again next week.' };
    const first = classifier.classify(item, 'iran-us');
    classifier.classify({ title: 'something else entirely, with many words to grow the buffers '.repeat(20), summary: '' }, null);
    expect(classifier.classify(item, 'iran-us')).toEqual(first);
  });

  it('handles empty and missing text', () => {
    expect(classifier.classify({ title: '', summary: '' }, 'iran-us')).toEqual({ relevant: false, label: 'neutral', score: 0, rules: [], relevance: { score: 0, terms: [] } });
    expect(classifier.classify({ title: '', summary: '' }, null)).toEqual({ relevant: true, label: 'neutral', score: 0, rules: [] });
    expect(classifier.classify({ title: 'Talks collapse', summary: undefined as unknown as string }, null).label).toBe('stall');
  });

  it('a rule table with many parties and long texts stays within one pass', () => {
    const long = 'The delegations met. '.repeat(500);
    expect(classifier.classify({ title: long, summary: long }, 'iran-us').rules.length).toBe(1000);
  });
});

group('explain and rules test', () => {
  it('adds why the item is relevant and the bar the score had to clear', () => {
    const explanation = classifier.explain({ title: 'Explainer: why the Iran-US talks in Islamabad stalled', summary: '' }, 'iran-us');
    expect(explanation.relevance).toMatchObject({ relevant: true, parties: ['Iran', 'the United States'] });
    expect(explanation.relevance!.terms).toEqual(
      expect.arrayContaining([
        { role: 'party', party: 'Iran', text: 'Iran' },
        { role: 'party', party: 'the United States', text: 'US' },
        { role: 'venue', party: null, text: 'Islamabad' },
        { role: 'process', party: null, text: 'talks' },
      ]),
    );
    expect(explanation.bar).toBe(1);
    expect(explanation.rules[0]).toMatchObject({ id: 'seed-bad-faith', matched: 'stalled', contribution: -1, modifiers: ['framed'] });
  });

  it('renders plain lines for the command line and chat', () => {
    const lines = describe(classifier.explain({ title: 'Oil prices rise as Iran and US talks stall', summary: '' }, 'iran-us'));
    expect(lines).toEqual([
      'neutral (score -0.5; progress needs +2 or more, stall -2 or less)',
      'relevant to iran-us (score 3, needs 3): the party Iran ("Iran") +1, the party the United States ("US") +1, a process word ("talks") +1',
      '  title "Oil prices": seed-market-reaction, neutral, raises the bar by 1',
      '  title "stall": seed-bad-faith, stall, -0.5 (background)',
    ]);
  });

  it('lists the known topics', () => {
    expect(classifier.topics()).toEqual(['iran-us', 'russia-ukraine', 'israel-hamas', 'armenia-azerbaijan', 'korean-peninsula']);
    expect(classifier.topic('iran-us')?.venues).toContain('islamabad');
  });
});
