/**
 * A farm of real-world feeds on loopback addresses, for the poll benchmarks: FEEDS feeds whose bodies are the
 * fixtures in test/fixtures/feeds (the sizes real feeds have, from 0.2 KB to 1.6 MB), each fixture used equally
 * often in a fixed shuffled order, spread over HOSTS addresses 127.0.0.1 to 127.0.0.HOSTS. Served by a child
 * process (farm-server.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTsv } from '../../../core/rules/index.ts';

export const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
export const HOSTS = 50;

export type FarmMessage = { type: 'generation'; generation: number } | { type: 'stats'; reset?: boolean };
export type FarmReply =
  | { type: 'ready'; ports: number[] }
  | { type: 'ok' }
  | { type: 'stats'; requests: number; notModified: number; bytes: number };

const fixtures = fileURLToPath(new URL('../../fixtures/feeds/', import.meta.url));

/** A small deterministic generator, so every run serves the same feeds in the same order. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Which fixture each feed serves and on which host. The one fixture that is not a feed is left out. */
export function farmFeeds(): Array<{ file: string; host: number }> {
  const files = readdirSync(fixtures)
    .filter((f) => /\.(rss|atom)$/.test(f) && f !== 'unrecognized.rss')
    .sort();
  const order = Array.from({ length: FEEDS }, (_, i) => files[i % files.length]!);
  const random = seeded(14);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.map((file, i) => ({ file, host: i % HOSTS }));
}

/** Headlines for the items a new generation adds: the Iran-US development set's, so they are on topic. */
export function newItemTitles(): string[] {
  const text = readFileSync(fileURLToPath(new URL('../../fixtures/labelled/iran-us-dev.tsv', import.meta.url)), 'utf8');
  return parseTsv(text, ['title']).rows.map((r) => r.values.title!);
}

export interface Farm {
  urls: string[];
  /** total bytes of generation 0 */
  bytes: number;
  setGeneration(generation: number): Promise<void>;
  stats(reset?: boolean): Promise<{ requests: number; notModified: number; bytes: number }>;
  close(): Promise<void>;
}

export async function startFarm(): Promise<Farm> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./farm-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_FEEDS: String(FEEDS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: Array<(reply: FarmReply) => void> = [];
  const ready = new Promise<number[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the feed farm exited (${code}) before it was ready`)));
    replies.push((reply) => (reply.type === 'ready' ? resolve(reply.ports) : reject(new Error('unexpected reply from the feed farm'))));
  });
  child.on('message', (reply: FarmReply) => replies.shift()?.(reply));
  const ask = (message: FarmMessage) =>
    new Promise<FarmReply>((resolve) => {
      replies.push(resolve);
      child.send(message);
    });
  const ports = await ready;
  const feeds = farmFeeds();
  const sizes = new Map<string, number>();
  for (const f of feeds) if (!sizes.has(f.file)) sizes.set(f.file, readFileSync(fixtures + f.file).length);
  return {
    urls: feeds.map((f, i) => `http://127.0.0.${f.host + 1}:${ports[f.host]}/feeds/${i}.xml`),
    bytes: feeds.reduce((n, f) => n + sizes.get(f.file)!, 0),
    async setGeneration(generation) {
      await ask({ type: 'generation', generation });
    },
    async stats(reset) {
      const reply = await ask({ type: 'stats', reset });
      if (reply.type !== 'stats') throw new Error('unexpected reply from the feed farm');
      return reply;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
