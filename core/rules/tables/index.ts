/**
 * The default tables: the seed indicators, CAMEO's cooperation and conflict verbs, how coverage words them, the
 * language, the topics and the process words they share.
 */
import type { RuleSet } from '../types.ts';
import { CAMEO_CONFLICT } from './cameo-conflict.ts';
import { CAMEO_COOPERATION } from './cameo-cooperation.ts';
import { COVERAGE_RULES } from './coverage-rules.ts';
import { LANGUAGE } from './language.ts';
import { NEUTRAL_RULES } from './neutral-rules.ts';
import { SEED_RULES } from './seed-rules.ts';
import { COMMON_NAMES, COMMON_PROCESS, DEFAULT_TOPICS } from './topics/index.ts';

export const DEFAULT_RULE_SET: RuleSet = {
  rules: [...SEED_RULES, ...CAMEO_COOPERATION, ...CAMEO_CONFLICT, ...COVERAGE_RULES, ...NEUTRAL_RULES],
  topics: DEFAULT_TOPICS,
  language: LANGUAGE,
  commonProcess: COMMON_PROCESS,
  commonNames: COMMON_NAMES,
};
