/**
 * The one command handler every front end calls. It parses text with the shared grammar (or takes a Command built
 * from typed options), checks the caller's role, and answers with a platform-neutral Reply. A malformed command gets
 * its reason and usage line; a failure inside gets a plain apology (errors.ts), never a stack trace.
 */
import { note, type Reply } from '../reply.ts';
import type { CommandRunner } from '../ports.ts';
import type { HandlerDeps } from './deps.ts';
import { failureReply, usageReply } from './errors.ts';
import { help } from './help.ts';
import { dashboard } from './dashboard.ts';
import { explain, latest, rulesTest, status, topics } from './queries.ts';
import { feedsAdd, feedsList, feedsRemove } from './feeds.ts';
import { alertsSet, alertsShow, digest, snooze, subscribeAlerts, subscribeDigest, unsubscribe } from './subscriptions.ts';
import { mayRun, parseCommand, requiredRole, type Command, type Invocation, type Role } from './grammar.ts';

/** `onError` hears every failure a person was told about: log it. */
export function createCommandRunner(deps: HandlerDeps, onError: (error: unknown) => void = () => {}): CommandRunner {
  return async (input, invocation) => {
    let command: Command;
    if (typeof input === 'string') {
      const parsed = parseCommand(input);
      if (!parsed.ok) return usageReply(parsed.error, parsed.usage);
      command = parsed.command;
    } else {
      command = input;
    }
    try {
      const role = requiredRole(command);
      if (!(await mayRun(role, invocation))) return refusal(role);
      return await run(command, invocation, deps);
    } catch (error) {
      onError(error);
      return failureReply(error);
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
    case 'topics':
      return topics(inv, deps);
    case 'dashboard':
      return dashboard(inv, deps);
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
      return feedsList(command.all ?? false, inv, deps);
    case 'feeds-add':
      return feedsAdd(command, inv, deps);
    case 'feeds-remove':
      return feedsRemove(command.id, command.all ?? false, inv, deps);
  }
}

function refusal(role: Role): Reply {
  const who: Record<Role, string> = {
    anyone: '',
    'channel-admin': 'Sorry, only channel or workspace admins can change alerts here.',
    'tenant-admin': "Sorry, only this workspace's or server's admins can change its feeds.",
    operator: "Sorry, only the service's operators can do that.",
  };
  const fix = role === 'operator' ? 'Without "shared" a feed is this workspace\'s own.' : 'Ask an admin to run it, or to add you to the admins list.';
  return note('refused', 'warning', who[role], fix, true);
}
