/**
 * `talkwatch classify`, `talkwatch eval` and `talkwatch rules ...`: the classifier from the command line, for
 * evaluation, benchmarks and writing rules. None of them needs the database. The rule tables load when one runs.
 */
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Gold, Scored } from '../../core/rules/index.ts';
import { registerRulesCommands } from './rules.ts';
import { chooseTopic, CommandError, guarded, topicOptions, type TopicOptions } from './topic-options.ts';
import type { CommandContext, CommandGroup } from './types.ts';

async function openInput(file: string): Promise<NodeJS.ReadableStream> {
  if (file === '-') return process.stdin;
  try {
    const handle = await open(file, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw new CommandError(`${file} is a folder; give a TSV file`);
    }
    return handle.createReadStream({ encoding: 'utf8' });
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new CommandError(code === 'EISDIR' ? `${file} is a folder; give a TSV file` : `cannot read ${file} (${code})`);
    }
  }
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

/** classify: streams rows, so a file of any size is labelled in constant memory. */
async function classifyFile(ctx: CommandContext, input: string, options: TopicOptions): Promise<void> {
  const [{ parseTsv, tsvLine }, { loadClassifier }] = await Promise.all([import('../../core/rules/index.ts'), import('../rules.ts')]);
  const config = ctx.runtime.config();
  const classifier = loadClassifier(config);
  const topic = chooseTopic(options, config, classifier);
  const lines = createInterface({ input: await openInput(input), crlfDelay: Infinity });
  let columns: string[] | null = null;
  let idAt = 0;
  let titleAt = 0;
  let summaryAt = -1;
  let batch: string[] = [tsvLine(['id', 'relevant', 'label', 'score', 'rules'])];
  for await (const raw of lines) {
    const line = raw.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    if (!columns) {
      columns = parseTsv(line, ['id', 'title']).columns;
      idAt = columns.indexOf('id');
      titleAt = columns.indexOf('title');
      summaryAt = columns.indexOf('summary');
      continue;
    }
    const cells = line.split('\t');
    const result = classifier.classify({ title: cells[titleAt] ?? '', summary: summaryAt >= 0 ? (cells[summaryAt] ?? '') : '' }, topic);
    const ids = [...new Set(result.rules.map((r) => r.id))].join(',');
    batch.push(tsvLine([cells[idAt] ?? '', result.relevant, result.label, result.score, ids]));
    if (batch.length >= 1000) {
      ctx.io.out(batch.join('\n'));
      batch = [];
    }
  }
  if (!columns) throw new CommandError(`${input === '-' ? 'standard input' : input} is empty; it needs a header line with id, title, summary`);
  if (batch.length) ctx.io.out(batch.join('\n'));
}

interface EvalOptions extends TopicOptions {
  misses?: boolean;
}

async function evalFile(ctx: CommandContext, file: string, options: EvalOptions): Promise<void> {
  const [{ evaluateLabels, formatReport, GOLDS, parseTsv }, { loadClassifier }] = await Promise.all([import('../../core/rules/index.ts'), import('../rules.ts')]);
  const config = ctx.runtime.config();
  const classifier = loadClassifier(config);
  const topic = chooseTopic(options, config, classifier);
  const table = parseTsv(await readInput(file), ['id', 'gold', 'title']);
  const bad = table.rows.filter((r) => !GOLDS.includes(r.values.gold!.trim() as Gold));
  if (bad.length) {
    const shown = bad.slice(0, 5).map((r) => `line ${r.line} has "${r.values.gold}"`);
    throw new CommandError(`gold must be ${GOLDS.join(', ')}: ${shown.join('; ')}${bad.length > 5 ? `; and ${bad.length - 5} more` : ''}`);
  }
  const scored: Scored[] = [];
  const misses: string[] = [];
  for (const { values } of table.rows) {
    const gold = values.gold!.trim() as Gold;
    const result = classifier.explain({ title: values.title ?? '', summary: values.summary ?? '' }, topic);
    scored.push({ gold, relevant: result.relevant, label: result.label });
    const predicted = result.relevant ? result.label : 'dropped';
    if (predicted !== gold && !(gold === 'offtopic' && predicted === 'dropped')) {
      const fired = result.rules.map((r) => `${r.id} "${r.matched}" ${r.contribution}${r.modifiers.length ? ` (${r.modifiers.join(', ')})` : ''}`);
      misses.push(`${values.id}: gold ${gold}, got ${predicted} (score ${result.score}): ${values.title}`, `    ${fired.join('; ') || 'no rule fired'}`);
      // a relevance miss is explained by the topic words, a label miss by the rules
      if (result.relevance && (predicted === 'dropped' || gold === 'offtopic')) misses.push(`    ${result.relevance.reason}`);
    }
  }
  const report = evaluateLabels(scored);
  ctx.io.out(formatReport(report, `${file === '-' ? 'standard input' : file}, ${topic ? `topic ${topic}` : 'any topic'}`).join('\n'));
  if (options.misses) ctx.io.out(['', `misses (${misses.filter((m) => !m.startsWith(' ')).length}):`, ...misses].join('\n'));
}

export const classifierCommands: CommandGroup = {
  name: 'classify',
  needsDatabase: false,
  register(program, ctx) {
    topicOptions(
      program
        .command('classify')
        .description('label each row of a TSV file (columns id, title, summary) and write id, relevant, label, score, rules')
        .requiredOption('--input <file>', 'the TSV file to read; - reads standard input'),
    ).action((options: TopicOptions & { input: string }) => guarded(ctx, () => classifyFile(ctx, options.input, options)));

    topicOptions(
      program
        .command('eval')
        .description('measure the classifier on a labelled TSV file (columns id, gold, title, summary)')
        .argument('<file>', 'the labelled TSV file; - reads standard input')
        .option('--misses', 'also list the rows it got wrong, with the rules that fired'),
    ).action((file: string, options: EvalOptions) => guarded(ctx, () => evalFile(ctx, file, options)));

    registerRulesCommands(program, ctx);
  },
};
