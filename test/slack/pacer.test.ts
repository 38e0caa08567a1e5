/** The per-channel pace and Retry-After hold, on a clock the test drives. */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../bots/slack/pacer.ts';

function clocked(intervalMs: number) {
  let now = 0;
  const pacer = new Pacer(
    intervalMs,
    () => now,
    async (ms) => {
      now += ms;
    },
  );
  const starts: Array<[string, number]> = [];
  const send = (key: string) => pacer.run(key, async () => void starts.push([key, now]));
  return { pacer, starts, send, advance: (ms: number) => (now += ms) };
}

describe('Pacer', () => {
  it('spaces sends to one channel by the interval, in order', async () => {
    const { starts, send } = clocked(1000);
    await Promise.all([send('A'), send('A'), send('A')]);
    expect(starts).toEqual([['A', 0], ['A', 1000], ['A', 2000]]);
  });

  it('does not make one channel wait for another', async () => {
    const { starts, send } = clocked(1000);
    await Promise.all([send('A'), send('B'), send('A')]);
    expect(starts.filter(([k]) => k === 'B')).toEqual([['B', 0]]);
  });

  it('holds every channel after a Retry-After', async () => {
    const { pacer, starts, send } = clocked(1000);
    pacer.hold(30_000);
    await Promise.all([send('A'), send('B')]);
    expect(starts.sort()).toEqual([['A', 30_000], ['B', 30_000]]);
  });

  it('keeps going after a failed send', async () => {
    const { pacer, starts, send } = clocked(1000);
    await expect(pacer.run('A', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await send('A');
    expect(starts).toEqual([['A', 1000]]);
  });
});
