/**
 * How fast a /talks command is acknowledged (Slack's limit: 3 s), through the real Bolt mounted on the service's
 * HTTP server: a command whose reply is ready at once (answered in the acknowledgement), and a slow one
 * (acknowledged when the ack budget runs out, answered later through response_url).
 */
import { HttpServer } from '../../bots/http.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import { commandFields, signCommand, startFakeSlack } from '../slack/fake-slack.ts';
import { capturedLogger, stubRunner } from '../slack/support.ts';
import { median, percentile, row, type Row } from './support/report.ts';

const FAST_RUNS = 200;
const SLOW_RUNS = 5;
const SECRET = 'bench-secret';

const p95 = (values: number[]) => percentile(values, 95);
const summary = (values: number[]) =>
  `median ${median(values).toFixed(1)} ms, p95 ${p95(values).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms over ${values.length}`;

export default async function slackAck(): Promise<Row[]> {
  const fake = await startFakeSlack();
  const http = new HttpServer(() => {});
  const port = await http.listen(0, '127.0.0.1');
  const runner = stubRunner();
  const front = createSlackFrontEnd({ botToken: 'xoxb-bench', signingSecret: SECRET, appToken: null, apiUrl: fake.apiUrl, admins: [], operators: [], oauth: null });
  await front.start({ run: runner.run, http, log: capturedLogger('silent').log });

  const ack = async (text: string) => {
    const { body, headers } = signCommand(SECRET, commandFields(fake, text));
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers });
    await res.text();
    if (res.status !== 200) throw new Error(`answer ${res.status}`);
    return performance.now() - started;
  };

  const fast: number[] = [];
  for (let i = 0; i < FAST_RUNS; i++) fast.push(await ack('status'));
  console.log(`reply in the acknowledgement (status):           ${summary(fast)}`);

  const slow: number[] = [];
  for (let i = 0; i < SLOW_RUNS; i++) {
    slow.push(await ack('digest now'));
    runner.release();
  }
  console.log(`slow command, acknowledged at the 1.5 s budget: ${summary(slow)}`);

  await front.stop();
  await http.close();
  await fake.close();
  return [
    row({ case: 'slack_ack', variant: 'reply in the acknowledgement', metric: 'ms', value: median(fast), unit: 'ms', target: '<= 3000' }),
    row({ case: 'slack_ack', variant: 'slow command', metric: 'ms', value: median(slow), unit: 'ms', target: '<= 3000' }),
  ];
}
