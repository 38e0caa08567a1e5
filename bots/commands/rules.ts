/** `talkwatch rules check | list | test`: working on rule tables from the command line. */
import type { Command } from 'commander';
import type { RuleSet } from '../../core/rules/index.ts';
import { chooseTopic, CommandError, guarded, topicOptions, type TopicOptions } from './topic-options.ts';
import type { CommandContext } from './types.ts';

function summary(set: RuleSet): string {
  return `${set.rules.length} rules, topics ${set.topics.map((t) => t.name).join(', ')}`;
}

// The rule tables load when a rules command runs, not when the CLI starts.
const load = () => Promise.all([import('../../core/rules/index.ts'), import('../rules.ts')]);

async function check(ctx: CommandContext, file: string | undefined): Promise<void> {
  const [{ DEFAULT_RULE_SET, RuleClassifier, describeTopic, topicAdvice }, { configuredRulesFile, readRulesFile }] = await load();
  const target = file ?? configuredRulesFile(ctx.runtime.config());
  if (!target) {
    ctx.io.out(`no rules file given or configured (rules: in the config file); the default tables are in use: ${summary(DEFAULT_RULE_SET)}`);
    return;
  }
  const shown = file ?? ctx.runtime.config().file.rules ?? target;
  const result = readRulesFile(target, shown);
  if (result.ruleSet) {
    try {
      new RuleClassifier(result.ruleSet);
    } catch (error) {
      result.problems.push(`${shown}: ${(error as Error).message}`);
    }
  }
  if (result.problems.length) {
    ctx.io.out(result.problems.join('\n'));
    ctx.io.out(`${result.problems.length} problem${result.problems.length > 1 ? 's' : ''}; talkwatch keeps refusing this file until they are fixed`);
    ctx.setExitCode(1);
    return;
  }
  ctx.io.out(`${shown}: ok: ${summary(result.ruleSet!)}`);
  // the file's own topics: what they hold, and what coverage usually needs that they lack
  for (const topic of result.ruleSet!.topics.filter((t) => !DEFAULT_RULE_SET.topics.includes(t))) {
    ctx.io.out([describeTopic(topic), ...topicAdvice(topic).map((a) => `  advice: ${a}`)].join('\n'));
  }
}

async function list(ctx: CommandContext): Promise<void> {
  const { loadClassifier } = (await load())[1];
  const classifier = loadClassifier(ctx.runtime.config());
  const { rules, topics } = classifier.ruleSet;
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = ['id'.padEnd(width) + '  label     weight  phrases  source'];
  for (const r of rules) {
    lines.push(`${r.id.padEnd(width)}  ${r.label.padEnd(8)}  ${String(r.weight).padEnd(6)}  ${String(r.phrases.length).padEnd(7)}  ${r.source}${r.scope ? ` (acts as ${r.scope})` : ''}`);
  }
  lines.push('', 'topics:');
  for (const t of topics) lines.push(`  ${t.name}: ${t.parties.map((p) => p.name).join(' / ')}${t.description ? `: ${t.description}` : ''}`);
  ctx.io.out(lines.join('\n'));
}

async function test(ctx: CommandContext, words: string[], options: TopicOptions & { summary?: string }): Promise<void> {
  const [{ describe }, { loadClassifier }] = await load();
  const config = ctx.runtime.config();
  const classifier = loadClassifier(config);
  const topic = chooseTopic(options, config, classifier);
  const title = words.join(' ').trim();
  if (!title) throw new CommandError('give a sentence to classify, e.g. talkwatch rules test "Iran and US agree to meet again"');
  ctx.io.out(describe(classifier.explain({ title, summary: options.summary ?? '' }, topic)).join('\n'));
}

export function registerRulesCommands(program: Command, ctx: CommandContext): void {
  const rules = program.command('rules').description('check, list and try the rule tables');
  rules
    .command('check')
    .description('check a rules file (default: the one named by rules: in the config) and report each bad rule')
    .argument('[file]', 'the YAML rules file to check')
    .action((file: string | undefined) => guarded(ctx, () => check(ctx, file)));
  rules
    .command('list')
    .description('list the rules and topics in use')
    .action(() => guarded(ctx, () => list(ctx)));
  topicOptions(
    rules
      .command('test')
      .description('classify a sentence and show why: the rules that fired, the words they matched, the score')
      .argument('<text...>', 'the title to classify')
      .option('--summary <text>', 'a summary to classify with it'),
  ).action((words: string[], options: TopicOptions & { summary?: string }) => guarded(ctx, () => test(ctx, words, options)));
}
