/**
 * The shipped topics measured as a user would measure them, and the README's "Track another negotiation"
 * walkthrough run exactly as written there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTsv } from '../../core/rules/index.ts';
import { cleanEnv, repoRoot, runTalkwatch, scratchDir } from '../support/cli.ts';

const fixtures = path.join('test', 'fixtures', 'labelled');
const example = path.join('examples', 'track-another-negotiation');
const dir = scratchDir('talkwatch-topics-');
const env = cleanEnv({ TALKWATCH_DATA_DIR: path.join(dir, 'data') });
const figure = (output: string, name: string) => Number(new RegExp(`${name}\\s+([0-9.]+)`).exec(output)?.[1]);

// What each development half scores now: a regression bar, not the target (which the test halves answer).
const shipped: Array<[string, number]> = [
  ['iran-us', 0.9],
  ['russia-ukraine', 0.8],
  ['israel-hamas', 0.95],
  ['armenia-azerbaijan', 0.75],
  ['korean-peninsula', 0.95],
];

// The second development sets: at least the rows the issue asks for, and a regression bar under what each scores now.
const secondSets: Array<[string, number, number]> = [
  ['iran-us', 250, 0.75],
  ['russia-ukraine', 80, 0.73],
  ['israel-hamas', 80, 0.8],
  ['armenia-azerbaijan', 80, 0.7],
  ['korean-peninsula', 80, 0.7],
];

describe('the shipped topics and their labelled halves', () => {
  it.each(shipped)('%s: real headlines with sources, at least 60 rows between the halves, none in both', (topic) => {
    const read = (half: string) => parseTsv(readFileSync(path.join(repoRoot, fixtures, `${topic}-news-${half}.tsv`), 'utf8'), ['id', 'gold', 'title', 'source']).rows;
    const dev = read('dev');
    const test = read('test');
    expect(dev.length + test.length).toBeGreaterThanOrEqual(60);
    for (const row of [...dev, ...test]) expect(row.values.source).toMatch(/\S/);
    const titles = new Set(dev.map((r) => r.values.title));
    expect(test.filter((r) => titles.has(r.values.title))).toEqual([]);
  });

  it.each(shipped)('%s: eval on the development half', async (topic, bar) => {
    const { code, stdout } = await runTalkwatch(['eval', path.join(fixtures, `${topic}-news-dev.tsv`), '--topic', topic], env);
    expect(code).toBe(0);
    expect(figure(stdout, 'macro-F1')).toBeGreaterThanOrEqual(bar);
  });

  it.each(secondSets)('%s: a second development set of real headlines with sources, sharing no headline with the test half', (topic, rows) => {
    const read = (half: string) => parseTsv(readFileSync(path.join(repoRoot, fixtures, `${topic}-news-${half}.tsv`), 'utf8'), ['id', 'gold', 'title', 'source']).rows;
    const dev2 = read('dev2');
    expect(dev2.length).toBeGreaterThanOrEqual(rows);
    for (const row of dev2) expect(row.values.source).toMatch(/\S/);
    const titles = new Set([...read('dev'), ...read('test')].map((r) => (r.values.title ?? '').toLowerCase()));
    expect(dev2.filter((r) => titles.has((r.values.title ?? '').toLowerCase()))).toEqual([]);
  });

  it.each(secondSets)('%s: eval on the second development set', async (topic, _rows, bar) => {
    const { code, stdout } = await runTalkwatch(['eval', path.join(fixtures, `${topic}-news-dev2.tsv`), '--topic', topic], env);
    expect(code).toBe(0);
    expect(figure(stdout, 'macro-F1')).toBeGreaterThanOrEqual(bar);
  });

  it('the larger Iran-US set has at least 200 rows', () => {
    const rows = ['dev', 'test'].map((h) => readFileSync(path.join(repoRoot, fixtures, `iran-us-news-${h}.tsv`), 'utf8').trim().split('\n').length - 1);
    expect(rows[0]! + rows[1]!).toBeGreaterThanOrEqual(200);
  });
});

describe('the README walkthrough: track another negotiation', () => {
  const config = path.join(dir, 'talkwatch.yaml');

  it('rules check accepts the example table and describes it', async () => {
    const { code, stdout } = await runTalkwatch(['rules', 'check', path.join(example, 'drc-m23.yaml')], env);
    expect(code).toBe(0);
    expect(stdout).toContain('topic drc-m23: 3 parties, 6 names, 4 subjects, 2 venues, 7 mediators, 4 issues');
  });

  it('eval on its headlines gives the figures the README quotes, and lists the misses with their reasons', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, `rules: ${path.join(repoRoot, example, 'drc-m23.yaml')}\n`);
    const { code, stdout } = await runTalkwatch(['eval', path.join(example, 'drc-m23-headlines.tsv'), '--topic', 'drc-m23', '--misses'], { ...env, TALKWATCH_CONFIG: config });
    expect(code).toBe(0);
    expect(figure(stdout, 'accuracy')).toBe(0.706);
    expect(figure(stdout, 'macro-F1')).toBe(0.684);
    expect(stdout).toContain('kept 15 of 17 rows about the topic, dropped 2; kept 1 of 2 off-topic rows');
    expect(stdout).toMatch(/C03: gold offtopic, got progress .*\n.*\n {4}relevant to drc-m23 \(score 3, needs 3\): the venue \("Doha"\) \+1/);
  });
});

describe('the README\'s second example: Serbia-Kosovo, written from the walkthrough alone', () => {
  const config = path.join(dir, 'serbia-kosovo.yaml');

  it('rules check accepts the table and describes it', async () => {
    const { code, stdout } = await runTalkwatch(['rules', 'check', path.join(example, 'serbia-kosovo.yaml')], env);
    expect(code).toBe(0);
    expect(stdout).toContain('topic serbia-kosovo: 2 parties, 9 names, 0 subjects, 2 venues, 9 mediators, 10 issues');
  });

  it.each([
    ['serbia-kosovo-headlines.tsv', 0.698, 'kept 22 of 25 rows about the topic, dropped 3; kept 1 of 8 off-topic rows'],
    ['serbia-kosovo-aside.tsv', 0.548, 'kept 10 of 12 rows about the topic, dropped 2; kept 0 of 4 off-topic rows'],
  ])('eval on %s gives the figures the README quotes', async (file, macroF1, kept) => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, `rules: ${path.join(repoRoot, example, 'serbia-kosovo.yaml')}\n`);
    const { code, stdout } = await runTalkwatch(['eval', path.join(example, file), '--topic', 'serbia-kosovo'], { ...env, TALKWATCH_CONFIG: config });
    expect(code).toBe(0);
    expect(figure(stdout, 'macro-F1')).toBe(macroF1);
    expect(stdout).toContain(kept);
  });

  it('has at least 40 labelled headlines between the two files, each with its source', () => {
    const rows = ['serbia-kosovo-headlines.tsv', 'serbia-kosovo-aside.tsv'].flatMap(
      (file) => parseTsv(readFileSync(path.join(repoRoot, example, file), 'utf8'), ['id', 'gold', 'title', 'source']).rows,
    );
    expect(rows.length).toBeGreaterThanOrEqual(40);
    for (const row of rows) expect(row.values.source).toMatch(/\S/);
  });
});
