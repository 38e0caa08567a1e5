/**
 * What the Slack tests share: a stub command runner that behaves like core's handler at its edges (usage replies,
 * the admin check, a slow command), for tests of Slack's transport, and a logger whose lines a test can read.
 */
import { Writable } from 'node:stream';
import { mayRun, parseCommand, requiredRole, type Invocation } from '../../core/commands/grammar.ts';
import type { CommandRunner } from '../../core/ports.ts';
import { note } from '../../core/reply.ts';
import { createLogger, type Logger } from '../../bots/logger.ts';
import { sampleDigest } from '../support/digest-fixture.ts';

export interface StubRunner {
  run: CommandRunner;
  calls: Array<{ input: string; invocation: Invocation }>;
  /** feeds the stub "added": only commands that passed the admin check get here */
  added: string[];
  /** `digest now` waits for this to be called */
  release(): void;
  pending(): number;
}

export function stubRunner(): StubRunner {
  const calls: StubRunner['calls'] = [];
  const added: string[] = [];
  let pending = 0;
  let release = () => {};
  let gate = new Promise<void>((resolve) => (release = resolve));

  const run: CommandRunner = async (input, invocation) => {
    const text = typeof input === 'string' ? input : input.name;
    calls.push({ input: text, invocation });
    const parsed = typeof input === 'string' ? parseCommand(input) : { ok: true as const, command: input };
    if (!parsed.ok) return note('usage', 'warning', parsed.error, `Usage: /talks ${parsed.usage}`, true);
    const command = parsed.command;
    if (!(await mayRun(requiredRole(command), invocation))) {
      return note('refused', 'warning', 'Only workspace admins can change feeds and alerts', 'Ask a workspace admin or owner, or someone listed in talkwatch\'s slack.admins.', true);
    }
    switch (command.name) {
      case 'status':
        return {
          kind: 'status',
          tone: 'stall',
          title: 'iran-us: stall is ahead',
          blocks: [{ type: 'fields', fields: [{ name: 'Progress (24 h)', value: '2 stories' }, { name: 'Stall (24 h)', value: '4 stories' }] }],
        };
      case 'digest':
        if (command.action === 'now') {
          pending++;
          await gate;
          pending--;
        }
        return sampleDigest();
      case 'feeds-add':
        added.push(command.url);
        return note('feeds', 'info', `Added ${command.url}`, undefined);
      case 'explain':
        if (command.target === 'crash') throw new Error('the store is unreachable');
        return note('explain', 'info', `Nothing known about ${command.target}`, undefined, true);
      default:
        return note('ok', 'info', `ran ${command.name}`);
    }
  };
  return {
    run,
    calls,
    added,
    release: () => {
      release();
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    pending: () => pending,
  };
}

export function capturedLogger(level = 'debug'): { log: Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      done();
    },
  });
  return {
    log: createLogger(level, sink),
    lines: () => raw.flatMap((s) => s.split('\n')).filter(Boolean).map((s) => JSON.parse(s) as Record<string, unknown>),
  };
}
