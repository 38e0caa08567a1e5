/** The default tables: the seed indicators, CAMEO's cooperation and conflict verbs, the language, the topics. */
import type { RuleSet } from '../types.ts';
import { CAMEO_CONFLICT } from './cameo-conflict.ts';
import { CAMEO_COOPERATION } from './cameo-cooperation.ts';
import { LANGUAGE } from './language.ts';
import { NEUTRAL_RULES } from './neutral-rules.ts';
import { SEED_RULES } from './seed-rules.ts';
import { DEFAULT_TOPICS } from './topics.ts';

export const DEFAULT_RULE_SET: RuleSet = {
  rules: [...SEED_RULES, ...CAMEO_COOPERATION, ...CAMEO_CONFLICT, ...NEUTRAL_RULES],
  topics: DEFAULT_TOPICS,
  language: LANGUAGE,
};
