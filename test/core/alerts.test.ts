import { describe, expect, it } from 'vitest';
import { evaluateAlert, INACTIVE, RESOLVE_HOLD_MS, type AlertRule, type AlertState } from '../../core/alerts.ts';

const rule: AlertRule = { type: 'count', threshold: 4, windowMinutes: 360 };
const t0 = new Date('2026-11-21T00:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

/** Feed a sequence of stall counts through the state machine, one evaluation a minute apart by default. */
function run(counts: Array<[number, number]>, options: { repeatMinutes?: number | null; snoozedAt?: (m: number) => boolean; notifyResolved?: boolean } = {}) {
  let state: AlertState = INACTIVE;
  const sent: string[] = [];
  for (const [minute, stall] of counts) {
    const { next, notify } = evaluateAlert({
      rule,
      counts: { stall, total: stall + 2 },
      state,
      now: at(minute),
      repeatMinutes: options.repeatMinutes ?? null,
      notifyResolved: options.notifyResolved ?? true,
      snoozed: options.snoozedAt?.(minute) ?? false,
    });
    if (notify) sent.push(`${minute}:${notify}`);
    state = next;
  }
  return { sent, state };
}

const hold = RESOLVE_HOLD_MS / 60_000;

describe('alert rules', () => {
  it('fire once when the threshold is crossed and stay quiet while firing', () => {
    expect(run([[0, 3], [1, 4], [2, 5], [3, 9], [4, 4]]).sent).toEqual(['1:firing']);
  });

  it('resolve only after the count falls to half the threshold and stays there', () => {
    const { sent, state } = run([[0, 4], [1, 3], [2, 2], [2 + hold - 1, 2], [2 + hold, 2]]);
    expect(sent).toEqual(['0:firing', `${2 + hold}:resolved`]);
    expect(state.state).toBe('inactive');
  });

  it('stay firing when the count bounces back above the lower bound before the hold ends', () => {
    const { sent, state } = run([[0, 4], [1, 2], [10, 3], [1 + hold, 2], [2 + hold, 2]]);
    expect(sent).toEqual(['0:firing']);
    expect(state.state).toBe('firing');
  });

  it('fire again on a new wave after resolving', () => {
    const { sent } = run([[0, 4], [1, 1], [1 + hold, 1], [100, 5]]);
    expect(sent).toEqual(['0:firing', `${1 + hold}:resolved`, '100:firing']);
  });

  it('repeat only after the repeat interval, and never by default', () => {
    expect(run([[0, 4], [59, 4], [60, 4], [121, 4]], { repeatMinutes: 60 }).sent).toEqual(['0:firing', '60:repeat', '121:repeat']);
    expect(run([[0, 4], [600, 4], [6000, 4]]).sent).toEqual(['0:firing']);
  });

  it('send nothing while snoozed, and the firing notice once the snooze ends', () => {
    const snoozedAt = (m: number) => m < 30;
    expect(run([[0, 4], [10, 5], [30, 5], [31, 5]], { snoozedAt }).sent).toEqual(['30:firing']);
  });

  it('send no resolved notice for an alert that was never announced, or when the subscription opts out', () => {
    expect(run([[0, 4], [5, 0], [5 + hold, 0]], { snoozedAt: (m) => m < 60 }).sent).toEqual([]);
    expect(run([[0, 4], [5, 0], [5 + hold, 0]], { notifyResolved: false }).sent).toEqual(['0:firing']);
  });

  it('read a share rule with its minimum', () => {
    const share: AlertRule = { type: 'share', percent: 50, windowMinutes: 1440, min: 4 };
    const fire = (stall: number, total: number) =>
      evaluateAlert({ rule: share, counts: { stall, total }, state: INACTIVE, now: t0, repeatMinutes: null, notifyResolved: true, snoozed: false }).notify;
    expect([fire(3, 3), fire(2, 4), fire(1, 4), fire(3, 5)]).toEqual([null, 'firing', null, 'firing']);
  });
});
