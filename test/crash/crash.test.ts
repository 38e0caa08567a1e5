/**
 * The crash test, short: three kills at the moments that matter most (right after Slack answered a post, while
 * Discord holds one, on a scheduler tick), then every expected digest and alert must have arrived once.
 * `npm run test:crash` runs the long version (at least 30 kills).
 */
import { describe, expect, it } from 'vitest';
import { SLOW } from '../support/cli.ts';
import { seededDataDir } from '../support/seeded.ts';
import { runCrashTest } from './harness.ts';

describe('talkwatch killed and restarted', SLOW, () => {
  it('delivers every expected digest and alert exactly once on Slack and Discord', async () => {
    const result = await runCrashTest({ kills: 3, dataDir: seededDataDir(), seed: 11, moments: ['Slack answered', 'Discord holds a post', 'scheduler tick'] });
    expect(result.problems).toEqual([]);
    expect(result.line).toMatch(/^crash-test: kills 3 expected (\d+) delivered \1 duplicates 0 lost 0$/);
    expect(result.digests).toBeGreaterThan(0);
  });
});
