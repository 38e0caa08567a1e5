/**
 * The rule tables a running talkwatch uses: the defaults, extended or replaced by the YAML file named by the
 * config key `rules:` (a path relative to the config file). A bad file stops start-up with every problem listed
 * as "file: rule id: problem", the same lines `talkwatch rules check` prints.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkRuleFile, DEFAULT_RULE_SET, mergeRuleSets, RuleClassifier, type RuleSet } from '../core/rules/index.ts';
import type { Config } from './config.ts';
import { ConfigError } from './errors.ts';

/** A rules file that cannot be used; the message has one line per problem. */
export class RulesFileError extends ConfigError {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `${problems[0]}. Fix the rules file, or remove rules: from the config.`
        : `the rules file has ${problems.length} problems; fix them, or remove rules: from the config:\n  ${problems.join('\n  ')}`,
    );
    this.name = 'RulesFileError';
  }
}

export interface RulesFileResult {
  /** the merged tables, when the file is usable */
  ruleSet: RuleSet | null;
  /** "file: where: problem" lines */
  problems: string[];
}

/** Where the config's `rules:` points, resolved against the config file's folder; null when unset. */
export function configuredRulesFile(config: Config): string | null {
  const rules = config.file.rules;
  if (!rules) return null;
  const base = config.configFile ? path.dirname(config.configFile) : process.cwd();
  return path.resolve(base, rules);
}

/** Read and check a rules file; `shown` is how the file is named in messages. */
export function readRulesFile(file: string, shown = file): RulesFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ruleSet: null, problems: [`${shown}: cannot be read (${code})`] };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { ruleSet: null, problems: [`${shown}: not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  const checked = checkRuleFile(raw, new Set(DEFAULT_RULE_SET.rules.map((r) => r.id)));
  if (!checked.ok) return { ruleSet: null, problems: checked.problems.map((p) => `${shown}: ${p.where}: ${p.problem}`) };
  return { ruleSet: mergeRuleSets(DEFAULT_RULE_SET, checked.file), problems: [] };
}

/** The tables for this config: the defaults, or the defaults merged with the rules file. Throws RulesFileError. */
export function loadRuleSet(config: Config): RuleSet {
  const file = configuredRulesFile(config);
  if (!file) return DEFAULT_RULE_SET;
  const result = readRulesFile(file, config.file.rules);
  if (!result.ruleSet) throw new RulesFileError(result.problems);
  return result.ruleSet;
}

/** A classifier for this config, compiled once. */
export function loadClassifier(config: Config): RuleClassifier {
  return new RuleClassifier(loadRuleSet(config));
}
