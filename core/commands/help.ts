/** `help` and `help <command>`, from the command list: the usage of each command word and what it does. */
import { note, type Reply } from '../reply.ts';
import { usageOf, USAGE } from './grammar.ts';
import { COMMANDS, GROUPS, VERBS } from './spec.ts';

/** What a command word does: its own description, or its group's when several commands start with it. */
export function verbAbout(verb: string): string {
  const forms = COMMANDS.filter((c) => c.words[0] === verb);
  return forms.length === 1 && forms[0]!.words.length === 1 ? forms[0]!.about : (GROUPS[verb] ?? forms.map((c) => c.about).join('; '));
}

export function help(about?: string): Reply {
  if (about && USAGE[about]) {
    const lines = COMMANDS.filter((c) => c.words[0] === about).map((c) => `${usageOf(c)}: ${c.about}`);
    return note('help', 'info', `Usage: ${USAGE[about]}`, lines.join('\n'));
  }
  return {
    kind: 'help',
    tone: 'info',
    title: 'talkwatch: news of the talks, labelled progress, stall or neutral.',
    blocks: [{ type: 'fields', fields: VERBS.map((verb) => ({ name: USAGE[verb]!, value: verbAbout(verb) })) }],
  };
}
