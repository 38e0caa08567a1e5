/**
 * Parsing the 1.6 MB podcast feed (730 items): wall time, and how long the event loop is blocked meanwhile,
 * in the worker thread talkwatch uses and, for comparison, on the main thread. Slash commands need an answer
 * within 3 s, so what matters is the main thread's longest stall.
 */
import { readFileSync } from 'node:fs';
import { parseFeed } from '../../feeds/parse-task.ts';
import { createParser } from '../../feeds/parser.ts';
import { median, row, type Row } from './support/report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const bytes = readFileSync(new URL('../fixtures/feeds/giantbomb-podcast.rss', import.meta.url));
const input = () => ({ bytes: new Uint8Array(bytes), contentType: 'application/rss+xml', url: 'https://www.giantbomb.com/', now: Date.now() });

async function measure(parse: () => Promise<{ items: unknown[] }>): Promise<{ ms: number; maxDelayMs: number }> {
  // A 1 ms timer: the longest gap between its runs is the longest time the loop could not answer anything.
  let last = performance.now();
  let maxGap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const feed = await parse();
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 20)); // let the timer run once after a blocking parse
  clearInterval(tick);
  if (feed.items.length !== 730) throw new Error(`expected 730 items, got ${feed.items.length}`);
  return { ms, maxDelayMs: maxGap };
}

function line(label: string, runs: Array<{ ms: number; maxDelayMs: number }>): string {
  return (
    `${label.padEnd(26)} parse: median ${median(runs.map((r) => r.ms)).toFixed(0)} ms; ` +
    `longest event-loop stall: median ${median(runs.map((r) => r.maxDelayMs)).toFixed(0)} ms, ` +
    `max ${Math.max(...runs.map((r) => r.maxDelayMs)).toFixed(0)} ms, over ${RUNS} runs`
  );
}

export default async function parse(): Promise<Row[]> {
  const parser = createParser();
  const worker: Array<{ ms: number; maxDelayMs: number }> = [];
  try {
    await parser.parse(input()); // start the worker: its start-up is paid once per service, not per feed
    worker.length = 0;
    for (let i = 0; i < RUNS; i++) worker.push(await measure(() => parser.parse(input())));
    console.log(line('worker thread (talkwatch)', worker));
  } finally {
    await parser.close();
  }
  await parseFeed(input());
  const main: Array<{ ms: number; maxDelayMs: number }> = [];
  for (let i = 0; i < RUNS; i++) main.push(await measure(() => parseFeed(input())));
  console.log(line('main thread (comparison)', main));
  // the case: how long the main thread stalls while the 1.6 MB feed is parsed, against parsing on it
  return [
    row({ case: 'parse_large', metric: 'main_thread_stall_ms', value: median(worker.map((r) => r.maxDelayMs)), unit: 'ms', baseline: median(main.map((r) => r.maxDelayMs)) }),
    row({ case: 'parse_large', metric: 'ms', value: median(worker.map((r) => r.ms)), unit: 'ms', baseline: median(main.map((r) => r.ms)) }),
  ];
}
