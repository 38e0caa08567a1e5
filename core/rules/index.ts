/** The rule-table classifier's public face: what the rest of talkwatch imports. */
export { ANY_TOPIC, RuleClassifier, UnknownTopicError, type Explanation, type Relevance } from './classifier.ts';
export { evaluate as evaluateLabels, formatReport, GOLDS, type Gold, type Report, type Scored } from './metrics.ts';
export { DEFAULT_RULE_SET } from './tables/index.ts';
export { parseTsv, TsvError, tsvLine, type TsvTable } from './tsv.ts';
export { DEFAULT_TOPIC, type RuleDef, type RuleSet, type TopicDef } from './types.ts';
export { checkRuleFile, mergeRuleSets, type Checked, type RuleFile, type RuleProblem } from './validate.ts';
export { describeTopic, topicAdvice } from './advice.ts';
export { describe, describeRelevance } from './describe.ts';
export { RELEVANCE_BAR, RELEVANCE_POINTS, relevanceReason } from './relevance.ts';
