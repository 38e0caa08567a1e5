/**
 * The console front end as a user meets it: `talkwatch command` and `talkwatch digest --preview`, with and without
 * the service running on the same embedded database, and deliveries printed by `talkwatch start`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, runTalkwatch, SLOW, startTalkwatch, type Running } from '../support/cli.ts';
import { seededDataDir } from '../support/seeded.ts';

describe('console commands', SLOW, () => {
  const env = cleanEnv({ TALKWATCH_DATA_DIR: seededDataDir(), PORT: '0' });
  let service: Running | null = null;

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
  });

  it('work on their own when no service runs', async () => {
    const result = await runTalkwatch(['command', '--channel', 'ops', '--', 'subscribe', 'alerts'], env);
    expect(result.stdout).toContain('Stall alerts on iran-us: when there are 3 or more stall stories within 6 h.');
    expect(result.code).toBe(0);
  });

  it('answer a malformed command with a usage line and exit 2', async () => {
    const result = await runTalkwatch(['command', '--', 'latest', 'banana'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('"banana" is neither a label nor a number\nUsage: latest [progress|stall|neutral] [n] [--topic name]');
  });

  it('go through the running service, which prints the deliveries they cause', async () => {
    service = startTalkwatch(['start'], env);
    await service.waitFor(/"msg":"talkwatch is running"/);

    const show = await runTalkwatch(['command', '--channel', 'ops', '--', 'alerts', 'show'], env);
    expect(show.stderr).not.toMatch(/lock|in use/i);
    expect(show.stdout).toContain('iran-us: 3 or more stall stories within 6 h; not firing');

    const preview = await runTalkwatch(['digest', '--preview', '--channel', 'ops'], env);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/^Quiet day on iran-us: no new stories since/);

    const now = await runTalkwatch(['command', '--channel', 'ops', '--', 'digest', 'now'], env);
    expect(now.stdout).toContain('The digest is on its way to this channel.');
    await service.waitFor(/── #ops · digest ──\nQuiet day on iran-us/);

    const port = Number(/"port":(\d+)/.exec(service.stderr())![1]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('talkwatch_subscriptions{kind="alerts"} 1');
    expect(metrics).toMatch(/talkwatch_deliveries\{status="sent"\} 1\n/);
    expect(metrics).toContain('talkwatch_alerts_firing 0');

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  });
});
