/** Normalisation, inflection and the phrase syntax: what a table word matches in text. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../core/rules/compile.ts';
import { inflections } from '../../../core/rules/inflect.ts';
import { parsePhrase } from '../../../core/rules/phrase.ts';
import { Tokens, tokenize } from '../../../core/rules/tokenize.ts';
import { RuleClassifier } from '../../../core/rules/index.ts';
import type { RuleDef, RuleSet } from '../../../core/rules/types.ts';

/** A rule set with one rule per phrase given (ids p0, p1 ...), the default language off. */
function only(phrases: string[], language: RuleSet['language'] = { operators: [], breaks: ['but'] }): RuleClassifier {
  const rules: RuleDef[] = phrases.map((phrase, i) => ({ id: `p${i}`, label: 'progress', weight: 1, phrases: [phrase], source: 'user:test' }));
  return new RuleClassifier({ rules, topics: [], language });
}
const fired = (c: RuleClassifier, text: string) => c.classify({ title: text, summary: '' }, null).rules.map((r) => `${r.id}:${r.matched}`);

describe('tokenizing', () => {
  const words = (text: string) => {
    const set: RuleSet = { rules: [{ id: 'x', label: 'progress', weight: 1, source: 'user:t', phrases: ['=u.s.', 'iran', 'not', 'do', 'will', 'can', 'cease fire', 'u.n.', 'cankaya', 'talks', 'but'] }], topics: [], language: { operators: [], breaks: ['but'] } };
    const compiled = compile(set);
    const tokens = tokenize(text, compiled.lexicon, new Tokens());
    return Array.from({ length: tokens.count }, (_, i) => `${tokens.words(i, i + 1)}@${tokens.clause[i]}${tokens.form[i]! >= 0 ? '' : '?'}`);
  };

  it.each([
    ['US and Iran', ['US@0', 'and@0?', 'Iran@0']],
    ['let us talk', ['let@0?', 'us@0?', 'talk@0?']],
    ['U.S.-Iran talks', ['U.S.@0', 'Iran@0', 'talks@0']],
    ["Iran's envoy", ['Iran@0', 'envoy@0?']],
    ['Iran\u2019s envoy', ['Iran@0', 'envoy@0?']],
    ["didn't", ['did@0?', "n't@0"]],
    ['won\u2019t', ['wo@0', 'n\u2019t@0']],
    ['cease-fire, but talks', ['cease@0', 'fire@0', 'but@2', 'talks@2']],
    ['talks \u2014 not', ['talks@0', 'not@1']],
    ['talks - not', ['talks@0', 'not@1']],
    ['the U.N. (France, Germany) talks', ['the@0?', 'U.N.@0', 'France@0?', 'Germany@0?', 'talks@0']],
    ['\u00c7ankaya talks', ['Cankaya@0', 'talks@0']],
    ['1,000 troops; 2.5 percent', ['1,000@0?', 'troops@0?', '2.5@1?', 'percent@1?']],
  ])('%s', (text, expected) => expect(words(text)).toEqual(expected));
});

describe('inflections', () => {
  it.each([
    ['agree', ['agrees', 'agreed', 'agreeing']],
    ['stop', ['stops', 'stopped', 'stopping']],
    ['rally', ['rallies', 'rallied', 'rallying']],
    ['meet', ['meets', 'met', 'meeting']],
    ['withdraw', ['withdrew', 'withdrawn', 'withdrawing']],
    ['normalize', ['normalise', 'normalised', 'normalizes']],
    ['talk', ['talks', 'talked', 'talking']],
  ])('%s matches %j', (word, forms) => expect(inflections(word)).toEqual(expect.arrayContaining([word, ...forms])));

  it('never inflects function words: "not" does not become "noted"', () => {
    expect(inflections('not')).toEqual(['not']);
    expect(inflections('to')).toEqual(['to']);
  });
});

describe('phrase syntax', () => {
  it('= matches the exact form only', () => {
    const c = only(['=talks']);
    expect(fired(c, 'talks resume')).toEqual(['p0:talks']);
    expect(fired(c, 'they talked')).toEqual([]);
  });

  it('| gives alternatives; a hyphen joins words into one alternative', () => {
    const c = only(['lift * curfew|state-of-emergency']);
    expect(fired(c, 'they lifted the state of emergency')).toEqual(['p0:lifted the state of emergency']);
    expect(fired(c, 'they lifted the night curfew')).toEqual(['p0:lifted the night curfew']);
  });

  it('* skips up to four words, not across a clause, and never a negation', () => {
    const c = only(['withdraw * troops']);
    expect(fired(c, 'withdraw all of its remaining troops')).toEqual(['p0:withdraw all of its remaining troops']);
    expect(fired(c, 'withdraw all of its many remaining troops')).toEqual([]);
    expect(fired(c, 'withdraw, then send troops')).toEqual([]);
    const negations = only(['ceasefire * holding'], { operators: [{ id: 'n', kind: 'negation', phrases: ['not'] }], breaks: [] });
    expect(fired(negations, 'the ceasefire is holding')).toEqual(['p0:ceasefire is holding']);
    expect(fired(negations, 'the ceasefire is not holding')).toEqual([]);
  });

  it('the longest match wins, and words a gap skipped stay free for other rules', () => {
    const c = only(['ceasefire', 'ceasefire violation', 'hold * meeting', 'constructive']);
    expect(fired(c, 'a ceasefire violation')).toEqual(['p1:ceasefire violation']);
    expect(fired(c, 'they held a constructive meeting')).toEqual(['p2:held a constructive meeting', 'p3:constructive']);
  });

  it('the tail of a hyphenated word starts no phrase, but topic terms match it', () => {
    const c = only(['end * strike']);
    expect(fired(c, 'an open-ended strike')).toEqual([]);
    expect(fired(c, 'they ended the strike')).toEqual(['p0:ended the strike']);
  });

  it.each([
    ['', 'empty phrase'],
    ['* talks', 'starts with *'],
    ['talks *', 'ends with *'],
    ['hold * * talks', 'two * in a row'],
    ['talks||round', 'empty alternative'],
    ['talks ???', 'has no letters or digits'],
  ])('rejects %j: %s', (phrase, problem) => {
    const parsed = parsePhrase(phrase);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });
});
