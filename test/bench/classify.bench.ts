/**
 * Items per second on one core: the compiled classifier against a naive one (one regular expression per rule,
 * looped) on the same items in the same run. An item is a headline plus a summary of typical length (a wire
 * lead, 20 to 60 words), built from the labelled fixtures.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflections } from '../../core/rules/inflect.ts';
import { parsePhrase } from '../../core/rules/phrase.ts';
import { DEFAULT_RULE_SET, parseTsv, RuleClassifier, type RuleSet } from '../../core/rules/index.ts';
import type { ItemText, Label } from '../../core/types.ts';
import { median, row, type Row } from './support/report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.5);

function fixture(name: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(`../fixtures/labelled/${name}`, import.meta.url)), 'utf8');
  return parseTsv(text, ['title']).rows.map((r) => r.values.title!);
}

/** A headline and a one-sentence summary (typical of feeds), or a two-sentence one (long). */
function items(sentences: 1 | 2): ItemText[] {
  const titles = fixture('iran-us-dev.tsv');
  const leads = fixture('cameo-codebook-examples.tsv');
  return leads.map((lead, i) => ({
    title: titles[i % titles.length]!,
    summary: sentences === 1 ? lead : `${lead} ${leads[(i + 7) % leads.length]}`,
  }));
}

const wordsPerItem = (data: ItemText[]) => data.reduce((n, i) => n + `${i.title} ${i.summary}`.split(/\s+/).length, 0) / data.length;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The baseline: each rule's phrases as one case-insensitive regular expression, tested one rule after another. */
function naiveClassifier(set: RuleSet): (item: ItemText) => { label: Label; score: number } {
  const rules = set.rules.map((rule) => {
    const alternatives = rule.phrases.map((phrase) => {
      const parsed = parsePhrase(phrase);
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.positions
        .map((p) =>
          p.gap
            ? '(?:\\W+\\w+){0,4}'
            : `(?:${p.alternatives.map((words) => words.map((w) => `(?:${(w.exact ? [w.text] : inflections(w.text)).map(escape).join('|')})`).join('\\W+')).join('|')})`,
        )
        .join('\\W+')
        .replace(/\\W\+\(\?:\\W\+\\w\+\)\{0,4\}\\W\+/g, '(?:\\W+\\w+){0,4}\\W+');
    });
    const weight = rule.label === 'progress' ? rule.weight : rule.label === 'stall' ? -rule.weight : 0;
    return { regex: new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'i'), weight };
  });
  return (item) => {
    let score = 0;
    for (const rule of rules) {
      if (rule.regex.test(item.title)) score += rule.weight;
      if (item.summary && rule.regex.test(item.summary)) score += rule.weight / 2;
    }
    return { label: score >= 1 ? 'progress' : score <= -1 ? 'stall' : 'neutral', score };
  };
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US').padStart(9)} items/s`;

/** One run: whole passes over the items for about SECONDS of CPU; items per CPU second and per wall second. */
function run(classify: (item: ItemText) => unknown, data: ItemText[]): { cpu: number; wall: number } {
  let done = 0;
  const started = process.cpuUsage();
  const wallStarted = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    for (const item of data) classify(item);
    done += data.length;
    elapsed = cpuMs(started);
  }
  return { cpu: (done / elapsed) * 1000, wall: (done / (performance.now() - wallStarted)) * 1000 };
}

/**
 * Items per second of this process's CPU time (one core: the classifier is synchronous), so other work on a
 * shared machine slows the wall clock but not the figure; wall-clock rates are printed too. Each contender is
 * warmed up for a run, then the contenders take turns, RUNS rounds, and the medians are reported.
 */
function measure(contenders: Array<[string, (item: ItemText) => unknown]>, data: ItemText[]): number[] {
  for (const [, classify] of contenders) run(classify, data);
  const results = contenders.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
  for (let round = 0; round < RUNS; round++) {
    contenders.forEach(([, classify], i) => {
      const { cpu, wall } = run(classify, data);
      results[i]!.cpu.push(cpu);
      results[i]!.wall.push(wall);
    });
  }
  return contenders.map(([label], i) => {
    const rate = median(results[i]!.cpu);
    console.log(`${label.padEnd(42)} ${perSecond(rate)} of CPU time, ${perSecond(median(results[i]!.wall))} of wall clock`);
    return rate;
  });
}

export default async function classifyBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const phrases = DEFAULT_RULE_SET.rules.reduce((n, r) => n + r.phrases.length, 0);
  const started = performance.now();
  const classifier = new RuleClassifier(DEFAULT_RULE_SET);
  console.log(`${DEFAULT_RULE_SET.rules.length} rules, ${phrases} phrases; compiling the tables: ${(performance.now() - started).toFixed(1)} ms`);
  const naive = naiveClassifier(DEFAULT_RULE_SET);
  for (const [name, data] of [['typical', items(1)], ['long', items(2)]] as const) {
    console.log(`\n${name}: ${data.length} items, a headline and a summary, ${wordsPerItem(data).toFixed(0)} words each on average`);
    console.log(`medians of ${RUNS} rounds of ${SECONDS} s of CPU each, the contenders taking turns:`);
    const [compiled, bare, looped] = measure(
      [
        ['compiled (one pass, with topic filter)', (item) => classifier.classify(item, 'iran-us')],
        ['compiled (one pass, --any-topic)', (item) => classifier.classify(item, null)],
        ['naive (one regular expression per rule)', naive],
      ],
      data,
    ) as [number, number, number];
    console.log(`ratio: compiled is ${(compiled / looped).toFixed(1)}x the naive loop (${(bare / looped).toFixed(1)}x without the topic filter)`);
    rows.push(row({ case: 'classify', variant: name, metric: 'items_per_s', value: compiled, unit: 'items/s', baseline: looped, target: '>= 100000 and ratio >= 5' }));
  }
  return rows;
}
