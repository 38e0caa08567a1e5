/**
 * What `talkwatch rules check` says about a topic table beyond its problems: what it holds, and what coverage
 * usually needs that it lacks. Advice, not errors: the file is used either way.
 */
import type { TopicDef } from './types.ts';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeTopic(topic: TopicDef): string {
  const parts = [
    count(topic.parties.length, 'party', 'parties'),
    count(topic.names?.length ?? 0, 'name'),
    count(topic.subjects?.length ?? 0, 'subject'),
    count(topic.venues.length, 'venue'),
    count(topic.mediators.length, 'mediator'),
    count(topic.issues.length, 'issue'),
    `${topic.process.length} own process words (and the common ones)`,
    count(topic.unrelated?.length ?? 0, 'unrelated phrase'),
  ];
  return `topic ${topic.name}: ${parts.join(', ')}`;
}

export function topicAdvice(topic: TopicDef): string[] {
  const advice: string[] = [];
  if (!topic.names?.length) {
    advice.push('no names: coverage often names the talks themselves ("the Jeddah talks", "Gaza ceasefire"); list them under names');
  }
  for (const party of topic.parties) {
    if (party.terms.length < 3) {
      advice.push(`party ${party.name} has ${count(party.terms.length, 'term')}: add its capital, its people, its leaders and negotiators`);
    }
  }
  if (!topic.venues.length && !topic.mediators.length) advice.push('no venue and no mediator: items that name one side at the venue or with the mediator will be dropped');
  return advice.map((a) => `topic ${topic.name}: ${a}`);
}
