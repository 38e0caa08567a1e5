/** `talkwatch command` and `talkwatch digest`: the chat commands, typed at a console channel. */
import { userInfo } from 'node:os';
import { usageReply } from '../../core/commands/errors.ts';
import { argName, COMMANDS, readValues, usageOf, type Command, type Invocation } from '../../core/commands/grammar.ts';
import { CONSOLE_TENANT } from '../../core/tenants.ts';
import { toPlainText, type Reply } from '../../core/reply.ts';
import type { App } from '../app.ts';
import type { CommandGroup, Io } from './types.ts';

const DEFAULT_CHANNEL = 'console';

export function consoleInvocation(channel = DEFAULT_CHANNEL): Invocation {
  let user = 'cli';
  try {
    user = userInfo().username;
  } catch {
    // no user database entry (some containers): keep "cli"
  }
  // Whoever runs the CLI on the service's machine is its operator.
  return { channel: { platform: 'console', channelId: channel, tenant: CONSOLE_TENANT }, user: { id: user }, operator: true, isAdmin: async () => true };
}

/** A reply on the terminal: answers to stdout; usage lines, refusals and errors to stderr, with their exit code. */
export function print(io: Io, reply: Reply, usageCode = 2): number {
  const text = toPlainText(reply);
  if (reply.kind === 'usage' || reply.kind === 'refused' || reply.kind === 'limit' || reply.kind === 'error') {
    io.err(text);
    return reply.kind === 'usage' ? usageCode : 1;
  }
  io.out(text);
  return 0;
}

/** A chat command from a CLI subcommand's arguments (`feeds add URL --topic NAME`), checked as the chat grammar checks it. */
export function commandFrom(words: string, values: Record<string, string | number | boolean | undefined>): Command | Reply {
  const entry = COMMANDS.find((c) => c.words.join(' ') === words)!;
  const read = readValues(entry, (arg) => values[argName(arg)] ?? null);
  return read.ok ? read.command : usageReply(read.error, usageOf(entry));
}

async function runAt(app: App, channel: string, input: string): Promise<Reply> {
  return app.run(input, consoleInvocation(channel));
}

export const chatCommands: CommandGroup[] = [
  {
    name: 'command',
    needsDatabase: true,
    register(program, { io, runtime, setExitCode }) {
      program
        .command('command')
        .description('run a chat command as if typed in a console channel, e.g. talkwatch command --channel ops -- subscribe alerts')
        .option('--channel <name>', 'the console channel', DEFAULT_CHANNEL)
        .argument('<words...>', 'the command, after --')
        .action((words: string[], options: { channel: string }) =>
          runtime.withApp(async (app) => setExitCode(print(io, await runAt(app, options.channel, words.join(' '))))),
        );
    },
  },
  {
    name: 'digest',
    needsDatabase: true,
    register(program, { io, runtime, setExitCode }) {
      program
        .command('digest')
        .description('print the digest a channel would get now')
        .requiredOption('--preview', 'print it (to send it now: talkwatch command --channel NAME -- digest now)')
        .option('--channel <name>', 'the console channel', DEFAULT_CHANNEL)
        .action((options: { channel: string }) =>
          runtime.withApp(async (app) => setExitCode(print(io, await runAt(app, options.channel, 'digest preview')))),
        );
    },
  },
];
