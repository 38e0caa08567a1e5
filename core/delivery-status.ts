/** The lines `status` shows about a channel's deliveries: nothing when all is well. */
import type { DeliveryHealth } from './store.ts';
import { describeLocal } from './schedule.ts';

const messages = (n: number) => `${n} message${n === 1 ? '' : 's'}`;

export function deliveryLines(health: DeliveryHealth): string[] {
  const lines: string[] = [];
  if (health.waiting > 0 && health.lastFailure) {
    const { reason, code, nextAttemptAt } = health.lastFailure;
    lines.push(`Delivery: ${messages(health.waiting)} waiting; the last attempt failed (${code}): ${reason}. Next try ${describeLocal(nextAttemptAt, 'UTC')}.`);
  }
  if (health.dropped.length > 0) {
    lines.push(`Delivery: ${messages(health.dropped.length)} could not be sent in the last 7 days and were dropped; the latest: ${health.dropped[0]!.reason}.`);
  }
  if (health.atLeastOnce) lines.push(`Delivery here is at least once: ${health.atLeastOnce}.`);
  return lines;
}
