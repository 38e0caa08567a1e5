/** What classify, eval and rules test share: the topic options and turning bad input into one line. */
import { Option, type Command } from 'commander';
import type { RuleClassifier } from '../../core/rules/index.ts';
import { TsvError } from '../../core/rules/tsv.ts';
import { DEFAULT_TOPIC } from '../../core/rules/types.ts';
import type { Config } from '../config.ts';
import type { CommandContext } from './types.ts';

/** A bad input a user can fix: printed as one line, exit code 1. */
export class CommandError extends Error {}

export interface TopicOptions {
  topic?: string;
  anyTopic?: boolean;
}

/** Run an action, turning a CommandError or a bad TSV into one line on stderr and exit code 1. */
export async function guarded(ctx: CommandContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof CommandError || error instanceof TsvError)) throw error;
    ctx.io.err(`talkwatch: ${error.message}`);
    ctx.setExitCode(1);
  }
}

/** The topic to classify for: --any-topic (none), --topic, the config's `topic:`, or iran-us. */
export function chooseTopic(options: TopicOptions, config: Config, classifier: RuleClassifier): string | null {
  if (options.anyTopic) return null;
  const name = options.topic ?? config.file.topic ?? DEFAULT_TOPIC;
  if (!classifier.topics().includes(name)) {
    throw new CommandError(
      `unknown topic "${name}"; known topics: ${classifier.topics().join(', ')}. Add a topic table to the rules file, or use --any-topic.`,
    );
  }
  return name;
}

export const topicOptions = (command: Command) =>
  command
    .addOption(new Option('--topic <name>', 'the topic whose relevance filter applies (default: the config topic, else iran-us)').conflicts('anyTopic'))
    .addOption(new Option('--any-topic', 'no topic filter: every row is relevant'));
