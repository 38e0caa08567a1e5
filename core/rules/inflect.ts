/**
 * The forms a phrase word matches: a rule says `agree` once and matches agrees, agreed and agreeing. Forms are
 * generated generously (a form no text contains costs nothing), irregular verbs come from the table below, and
 * short function words are never inflected, so `not` cannot match "noted".
 */

/** base -> past and past participle forms (both when they differ) */
const IRREGULAR: Record<string, string[]> = {
  arise: ['arose', 'arisen'], be: ['is', 'are', 'was', 'were', 'been', 'being', 'am'], bear: ['bore', 'borne'],
  beat: ['beaten'], become: ['became'], begin: ['began', 'begun'], bind: ['bound'], bite: ['bit', 'bitten'],
  blow: ['blew', 'blown'], break: ['broke', 'broken'], bring: ['brought'], build: ['built'], buy: ['bought'],
  catch: ['caught'], choose: ['chose', 'chosen'], come: ['came'], deal: ['dealt'], do: ['did', 'done', 'does'],
  draw: ['drew', 'drawn'], drive: ['drove', 'driven'], eat: ['ate', 'eaten'], fall: ['fell', 'fallen'],
  feed: ['fed'], feel: ['felt'], fight: ['fought'], find: ['found'], flee: ['fled'], fly: ['flew', 'flown'],
  forbid: ['forbade', 'forbidden'], foresee: ['foresaw', 'foreseen'], forgive: ['forgave', 'forgiven'],
  freeze: ['froze', 'frozen'], get: ['got', 'gotten'], give: ['gave', 'given'], go: ['went', 'gone', 'goes'],
  grow: ['grew', 'grown'], hang: ['hung'], have: ['had', 'has'], hear: ['heard'], hide: ['hid', 'hidden'],
  hold: ['held'], keep: ['kept'], know: ['knew', 'known'], lay: ['laid'], lead: ['led'], leave: ['left'],
  lend: ['lent'], lie: ['lay', 'lain', 'lying'], lose: ['lost'], make: ['made'], mean: ['meant'], meet: ['met'],
  mislead: ['misled'], overcome: ['overcame'], overrun: ['overran'], override: ['overrode', 'overridden'],
  overtake: ['overtook', 'overtaken'], overthrow: ['overthrew', 'overthrown'], pay: ['paid'], prove: ['proven'],
  rebuild: ['rebuilt'], redo: ['redid', 'redone'], retake: ['retook', 'retaken'], ride: ['rode', 'ridden'],
  rise: ['rose', 'risen'], run: ['ran'], say: ['said'], see: ['saw', 'seen'], seek: ['sought'], sell: ['sold'],
  send: ['sent'], shake: ['shook', 'shaken'], shoot: ['shot'], show: ['shown'], shrink: ['shrank', 'shrunk'],
  sink: ['sank', 'sunk'], slay: ['slew', 'slain'], speak: ['spoke', 'spoken'], spend: ['spent'],
  stand: ['stood'], steal: ['stole', 'stolen'], stick: ['stuck'], strike: ['struck', 'stricken'],
  swear: ['swore', 'sworn'], sweep: ['swept'], take: ['took', 'taken'], teach: ['taught'], tear: ['tore', 'torn'],
  tell: ['told'], think: ['thought'], throw: ['threw', 'thrown'], undergo: ['underwent', 'undergone'],
  understand: ['understood'], undertake: ['undertook', 'undertaken'], undo: ['undid', 'undone'],
  uphold: ['upheld'], wake: ['woke', 'woken'], wear: ['wore', 'worn'], win: ['won'], withdraw: ['withdrew', 'withdrawn'],
  withhold: ['withheld'], withstand: ['withstood'], write: ['wrote', 'written'],
};

/** Words that are never inflected: determiners, prepositions, conjunctions, pronouns, particles, modals. */
const FUNCTION_WORDS = new Set(
  ('a an the this that these those some any no not nor never none nothing nobody neither either each every all ' +
    'of to in on at by for from with without into onto upon over under about after before since until unless ' +
    'than then and or but yet so as if though although while whereas whether because despite amid among ' +
    'between against toward towards across through during within beyond off out up down away back ' +
    'he she it they we you i me him her them us its their our your his my who whom whose which what when where why how ' +
    'can could may might must shall should will would ought also only just even still again already yet ' +
    'more most less least much many few further very too such same other another own here there now ' +
    'is are was were be been am do does did has have had u.s.').split(/\s+/),
);

const VOWEL = /[aeiou]/;

/** Every form `word` may take in text, itself included. */
export function inflections(word: string): string[] {
  const forms = new Set([word]);
  if (FUNCTION_WORDS.has(word) || word.length < 3 || !/^[a-z]+$/.test(word)) return [...forms];
  for (const irregular of IRREGULAR[word] ?? []) forms.add(irregular);
  const last = word[word.length - 1]!;
  const beforeLast = word[word.length - 2]!;
  // plural and third person
  if (/(s|x|z|ch|sh)$/.test(word)) forms.add(`${word}es`);
  else if (last === 'y' && !VOWEL.test(beforeLast)) forms.add(`${word.slice(0, -1)}ies`);
  else forms.add(`${word}s`);
  // past and -ing
  if (last === 'e') {
    forms.add(`${word}d`);
    forms.add(word.endsWith('ie') ? `${word.slice(0, -2)}ying` : `${word.slice(0, -1)}ing`);
    if (word.endsWith('ee') || word.endsWith('ye') || word.endsWith('oe')) forms.add(`${word}ing`);
  } else if (last === 'y' && !VOWEL.test(beforeLast)) {
    forms.add(`${word.slice(0, -1)}ied`);
    forms.add(`${word}ing`);
  } else {
    forms.add(`${word}ed`);
    forms.add(`${word}ing`);
    // stop -> stopped, plan -> planned; "open" -> "openned" is generated too and never occurs
    if (!VOWEL.test(last) && !'wxy'.includes(last) && VOWEL.test(beforeLast) && !VOWEL.test(word[word.length - 3] ?? 'a')) {
      forms.add(`${word}${last}ed`);
      forms.add(`${word}${last}ing`);
    }
  }
  // British and American spellings: normalize / normalise
  for (const form of [...forms]) {
    if (/iz(e|es|ed|ing)$/.test(form)) forms.add(form.replace(/iz(e|es|ed|ing)$/, 'is$1'));
    if (/is(e|es|ed|ing)$/.test(form)) forms.add(form.replace(/is(e|es|ed|ing)$/, 'iz$1'));
    // dialogue / dialog, catalogue / catalog
    if (/logue(s?)$/.test(form)) forms.add(form.replace(/logue(s?)$/, 'log$1'));
  }
  return [...forms];
}

export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word);
}
