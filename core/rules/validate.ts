/**
 * Checking a user's rules file (already parsed from YAML) and merging it with the default tables. Every problem
 * names the rule or topic it is in, so `talkwatch rules check` can print "file: rule id: problem".
 *
 * The file:
 *   replace: false        # true: the file's rules replace the default rules instead of extending them
 *   disable: [rule-id]    # default rules to turn off
 *   rules: [{ id, label, weight, phrases, source, scope? }]   # a rule with a default's id replaces it
 *   topics: [{ name, names, subjects, parties: [{ name, terms }], venues, mediators, process, issues, unrelated }]
 *                         # a topic with a default's name replaces it
 */
import { LABELS } from '../types.ts';
import { parsePhrase } from './phrase.ts';
import type { RuleDef, RuleSet, ScopeKind, TopicDef } from './types.ts';

export interface RuleProblem {
  /** "rule <id>", "topic <name>", "rules[3]" when the id is missing, or "top level" */
  where: string;
  problem: string;
}

export interface RuleFile {
  replace: boolean;
  disable: string[];
  rules: RuleDef[];
  topics: TopicDef[];
}

export type Checked = { ok: true; file: RuleFile } | { ok: false; problems: RuleProblem[] };

const ID = /^[a-z0-9][a-z0-9-]{0,59}$/;
const TOPIC_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const SOURCE = /^(seed|cameo|user):\S/;
const CAMEO_CODE = /^cameo:\d{2,4}$/;
const SCOPES: ScopeKind[] = ['negation', 'hedge', 'background', 'denial', 'request', 'inquiry'];
export const MAX_WEIGHT = 5;
const MAX_PARTIES = 16;
/** A phrase made only of these would match nearly every item. */
const TOO_COMMON = new Set('a an the of to in on at by for from with and or but as if it its is are was were be this that these those'.split(' '));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown) => (Array.isArray(v) ? v : null);

function unknownKeys(value: Record<string, unknown>, known: string[]): string | null {
  const extra = Object.keys(value).filter((k) => !known.includes(k));
  return extra.length ? `unknown key${extra.length > 1 ? 's' : ''} ${extra.join(', ')} (known: ${known.join(', ')})` : null;
}

/** Problems with one phrase list, or none. */
function checkPhrases(value: unknown, what: string): string[] {
  const phrases = list(value);
  if (!phrases || phrases.length === 0) return [`${what} must be a non-empty list of phrases`];
  const problems: string[] = [];
  for (const phrase of phrases) {
    if (typeof phrase !== 'string') {
      problems.push(`${what}: ${JSON.stringify(phrase)} is not text`);
      continue;
    }
    const parsed = parsePhrase(phrase);
    if (!parsed.ok) problems.push(`${what}: ${parsed.problem}`);
    else if (parsed.positions.every((p) => p.gap || p.alternatives.every((a) => a.every((w) => TOO_COMMON.has(w.text))))) {
      problems.push(`${what}: "${phrase}" has only words like "the", "to", "of"; it would match almost any item`);
    }
  }
  return problems;
}

function checkRule(raw: unknown, index: number, seen: Set<string>): RuleProblem[] {
  if (!isRecord(raw)) return [{ where: `rules[${index}]`, problem: 'a rule must be a mapping with id, label, weight, phrases and source' }];
  const id = raw.id;
  const where = typeof id === 'string' && id ? `rule ${id}` : `rules[${index}]`;
  const problems: string[] = [];
  const extra = unknownKeys(raw, ['id', 'label', 'weight', 'phrases', 'source', 'scope']);
  if (extra) problems.push(extra);
  if (typeof id !== 'string' || !ID.test(id)) problems.push('id must be lower-case letters, digits and dashes, e.g. my-stall-walkout');
  else if (seen.has(id)) problems.push('the id is used twice in this file');
  else seen.add(id);
  if (!LABELS.includes(raw.label as never)) problems.push(`label must be one of ${LABELS.join(', ')} (got ${JSON.stringify(raw.label ?? null)})`);
  if (typeof raw.weight !== 'number' || !Number.isFinite(raw.weight) || raw.weight <= 0 || raw.weight > MAX_WEIGHT) {
    problems.push(`weight must be a number greater than 0 and at most ${MAX_WEIGHT} (got ${JSON.stringify(raw.weight ?? null)})`);
  }
  problems.push(...checkPhrases(raw.phrases, 'phrases'));
  if (typeof raw.source !== 'string' || !SOURCE.test(raw.source)) {
    problems.push('source must say where the rule comes from: seed:<indicator>, cameo:<code> or user:<note>');
  } else if (raw.source.startsWith('cameo:') && !CAMEO_CODE.test(raw.source)) {
    problems.push(`source ${raw.source}: a CAMEO code is 2 to 4 digits, e.g. cameo:164`);
  }
  if (raw.scope !== undefined && !SCOPES.includes(raw.scope as ScopeKind)) problems.push(`scope must be one of ${SCOPES.join(', ')}`);
  return problems.map((problem) => ({ where, problem }));
}

