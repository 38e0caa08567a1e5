/**
 * What reading leniently costs, on the 1.6 MB podcast feed (730 items), all on this thread and interleaved run by
 * run in a shuffled order, so the machine's load and garbage collection fall on every variant alike:
 * - XML to tree: the strict read every well-formed feed gets and the lenient read alone; and for comparison
 *   rss-parser on its own (xml2js, strict, and its mapping to items), which is how talkwatch read feeds before;
 * - the whole parse (decode, read, rss-parser, normalise) of the feed as it is, and of the same feed with one
 *   bare `&` near its start or near its end, where the strict read fails early or late and the lenient one
 *   reads it all again.
 */
import { readFileSync } from 'node:fs';
import Parser from 'rss-parser';
import { parseFeed } from '../../feeds/parse-task.ts';
import { readXml } from '../../feeds/xml-tree.ts';
import { median, row, type Row } from './support/report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const URL_ = 'https://www.giantbomb.com/';
const text = readFileSync(new URL('../fixtures/feeds/giantbomb-podcast.rss', import.meta.url), 'utf8');
const firstTitle = text.indexOf('<title>') + '<title>'.length;
const lastTitle = text.lastIndexOf('<title>') + '<title>'.length;
const earlyAmp = `${text.slice(0, firstTitle)}Q&A ${text.slice(firstTitle)}`;
const lateAmp = `${text.slice(0, lastTitle)}Q&A ${text.slice(lastTitle)}`;

const bytes = (doc: string) => Buffer.from(doc);
const whole = (doc: Buffer) => parseFeed({ bytes: doc, contentType: 'application/rss+xml', url: URL_, now: Date.now() });

/** A fixed shuffle per seed (Fisher-Yates with a small LCG), so runs are reproducible. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed * 2654435761;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export default async function parseLenient(): Promise<Row[]> {
  const docs = { wellFormed: bytes(text), early: bytes(earlyAmp), late: bytes(lateAmp) };
  const variants: Array<[string, () => Promise<unknown> | unknown]> = [
    ['tree: strict (every well-formed feed)', () => readXml(text, URL_)],
    ['tree: lenient only', () => readXml(text, URL_, true)],
    ['tree: rss-parser alone (before)', () => new Parser({ defaultRSS: 2, xml2js: { strict: true } }).parseString(text)],
    ['parse: well-formed', () => whole(docs.wellFormed)],
    ['parse: bare & near the start', () => whole(docs.early)],
    ['parse: bare & near the end', () => whole(docs.late)],
  ];
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (const [, run] of variants) await run(); // warm up
  for (let i = 0; i < RUNS; i++) {
    // A new order each run, so the garbage one variant leaves is not always collected during the same other one.
    for (const [name, run] of shuffled(variants, i + 1)) {
      const started = performance.now();
      await run();
      times.get(name)!.push(performance.now() - started);
    }
  }
  const strict = median(times.get(variants[0]![0])!);
  const wellFormed = median(times.get('parse: well-formed')!);
  for (const [name] of variants) {
    const ms = median(times.get(name)!);
    const against = name.startsWith('tree') ? `${(ms / strict).toFixed(2)}x the strict read` : `${(ms / wellFormed).toFixed(2)}x the well-formed parse`;
    console.log(`${name.padEnd(40)} median ${ms.toFixed(0).padStart(4)} ms  (${against}), ${RUNS} runs`);
  }
  const early = await whole(docs.early);
  const late = await whole(docs.late);
  console.log(`ill-formed copies read leniently: ${early.lenient && late.lenient}, items ${early.items.length} and ${late.items.length} of 730`);
  // the case: a whole parse of the feed with a bare & near its end (read twice), against the well-formed one
  return [row({ case: 'parse_lenient', metric: 'ms', value: median(times.get('parse: bare & near the end')!), unit: 'ms', baseline: wellFormed })];
}
