/** A user's rules file: every bad rule reported with its id and the problem; good files extend or replace. */
import { describe, expect, it } from 'vitest';
import { checkRuleFile, DEFAULT_RULE_SET, mergeRuleSets, RuleClassifier, type RuleFile } from '../../../core/rules/index.ts';

const known = new Set(DEFAULT_RULE_SET.rules.map((r) => r.id));
const good = { id: 'my-torpedo', label: 'stall', weight: 2, phrases: ['torpedo * talks'], source: 'user:our desk' };
const problems = (raw: unknown) => {
  const checked = checkRuleFile(raw, known);
  return checked.ok ? [] : checked.problems.map((p) => `${p.where}: ${p.problem}`);
};
const file = (raw: unknown): RuleFile => {
  const checked = checkRuleFile(raw, known);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.file;
};

describe('checking a rules file', () => {
  it('accepts the default tables themselves', () => {
    expect(problems({ rules: DEFAULT_RULE_SET.rules, topics: DEFAULT_RULE_SET.topics })).toEqual([]);
  });

  it('accepts an empty file', () => expect(problems(null)).toEqual([]));

  it.each([
    [{ ...good, label: 'stalled' }, 'rule my-torpedo: label must be one of progress, stall, neutral (got "stalled")'],
    [{ ...good, weight: 0 }, 'rule my-torpedo: weight must be a number greater than 0 and at most 5 (got 0)'],
    [{ ...good, weight: '2' }, 'rule my-torpedo: weight must be a number greater than 0 and at most 5 (got "2")'],
    [{ ...good, weight: 9 }, 'rule my-torpedo: weight must be a number greater than 0 and at most 5 (got 9)'],
    [{ ...good, phrases: [] }, 'rule my-torpedo: phrases must be a non-empty list of phrases'],
    [{ ...good, phrases: 'torpedo' }, 'rule my-torpedo: phrases must be a non-empty list of phrases'],
    [{ ...good, phrases: ['torpedo *'] }, 'rule my-torpedo: phrases: "torpedo *" ends with *; a phrase must end with a word'],
    [{ ...good, phrases: ['the'] }, 'rule my-torpedo: phrases: "the" has only words like "the", "to", "of"; it would match almost any item'],
    [{ ...good, phrases: [42] }, 'rule my-torpedo: phrases: 42 is not text'],
    [{ ...good, source: 'my desk' }, 'rule my-torpedo: source must say where the rule comes from: seed:<indicator>, cameo:<code> or user:<note>'],
    [{ ...good, source: 'cameo:talks' }, 'rule my-torpedo: source cameo:talks: a CAMEO code is 2 to 4 digits, e.g. cameo:164'],
    [{ ...good, scope: 'sarcasm' }, 'rule my-torpedo: scope must be one of negation, hedge, background, denial, request, inquiry'],
    [{ ...good, wieght: 2 }, 'rule my-torpedo: unknown key wieght (known: id, label, weight, phrases, source, scope)'],
    [{ ...good, id: 'My Rule' }, 'rule My Rule: id must be lower-case letters, digits and dashes, e.g. my-stall-walkout'],
    [{ label: 'stall', weight: 1, phrases: ['x'], source: 'user:x' }, 'rules[0]: id must be lower-case letters, digits and dashes, e.g. my-stall-walkout'],
    ['walkout', 'rules[0]: a rule must be a mapping with id, label, weight, phrases and source'],
  ])('reports %j', (rule, problem) => expect(problems({ rules: [rule] })).toEqual([problem]));

  it('reports every problem, each with its rule', () => {
    expect(problems({ rules: [{ ...good, weight: -1 }, good, { ...good, id: 'other', label: 'up' }] })).toEqual([
      'rule my-torpedo: weight must be a number greater than 0 and at most 5 (got -1)',
      'rule my-torpedo: the id is used twice in this file',
      'rule other: label must be one of progress, stall, neutral (got "up")',
    ]);
  });

  it.each([
    [{ rules: [], extra: 1 }, 'top level: unknown key extra (known: replace, disable, rules, topics)'],
    [{ disable: ['no-such-rule'] }, 'disable no-such-rule: no default rule has this id (see talkwatch rules list)'],
    [{ replace: 'yes' }, 'top level: replace must be true or false'],
    [{ replace: true }, 'top level: replace: true with no rules would leave no rules at all'],
    [[1, 2], 'top level: the file must be a mapping with rules, topics, disable or replace'],
    [{ topics: [{ name: 'sudan', parties: [{ name: 'SAF', terms: ['saf'] }], process: ['talks'] }] }, 'topic sudan: parties must list from 2 to 16 parties, each with a name and terms'],
    [{ topics: [{ name: 'sudan', parties: [{ name: 'SAF', terms: ['saf'] }, { name: 'RSF', terms: [] }], process: ['talks'] }] }, 'topic sudan: party RSF terms must be a non-empty list of phrases'],
    [{ topics: [{ name: 'sudan', names: ['the'], parties: [{ name: 'SAF', terms: ['saf'] }, { name: 'RSF', terms: ['rsf'] }] }] }, 'topic sudan: names: "the" has only words like "the", "to", "of"; it would match almost any item'],
    [{ topics: [{ name: 'sudan', parties: [{ name: 'SAF', terms: ['saf'] }, { name: 'RSF', terms: ['rsf'] }], unrelated: 'football' }] }, 'topic sudan: unrelated must be a non-empty list of phrases'],
    [{ topics: [{ name: 'sudan', subject: ['sudan'], parties: [{ name: 'SAF', terms: ['saf'] }, { name: 'RSF', terms: ['rsf'] }] }] }, 'topic sudan: unknown key subject (known: name, description, names, subjects, parties, venues, mediators, process, issues, unrelated)'],
    [{ topics: [{ name: 'Sudan Talks', parties: [], process: ['talks'] }] }, 'topic Sudan Talks: name must be lower-case letters, digits and dashes (at most 40), e.g. sudan-jeddah'],
  ])('reports %j', (raw, problem) => expect(problems(raw)).toContain(problem));
});

