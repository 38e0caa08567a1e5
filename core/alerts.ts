/**
 * Stall alerts with Alertmanager semantics, sized for chat. A rule belongs to a subscription and is evaluated
 * after each poll that stores items and on a tick, over distinct stories (never articles; never backfill).
 *
 *   inactive -> firing   when the condition holds at an evaluation; one notification is sent
 *   firing   -> firing   stays quiet, unless a repeat interval is set and has passed since the last notification
 *   firing   -> inactive once the value has fallen to the lower bound (half the threshold) and stayed there for
 *                        RESOLVE_HOLD; a resolved notice is sent if the subscription wants one and a firing
 *                        notice went out
 * While the channel is snoozed nothing is sent; an alert still firing when the snooze ends is sent then.
 */
import { MINUTE } from './clock.ts';

export type AlertRule =
  | { type: 'count'; threshold: number; windowMinutes: number }
  | { type: 'share'; percent: number; windowMinutes: number; min: number };

export const DEFAULT_ALERT_RULE: AlertRule = { type: 'count', threshold: 3, windowMinutes: 360 };
export const RESOLVE_HOLD_MS = 30 * MINUTE;

/** Distinct non-backfill stories in the rule's window. */
export interface WindowCounts {
  stall: number;
  total: number;
}

export interface AlertState {
  state: 'inactive' | 'firing';
  fingerprint: string | null;
  value: number | null;
  firedAt: Date | null;
  lastNotifiedAt: Date | null;
  belowSince: Date | null;
}

export const INACTIVE: AlertState = { state: 'inactive', fingerprint: null, value: null, firedAt: null, lastNotifiedAt: null, belowSince: null };

export type Notification = 'firing' | 'repeat' | 'resolved';

export interface Evaluation {
  next: AlertState;
  notify: Notification | null;
}

/** The number the rule compares: stall stories, or the stall share in percent. */
export function ruleValue(rule: AlertRule, counts: WindowCounts): number {
  if (rule.type === 'count') return counts.stall;
  return counts.total === 0 ? 0 : Math.round((100 * counts.stall) / counts.total);
}

export function conditionHolds(rule: AlertRule, counts: WindowCounts): boolean {
  if (rule.type === 'count') return counts.stall >= rule.threshold;
  return counts.total >= rule.min && ruleValue(rule, counts) >= rule.percent;
}

/** At or below the lower bound: half the threshold (or, for a share, half the percent or too few stories). */
export function atLowerBound(rule: AlertRule, counts: WindowCounts): boolean {
  if (rule.type === 'count') return counts.stall <= Math.floor(rule.threshold / 2);
  return counts.total < rule.min || ruleValue(rule, counts) <= rule.percent / 2;
}

export function describeRule(rule: AlertRule): string {
  const window = formatWindow(rule.windowMinutes);
  return rule.type === 'count'
    ? `${rule.threshold} or more stall stories within ${window}`
    : `stall stories at ${rule.percent}% or more of at least ${rule.min} stories within ${window}`;
}

export function formatWindow(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

export interface EvaluateInput {
  rule: AlertRule;
  counts: WindowCounts;
  state: AlertState;
  now: Date;
  repeatMinutes: number | null;
  notifyResolved: boolean;
  snoozed: boolean;
}

export function evaluateAlert({ rule, counts, state, now, repeatMinutes, notifyResolved, snoozed }: EvaluateInput): Evaluation {
  const value = ruleValue(rule, counts);
  if (state.state === 'inactive') {
    if (!conditionHolds(rule, counts)) return { next: { ...state, value }, notify: null };
    const fired: AlertState = { state: 'firing', fingerprint: now.toISOString(), value, firedAt: now, lastNotifiedAt: null, belowSince: null };
    if (snoozed) return { next: fired, notify: null };
    return { next: { ...fired, lastNotifiedAt: now }, notify: 'firing' };
  }

  // firing
  if (atLowerBound(rule, counts)) {
    const belowSince = state.belowSince ?? now;
    if (now.getTime() - belowSince.getTime() >= RESOLVE_HOLD_MS) {
      const wasAnnounced = state.lastNotifiedAt !== null;
      const next: AlertState = { ...INACTIVE, value };
      return { next, notify: wasAnnounced && notifyResolved && !snoozed ? 'resolved' : null };
    }
    return { next: { ...state, value, belowSince }, notify: null };
  }

  const holding: AlertState = { ...state, value, belowSince: null };
  if (snoozed) return { next: holding, notify: null };
  if (state.lastNotifiedAt === null) return { next: { ...holding, lastNotifiedAt: now }, notify: 'firing' };
  if (repeatMinutes !== null && now.getTime() - state.lastNotifiedAt.getTime() >= repeatMinutes * MINUTE) {
    return { next: { ...holding, lastNotifiedAt: now }, notify: 'repeat' };
  }
  return { next: holding, notify: null };
}
