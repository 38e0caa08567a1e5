/** The topic filter: tables of headlines that are and are not about each shipped negotiation, and a user's own. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, RuleClassifier, UnknownTopicError, type TopicDef } from '../../../core/rules/index.ts';

const classifier = new RuleClassifier(DEFAULT_RULE_SET);
const relevant = (title: string, topic = 'iran-us', summary = '') => classifier.classify({ title, summary }, topic).relevant;

describe('iran-us: a relevance score of 3 or more over names, parties, venue, mediators, issues and process words', () => {
  it.each([
    ['Tehran and Washington exchange proposals through Pakistani intermediaries', true],
    ['US envoy meets Iranian counterpart in Islamabad', true],
    ['Iranian negotiators arrive in Islamabad', true],
    ['Pakistan hopes to host another round between Tehran and the United States', true],
    ['White House says Iran talks will resume', true],
    ['Iran offers to dilute its enriched uranium stockpile', true],
    ['Iran-U.S. truce holds for a second week', true],
    ['Araghchi and Witkoff to meet again', true],
    ['Tehran rejects American demands', true],
  ])('relevant: %s', (title, expected) => expect(relevant(title)).toBe(expected));

  it.each([
    ['US and Mexico resume talks on water treaty', false],
    ['Iran reports record wheat harvest', false],
    ['Islamabad traffic plan for the weekend', false],
    ['Pakistan and India hold border talks', false],
    ['US Senate passes budget deal', false],
    ['Iran and Iraq sign trade agreement', false],
    ['Iran and the US play to a draw in World Cup qualifier', false],
    ['Let us talk about the weather', false],
  ])('not relevant: %s', (title, expected) => expect(relevant(title)).toBe(expected));

  it('reads the summary too', () => {
    expect(relevant('Talks resume on Friday', 'iran-us', 'Iranian and American delegations will meet in Islamabad.')).toBe(true);
  });

  it('says why, for explain', () => {
    expect(classifier.explain({ title: 'US and Mexico resume talks', summary: '' }, 'iran-us').relevance).toMatchObject({
      relevant: false,
      parties: ['the United States'],
      score: 2,
      reason: expect.stringContaining('one party and a process word are not enough'),
    });
  });

  it('never changes the label: an off-topic stall is still explained as stall', () => {
    const result = classifier.classify({ title: 'US and Mexico water talks collapse', summary: '' }, 'iran-us');
    expect(result).toMatchObject({ relevant: false, label: 'stall' });
  });

  it('--any-topic (null) keeps every item', () => {
    expect(classifier.classify({ title: 'Iran reports record wheat harvest', summary: '' }, null).relevant).toBe(true);
  });

  it('an unknown topic is a coded error that names the known ones', () => {
    const attempt = () => classifier.classify({ title: 'x', summary: '' }, 'sudan');
    expect(attempt).toThrow(UnknownTopicError);
    expect(attempt).toThrow(/unknown topic "sudan"; known topics: iran-us/);
  });
});

describe('another negotiation needs only a topic table', () => {
  const sudan: TopicDef = {
    name: 'sudan-jeddah',
    parties: [
      { name: 'the Sudanese army', terms: ['sudanese army', '=saf', 'burhan', 'sudanese armed forces'] },
      { name: 'the RSF', terms: ['=rsf', 'rapid support forces', 'hemedti', 'dagalo'] },
    ],
    venues: ['jeddah'],
    mediators: ['saudi arabia', '=saudi', 'united states'],
    process: ['talks', 'negotiation', 'ceasefire', 'truce', 'delegation', 'envoy', 'mediator'],
    issues: ['humanitarian access', 'el fasher'],
  };
  const both = new RuleClassifier({ ...DEFAULT_RULE_SET, topics: [...DEFAULT_RULE_SET.topics, sudan] });

  it('lists it among the topics', () => expect(both.topics()).toEqual([...DEFAULT_RULE_SET.topics.map((t) => t.name), 'sudan-jeddah']));

  it('names the negotiation after a side without being told: "<party> talks", "talks with <party>"', () => {
    const kosovo: TopicDef = {
      name: 'kosovo',
      parties: [
        { name: 'Serbia', terms: ['serbia', 'belgrade', 'vucic'] },
        { name: 'Kosovo', terms: ['kosovo', 'pristina', 'kurti'] },
      ],
      venues: [],
      mediators: [],
      process: [],
      issues: [],
    };
    const own = new RuleClassifier({ ...DEFAULT_RULE_SET, topics: [kosovo] });
    const about = (title: string) => own.explain({ title, summary: '' }, 'kosovo').relevance!;
    expect(about('Kosovo talks resume next month')).toMatchObject({ relevant: true, score: 5 });
    expect(about('EU envoy presses on with dialogue with Kosovo')).toMatchObject({ relevant: true });
    expect(about('Kosovo peace deal back on the table')).toMatchObject({ relevant: true });
    expect(about('Kosovo talks resume next month').reason).toContain('a name of the negotiation ("Kosovo talks") +3');
    // a hyphen joins the party to another side: "Albania-Kosovo talks" is another negotiation
    expect(about('Albania-Kosovo talks on energy')).toMatchObject({ relevant: false });
    // the word before "talks" must be the party
    expect(about('Kosovo premier talks tough on trade')).toMatchObject({ relevant: false });
  });

  it.each([
    ['Sudanese army and RSF agree to a humanitarian truce in Jeddah', true, 'progress'],
    ['RSF delegation walks out of Jeddah talks', true, 'stall'],
    ['Burhan rejects Saudi mediator proposal for talks with Hemedti', true, 'stall'],
    ['Iran and US agree to meet again', false, 'progress'],
  ])('%s', (title, isRelevant, label) => {
    expect(both.classify({ title, summary: '' }, 'sudan-jeddah')).toMatchObject({ relevant: isRelevant, label });
  });
});

describe('how coverage names a negotiation: names, the place it is about, one side with its negotiator', () => {
  it.each([
    // a name of the negotiation is enough alone
    ['Netanyahu: We Will Thwart Iran Deal', 'iran-us', true],
    ['Witkoff to travel to Rome for Iran talks', 'iran-us', true],
    ['Hopes rise for Gaza ceasefire and hostage release deal', 'israel-hamas', true],
    ['Two Koreas to hold reunion of families', 'korean-peninsula', true],
    // the place it is about, with a process word
    ['Ceasefire in Gaza begins at dawn', 'israel-hamas', true],
    ['UN chief condemns strike on Gaza school', 'israel-hamas', false],
    // one side and its negotiator, with the venue or a mediator
    ['Araghchi arrives in Islamabad for talks', 'iran-us', true],
    ['Medinsky leads delegation to Istanbul', 'russia-ukraine', true],
    // one side with an issue
    ['Azerbaijan and Armenia begin border delimitation', 'armenia-azerbaijan', true],
    ['Iran offers to dilute its enriched uranium stockpile', 'iran-us', true],
    // the same people doing other business
    ['Ceasefire looms as Israel and Hezbollah inch closer to agreement', 'israel-hamas', false],
    ['Next round of Turkey-Armenia talks set for Vienna', 'armenia-azerbaijan', false],
    ['South Korea optimistic on US trade deal talks as stocks rally', 'korean-peninsula', false],
    ['US, China hold Geneva talks in bid to ease trade dispute', 'iran-us', false],
    ['Taliban and Pakistan to meet again in Istanbul next week', 'iran-us', false],
  ])('%s (%s): %s', (title, topic, expected) => expect(relevant(title, topic)).toBe(expected));

  it('the stored result keeps the score and the words that decided it', () => {
    const result = classifier.classify({ title: 'Gaza ceasefire talks resume in Doha', summary: '' }, 'israel-hamas');
    expect(result.relevance).toEqual({
      score: 7,
      terms: expect.arrayContaining([
        { role: 'name', party: null, text: 'Gaza ceasefire' },
        { role: 'subject', party: null, text: 'Gaza' },
        { role: 'venue', party: null, text: 'Doha' },
      ]),
    });
  });

  it('other business counts against: three points off', () => {
    const explained = classifier.explain({ title: 'Iran and the US meet in World Cup qualifier talks', summary: '' }, 'iran-us');
    expect(explained.relevance).toMatchObject({ relevant: false, score: 0 });
    expect(explained.relevance!.reason).toContain('other business ("World Cup") -3');
  });
});
