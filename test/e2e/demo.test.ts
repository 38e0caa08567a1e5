/**
 * The demo is the whole pipeline on a scenario: feeds on loopback, polling, the real classifier, stories, alerts,
 * digests, the outbox and the deliverer, with a fast clock. What the channel receives is checked here.
 */
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../bots/demo/run.ts';
import { toPlainText } from '../../core/reply.ts';
import { SAFETY_CAP_MS } from '../support/cli.ts';

describe('talkwatch demo', () => {
  it('tells the channel about the talks opening, progressing, stalling and recovering', async () => {
    const lines: string[] = [];
    const result = await runDemo({ out: (t) => lines.push(t), err: (t) => lines.push(t) });

    expect(result.digests).toHaveLength(6);
    expect(result.alerts.map((a) => a.kind)).toEqual(['alert', 'resolved']);
    expect(result.alerts[0]!.title).toBe('Stall alert: 3 stall stories on iran-us in the last 6 h');
    // The two outlets' versions of the first round and of the suspension are one story each; the cricket item is off topic.
    expect(result.items).toBe(20);
    expect(result.stories).toBe(17);

    const titles = result.digests.map((d) => d.title);
    expect(titles).toEqual([
      'iran-us digest: 0 progress, 0 stall, 2 neutral',
      'iran-us digest: 0 progress, 0 stall, 1 neutral',
      'iran-us digest: 3 progress, 0 stall, 1 neutral',
      'iran-us digest: 0 progress, 4 stall, 1 neutral',
      'iran-us digest: 1 progress, 0 stall, 1 neutral',
      'iran-us digest: 2 progress, 0 stall, 1 neutral',
    ]);
    const stallDay = toPlainText(result.digests[3]!);
    expect(stallDay).toContain('Momentum -4 (was +3)');
    expect(stallDay).toMatch(/Alerts: Stall alert on iran-us \(3 or more stall stories within 6 h\) at \w{3} \d+ Apr \d\d:\d\d Asia\/Karachi/);
    expect(stallDay).toMatch(/\[stall\] Iran-US talks suspended after strike on Iranian-backed militia \(Demo Wire, 2 articles, explain \d+\)/);
    expect(lines.join('\n')).toMatch(/Done: 20 articles polled from 3 feeds became 17 stories; #risk-desk received 6 digests and 2 alert messages/);
  }, SAFETY_CAP_MS);
});