function checkTopic(raw: unknown, index: number, seen: Set<string>): RuleProblem[] {
  if (!isRecord(raw)) return [{ where: `topics[${index}]`, problem: 'a topic must be a mapping with name, parties, venues, mediators, process and issues' }];
  const name = raw.name;
  const where = typeof name === 'string' && name ? `topic ${name}` : `topics[${index}]`;
  const problems: string[] = [];
  const extra = unknownKeys(raw, ['name', 'description', 'names', 'subjects', 'parties', 'venues', 'mediators', 'process', 'issues', 'unrelated']);
  if (extra) problems.push(extra);
  if (typeof name !== 'string' || !TOPIC_NAME.test(name)) problems.push('name must be lower-case letters, digits and dashes (at most 40), e.g. sudan-jeddah');
  else if (seen.has(name)) problems.push('the topic name is used twice in this file');
  else seen.add(name);
  const parties = list(raw.parties);
  if (!parties || parties.length < 2 || parties.length > MAX_PARTIES) problems.push(`parties must list from 2 to ${MAX_PARTIES} parties, each with a name and terms`);
  parties?.forEach((party, p) => {
    if (!isRecord(party) || typeof party.name !== 'string' || !party.name) problems.push(`parties[${p}] needs a name and terms`);
    else problems.push(...checkPhrases(party.terms, `party ${party.name} terms`));
  });
  for (const key of ['names', 'subjects', 'venues', 'mediators', 'process', 'issues', 'unrelated'] as const) {
    const value = raw[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    problems.push(...checkPhrases(value, key));
  }
  return problems.map((problem) => ({ where, problem }));
}

/** Check a parsed rules file. `known` are the default rule ids, which `disable` must name. */
export function checkRuleFile(raw: unknown, known: ReadonlySet<string>): Checked {
  if (raw === null || raw === undefined) return { ok: true, file: { replace: false, disable: [], rules: [], topics: [] } };
  if (!isRecord(raw)) return { ok: false, problems: [{ where: 'top level', problem: 'the file must be a mapping with rules, topics, disable or replace' }] };
  const problems: RuleProblem[] = [];
  const extra = unknownKeys(raw, ['replace', 'disable', 'rules', 'topics']);
  if (extra) problems.push({ where: 'top level', problem: extra });
  if (raw.replace !== undefined && typeof raw.replace !== 'boolean') problems.push({ where: 'top level', problem: 'replace must be true or false' });
  const disable = raw.disable === undefined ? [] : list(raw.disable);
  if (!disable) problems.push({ where: 'top level', problem: 'disable must be a list of rule ids' });
  for (const id of disable ?? []) {
    if (typeof id !== 'string' || !known.has(id)) problems.push({ where: `disable ${String(id)}`, problem: 'no default rule has this id (see talkwatch rules list)' });
  }
  const rules = raw.rules === undefined ? [] : list(raw.rules);
  const topics = raw.topics === undefined ? [] : list(raw.topics);
  if (!rules) problems.push({ where: 'top level', problem: 'rules must be a list' });
  if (!topics) problems.push({ where: 'top level', problem: 'topics must be a list' });
  const ruleIds = new Set<string>();
  rules?.forEach((rule, i) => problems.push(...checkRule(rule, i, ruleIds)));
  const topicNames = new Set<string>();
  topics?.forEach((topic, i) => problems.push(...checkTopic(topic, i, topicNames)));
  if (raw.replace === true && (rules?.length ?? 0) === 0) problems.push({ where: 'top level', problem: 'replace: true with no rules would leave no rules at all' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    file: {
      replace: raw.replace === true,
      disable: (disable ?? []) as string[],
      rules: (rules ?? []) as RuleDef[],
      topics: ((topics ?? []) as TopicDef[]).map((t) => ({ ...t, venues: t.venues ?? [], mediators: t.mediators ?? [], process: t.process ?? [], issues: t.issues ?? [] })),
    },
  };
}

/** The defaults extended (or replaced) by a checked rules file. */
export function mergeRuleSets(defaults: RuleSet, file: RuleFile): RuleSet {
  const own = new Map(file.rules.map((r) => [r.id, r]));
  const disabled = new Set(file.disable);
  const base = file.replace ? [] : defaults.rules.filter((r) => !disabled.has(r.id) && !own.has(r.id));
  const topicNames = new Set(file.topics.map((t) => t.name));
  return {
    rules: [...base, ...file.rules],
    topics: [...defaults.topics.filter((t) => !topicNames.has(t.name)), ...file.topics],
    language: defaults.language,
    commonProcess: defaults.commonProcess,
    commonNames: defaults.commonNames,
  };
}
