/**
 * Is an item about the topic? A score over the roles its words play in the topic's table, each role counted
 * once however often its words appear:
 *
 *   a name of the negotiation ("Iran talks", "Gaza ceasefire")   +3   enough alone
 *   the place it is about, when not a party ("Sudan", "Gaza")    +2   enough with a process word
 *   an issue ("enrichment", "border delimitation")               +2   enough with a party or a process word
 *   each party, by any of its words (at most two count)          +1
 *   the venue                                                    +1
 *   a mediator                                                   +1
 *   a process word ("talks", "ceasefire", "envoy", "both sides") +1
 *   other business between the same parties ("trade talks")      -3
 *
 * The item is relevant at 3 or more: both parties with a process word, one party with the venue or a mediator and
 * a process word, one party with an issue, a name alone. One party with a process word is 2, not enough: "US and
 * Mexico resume talks" is about another negotiation. The title and the summary count together.
 *
 * The same score is computed from flags while classifying (no strings built) and from stored terms for
 * `explain`, so the two always agree.
 */
import type { RelevanceResult, RelevanceTerm } from '../types.ts';

export const RELEVANCE_BAR = 3;

export const RELEVANCE_POINTS = {
  name: 3,
  subject: 2,
  issue: 2,
  party: 1,
  venue: 1,
  mediator: 1,
  process: 1,
  unrelated: -3,
} as const;

/** The most parties that count: a third party adds nothing a second one did not. */
export const MAX_PARTIES_COUNTED = 2;

export type RelevanceRole = RelevanceTerm['role'];

/** Which roles an item's words played; parties as a count of distinct parties. */
export interface RoleCounts {
  name: boolean;
  subject: boolean;
  issue: boolean;
  parties: number;
  venue: boolean;
  mediator: boolean;
  process: boolean;
  unrelated: boolean;
}

export function relevanceScore(c: RoleCounts): number {
  const p = RELEVANCE_POINTS;
  return (
    (c.name ? p.name : 0) +
    (c.subject ? p.subject : 0) +
    (c.issue ? p.issue : 0) +
    Math.min(c.parties, MAX_PARTIES_COUNTED) * p.party +
    (c.venue ? p.venue : 0) +
    (c.mediator ? p.mediator : 0) +
    (c.process ? p.process : 0) +
    (c.unrelated ? p.unrelated : 0)
  );
}

export function countRoles(terms: readonly RelevanceTerm[]): RoleCounts {
  const parties = new Set<string>();
  const has = (role: RelevanceRole) => terms.some((t) => t.role === role);
  for (const t of terms) if (t.role === 'party' && t.party) parties.add(t.party);
  return {
    name: has('name'),
    subject: has('subject'),
    issue: has('issue'),
    parties: parties.size,
    venue: has('venue'),
    mediator: has('mediator'),
    process: has('process'),
    unrelated: has('unrelated'),
  };
}

const ROLE_WORDS: Record<RelevanceRole, string> = {
  name: 'a name of the negotiation',
  subject: 'the place it is about',
  issue: 'an issue',
  party: 'a party',
  venue: 'the venue',
  mediator: 'a mediator',
  process: 'a process word',
  unrelated: 'other business',
};

const ORDER: RelevanceRole[] = ['name', 'subject', 'issue', 'party', 'venue', 'mediator', 'process', 'unrelated'];

const quoted = (texts: string[]) => [...new Set(texts)].map((t) => `"${t}"`).join(', ');
const points = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * In words: "relevant to iran-us (score 4, needs 3): the party Iran ("Tehran") +1, the party the United States
 * ("US") +1, a process word ("talks") +1, the venue ("Islamabad") +1".
 */
export function relevanceReason(topic: string, result: RelevanceResult): string {
  const relevant = result.score >= RELEVANCE_BAR;
  const parts: string[] = [];
  const partyNames: string[] = [];
  for (const role of ORDER) {
    const terms = result.terms.filter((t) => t.role === role);
    if (!terms.length) continue;
    if (role === 'party') {
      for (const t of terms) if (t.party && !partyNames.includes(t.party)) partyNames.push(t.party);
      partyNames.forEach((party, i) => {
        const words = quoted(terms.filter((t) => t.party === party).map((t) => t.text));
        parts.push(`the party ${party} (${words}) ${i < MAX_PARTIES_COUNTED ? points(RELEVANCE_POINTS.party) : '+0'}`);
      });
      continue;
    }
    parts.push(`${ROLE_WORDS[role]} (${quoted(terms.map((t) => t.text))}) ${points(RELEVANCE_POINTS[role])}`);
  }
  const head = `${relevant ? 'relevant' : 'not relevant'} to ${topic} (score ${result.score}, needs ${RELEVANCE_BAR})`;
  const body = parts.length ? `: ${parts.join(', ')}` : ': it names nothing from the topic table';
  return relevant ? head + body : `${head}${body}; ${missing(countRoles(result.terms))}`;
}

/** What would have made it relevant, for `rules test` and the misses `eval` lists. */
function missing(c: RoleCounts): string {
  if (c.unrelated) return 'words of other business between the parties count against it';
  if (c.parties === 1 && c.process) return 'one party and a process word are not enough: it needs the other party, the venue, a mediator, an issue or a name of the negotiation';
  if (!c.process && !c.issue && !c.name) return 'it needs a process word (talks, ceasefire, envoy ...), an issue or a name of the negotiation';
  return 'it needs a name of the negotiation, both parties, or a party with the venue, a mediator or an issue';
}