describe('merging with the defaults', () => {
  const defaults = DEFAULT_RULE_SET.rules.length;

  it('extends: the default rules stay and the file adds its own', () => {
    const set = mergeRuleSets(DEFAULT_RULE_SET, file({ rules: [good] }));
    expect(set.rules).toHaveLength(defaults + 1);
    const result = new RuleClassifier(set).classify({ title: 'Hardliners torpedo the talks', summary: '' }, null);
    expect(result.rules.map((r) => r.id)).toContain('my-torpedo');
  });

  it('a rule with a default id replaces that rule', () => {
    const set = mergeRuleSets(DEFAULT_RULE_SET, file({ rules: [{ ...good, id: 'cameo-04-host' }] }));
    expect(set.rules).toHaveLength(defaults);
    expect(set.rules.find((r) => r.id === 'cameo-04-host')!.phrases).toEqual(['torpedo * talks']);
  });

  it('disable turns default rules off', () => {
    const set = mergeRuleSets(DEFAULT_RULE_SET, file({ disable: ['seed-market-reaction'] }));
    expect(set.rules.map((r) => r.id)).not.toContain('seed-market-reaction');
  });

  it('replace: true keeps only the file\'s rules, and the language and topics', () => {
    const set = mergeRuleSets(DEFAULT_RULE_SET, file({ replace: true, rules: [good] }));
    expect(set.rules.map((r) => r.id)).toEqual(['my-torpedo']);
    const classifier = new RuleClassifier(set);
    expect(classifier.classify({ title: 'They did not torpedo the talks', summary: '' }, null)).toMatchObject({ label: 'neutral', score: 0 });
    expect(classifier.topics()).toEqual(['iran-us', 'russia-ukraine', 'israel-hamas', 'armenia-azerbaijan', 'korean-peninsula']);
  });

  it('a topic needs no process words of its own: the common ones count for every topic', () => {
    const topic = { name: 'sudan-jeddah', parties: [{ name: 'the army', terms: ['sudanese army'] }, { name: 'the RSF', terms: ['=rsf'] }] };
    const checked = checkRuleFile({ topics: [topic] }, new Set());
    expect(checked.ok).toBe(true);
    const classifier = new RuleClassifier(mergeRuleSets(DEFAULT_RULE_SET, file({ topics: [topic] })));
    expect(classifier.classify({ title: 'Sudanese army and RSF agree to a truce', summary: '' }, 'sudan-jeddah').relevant).toBe(true);
    expect(classifier.classify({ title: 'Sudanese army and RSF clash in the capital', summary: '' }, 'sudan-jeddah').relevant).toBe(false);
  });

  it('a topic with a default name replaces it; a new name adds one', () => {
    const topic = { name: 'iran-us', parties: [{ name: 'Iran', terms: ['iran'] }, { name: 'Oman', terms: ['oman'] }], process: ['talks'] };
    const set = mergeRuleSets(DEFAULT_RULE_SET, file({ topics: [topic, { ...topic, name: 'iran-oman' }] }));
    expect(set.topics.map((t) => t.name)).toEqual(['russia-ukraine', 'israel-hamas', 'armenia-azerbaijan', 'korean-peninsula', 'iran-us', 'iran-oman']);
    expect(set.topics.find((t) => t.name === 'iran-us')!.venues).toEqual([]);
  });
});
