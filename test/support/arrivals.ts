/**
 * What the fake Slack and Discord received, matched to the outbox keys the service committed to: each must arrive
 * exactly once. Slack messages carry their key in message metadata, Discord messages in their nonce.
 */
import { nonceFor } from '../../bots/discord/send.ts';
import type { FakeSlack } from '../slack/fake-slack.ts';
import type { FakeDiscord } from './fake-discord.ts';

export interface OutboxRow {
  key: string;
  status: string;
  lastError: string | null;
}

export interface Arrivals {
  /** how often each expected key arrived (absent: never) */
  counts: Map<string, number>;
  /** repeats of expected keys, plus every arrival of a key nobody expected */
  duplicates: number;
  lost: number;
  problems: string[];
}

export function countArrivals(expected: Set<string>, rows: OutboxRow[], fakes: { slack: FakeSlack; discord: FakeDiscord }): Arrivals {
  const byNonce = new Map([...expected].map((key) => [nonceFor(key), key]));
  const received: string[] = [];
  for (const messages of fakes.slack.messages.values()) for (const m of messages) received.push(String(m.metadata?.event_payload?.key ?? `(no key) ${m.text.slice(0, 60)}`));
  for (const m of fakes.discord.created) received.push(byNonce.get(m.nonce ?? '') ?? `(unknown nonce ${m.nonce})`);

  const counts = new Map<string, number>();
  for (const key of received) counts.set(key, (counts.get(key) ?? 0) + 1);
  const problems: string[] = [];
  let duplicates = 0;
  for (const [key, n] of counts) {
    if (!expected.has(key)) {
      duplicates += n;
      problems.push(`unexpected: ${key} arrived ${n} time(s)`);
    } else if (n > 1) {
      duplicates += n - 1;
      problems.push(`doubled: ${key} arrived ${n} times`);
    }
  }
  let lost = 0;
  for (const key of expected) {
    if (counts.has(key)) continue;
    lost++;
    const row = rows.find((r) => r.key === key);
    problems.push(`lost: ${key} (${row ? `${row.status}${row.lastError ? `: ${row.lastError}` : ''}` : 'never enqueued'})`);
  }
  return { counts, duplicates, lost, problems };
}
