/**
 * The README's command tables, generated from the command list (core/commands/spec.ts): the grammar, who may run
 * what, and the Discord subcommands. `npm run readme` rewrites them in README.md; a test fails when they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { argName, COMMANDS, formatDuration, usageOf, type ArgSpec, type CommandSpec, type Role } from '../core/commands/grammar.ts';
import { discordUsage, ROLE_NAMES } from './discord/commands.ts';

export const README = new URL('../README.md', import.meta.url);

const WHO: Record<Role, string> = {
  anyone: 'anyone in the channel',
  'channel-admin': `Slack workspace admins and owners, and \`slack.admins\`; Discord members with ${ROLE_NAMES['channel-admin']}`,
  'tenant-admin': `Slack workspace admins and owners, and \`slack.admins\`; Discord members with ${ROLE_NAMES['tenant-admin']}`,
  operator: 'operators: the CLI, the console, and the users under `operators` in the config',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => `\`${cell(text)}\``;
/** The flags that need more than their command: `shared` on feeds add needs an operator. */
const raising = (entry: CommandSpec) => entry.args.flatMap((a) => (a.type === 'flag' && a.role ? [{ name: argName(a), role: a.role }] : []));

/** The grammar, one command a line: its usage, then what it does (on the next line when the usage is long). */
function grammar(): string {
  const lines = COMMANDS.map((entry) => {
    const usage = usageOf(entry);
    return usage.length < 40 ? `${usage.padEnd(40)}${entry.about}` : `${usage}\n${' '.repeat(40)}${entry.about}`;
  });
  return ['```', ...lines, '```'].join('\n');
}

/** What an argument takes, from its type and range. */
function takes(arg: ArgSpec): string {
  switch (arg.type) {
    case 'choice':
      return `one of ${arg.choices.map((c) => `\`${c}\``).join(', ')}`;
    case 'verb':
      return 'a command word, e.g. `alerts`';
    case 'integer':
      return `a whole number from ${arg.min} to ${arg.max}${arg.default !== undefined ? ` (default ${arg.default})` : ''}${arg.unit ? `; a \`${arg.unit}\` may follow` : ''}`;
    case 'duration':
      return `a duration such as \`30m\`, \`6h\`, \`1h30m\` or \`2d\`, at most ${formatDuration(arg.maxMinutes)}`;
    case 'time':
      return '`HH:MM` on a 24-hour clock';
    case 'timezone':
      return 'an IANA time zone such as `Asia/Karachi`, or `UTC`';
    case 'topic':
      return `a topic name: lowercase letters, digits and dashes${arg.option ? `, after \`--${argName(arg)}\`` : ''}`;
    case 'url':
      return 'an http or https address (Slack\'s `<url>` form too)';
    case 'word':
      return 'one word';
    case 'text':
      return 'the rest of the line, as typed';
    case 'flag':
      return `the word \`${argName(arg)}\``;
  }
}

/** Every argument: its placeholder, the commands that take it, what it takes, and what it is for. */
function args(): string {
  const rows: string[] = ['| argument | in | takes | for |', '|---|---|---|---|'];
  for (const entry of COMMANDS) {
    for (const arg of entry.args) {
      const placeholder = arg.usage ?? (arg.type === 'choice' ? arg.choices.join('|') : argName(arg));
      rows.push(`| ${code(placeholder)} | ${code(entry.words.join(' '))} | ${takes(arg)} | ${cell(arg.about)} |`);
    }
  }
  return rows.join('\n');
}

/** Who may run what: the commands of each role, the flags that raise one, and everything else for anyone. */
function roles(): string {
  const rows: string[] = ['| commands | who |', '|---|---|'];
  for (const role of ['tenant-admin', 'channel-admin', 'operator'] as const) {
    const commands = [
      ...COMMANDS.filter((e) => e.role === role).map((e) => code(e.words.join(' '))),
      ...COMMANDS.flatMap((e) => raising(e).filter((a) => a.role === role).map((a) => code(`${e.words.join(' ')} ... ${a.name}`))),
    ];
    rows.push(`| ${commands.join(', ')} | ${WHO[role]} |`);
  }
  rows.push(`| everything else | ${WHO.anyone} |`);
  return rows.join('\n');
}

/** Each Discord subcommand beside the grammar it stands for, and who may run it. */
function discord(): string {
  const rows: string[] = ['| Discord | the grammar | who |', '|---|---|---|'];
  for (const entry of COMMANDS) {
    const who = [ROLE_NAMES[entry.role], ...raising(entry).map((a) => `${a.name}: ${ROLE_NAMES[a.role]}`)].join('; ');
    rows.push(`| ${code(discordUsage(entry))} | ${code(usageOf(entry))} | ${who} |`);
  }
  return rows.join('\n');
}

export const SECTIONS: Record<string, () => string> = { grammar, args, roles, discord };

/** The README with every generated section replaced by what the command list says now. */
export function withGeneratedSections(readme: string): string {
  let text = readme;
  for (const [name, generate] of Object.entries(SECTIONS)) {
    const start = `<!-- generated: ${name} (npm run readme) -->`;
    const end = `<!-- end of generated: ${name} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
    text = `${text.slice(0, from + start.length)}\n${generate()}\n${text.slice(to)}`;
  }
  return text;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const before = readFileSync(README, 'utf8');
  const after = withGeneratedSections(before);
  if (after !== before) writeFileSync(README, after);
  console.log(after === before ? 'README.md: the command tables are up to date' : 'README.md: command tables rewritten from core/commands/spec.ts');
}
