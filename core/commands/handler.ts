/**
 * The one command handler every front end calls. It parses text with the shared grammar (or takes a Command built
 * from typed options), checks admin rights, and answers with a platform-neutral Reply. A malformed command gets a
 * short usage line; a failure inside gets a plain apology, never a stack trace.
 */
import { note, type Reply } from '../reply.ts';
import { PermissionCheckError, type CommandRunner } from '../ports.ts';
import type { HandlerDeps } from './deps.ts';
import { explain, latest, rulesTest, status } from './queries.ts';
import { feedsAdd, feedsList, feedsRemove } from './feeds.ts';
import { alertsSet, alertsShow, digest, snooze, subscribeAlerts, subscribeDigest, unsubscribe } from './subscriptions.ts';
import { mayRun, parseCommand, requiredRole, USAGE, type Command, type Invocation, type Role } from './grammar.ts';

export function createCommandRunner(deps: HandlerDeps, onError: (error: unknown) => void = () => {}): CommandRunner {
  return async (input, invocation) => {
    let command: Command;
    if (typeof input === 'string') {
      const parsed = parseCommand(input);
      if (!parsed.ok) return note('usage', 'warning', `${parsed.error}. Usage: ${parsed.usage}`, undefined, true);
      command = parsed.command;
    } else {
      command = input;
    }
    try {
      const role = requiredRole(command);
      if (!(await mayRun(role, invocation))) return refusal(role);
      return await run(command, invocation, deps);
    } catch (error) {
      if (error instanceof PermissionCheckError) return note('error', 'error', 'Could not check your permissions', error.message, true);
      onError(error);
      return note('error', 'error', 'Sorry, that command failed on our side. It has been logged; please try again in a minute.', undefined, true);
    }
  };
}

function run(command: Command, inv: Invocation, deps: HandlerDeps): Promise<Reply> | Reply {
  switch (command.name) {
    case 'help':
      return help(command.about);
    case 'status':
      return status(command.topic, inv, deps);
    case 'latest':
      return latest(command.label, command.count, command.topic, inv, deps);
    case 'explain':
      return explain(command.target, command.topic, inv, deps);
    case 'rules-test':
      return rulesTest(command.text, command.topic, inv, deps);
    case 'digest':
      return digest(command.action, inv, deps);
    case 'subscribe-digest':
      return subscribeDigest(command, inv, deps);
    case 'subscribe-alerts':
      return subscribeAlerts(command.topic, inv, deps);
    case 'unsubscribe':
      return unsubscribe(command.what, inv, deps);
    case 'alerts-set-stall':
      return alertsSet({ type: 'count', threshold: command.count, windowMinutes: command.windowMinutes }, inv, deps);
    case 'alerts-set-share':
      return alertsSet({ type: 'share', percent: command.percent, windowMinutes: command.windowMinutes, min: command.min }, inv, deps);
    case 'alerts-snooze':
      return snooze(command.minutes, inv, deps);
    case 'alerts-unsnooze':
      return snooze(null, inv, deps);
    case 'alerts-show':
      return alertsShow(inv, deps);
    case 'feeds-list':
      return feedsList(inv, deps);
    case 'feeds-add':
      return feedsAdd(command, inv, deps);
    case 'feeds-remove':
      return feedsRemove(command.id, inv, deps);
  }
}

function refusal(role: Role): Reply {
  const who: Record<Role, string> = {
    anyone: '',
    'channel-admin': 'Sorry, only channel or workspace admins can change alerts here.',
    'tenant-admin': "Sorry, only this workspace's or server's admins can change its feeds.",
    operator: "Sorry, only the service's operators can change the shared feeds.",
  };
  const fix = role === 'operator' ? 'Add the feed without "shared" to make it this workspace\'s own.' : 'Ask an admin to run it, or to add you to the admins list.';
  return note('refused', 'warning', who[role], fix, true);
}

const HELP_LINES: Array<[string, string]> = [
  ['status', 'momentum now: stories per label (24 h, 7 d), trend, alerts firing, feed health'],
  ['latest', 'newest stories with label and source links'],
  ['explain', 'the rules that fired on an item, with the matched words, and the score'],
  ['digest', 'show the digest for this channel, or send it now'],
  ['subscribe', 'a daily digest (default 09:00 UTC) or stall alerts (default 3 stall stories in 6 h)'],
  ['unsubscribe', 'stop the digest or the alerts in this channel'],
  ['alerts', 'set the alert rule, snooze, unsnooze, show (admins)'],
  ['feeds', "list feeds; add or remove this workspace's own (admins) or shared ones (operators)"],
  ['rules', 'classify a sentence and show why'],
];

function help(about?: string): Reply {
  if (about && USAGE[about]) return note('help', 'info', `Usage: ${USAGE[about]}`, HELP_LINES.find(([c]) => c === about)?.[1]);
  return {
    kind: 'help',
    tone: 'info',
    title: 'talkwatch: news of the talks, labelled progress, stall or neutral.',
    blocks: [{ type: 'fields', fields: HELP_LINES.map(([c, what]) => ({ name: USAGE[c]!, value: what })) }],
  };
}
