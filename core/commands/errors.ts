/**
 * What a person sees when their command cannot run: a malformed command gets the reason and the usage line, a role
 * that could not be checked says why, and any other failure an apology, never a stack trace. Every front end maps
 * failures through here, so they all say the same thing.
 */
import { note, type Reply } from '../reply.ts';

/** The platform could not say whether the caller is an admin (e.g. Slack's users.info failed): the command is not run. */
export class RoleCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoleCheckError';
  }
}

/** A malformed command: the reason, then the usage line, to the person who typed it. */
export function usageReply(error: string, usage: string): Reply {
  return note('usage', 'warning', error, `Usage: ${usage}`, true);
}

export function failureReply(error: unknown): Reply {
  if (error instanceof RoleCheckError) return note('error', 'error', 'Could not check your permissions', error.message, true);
  return note('error', 'error', 'Something went wrong running that command', 'It has been logged for the operator; try again in a minute.', true);
}

/** A command that arrives while the service is stopping. */
export const RESTARTING: Reply = note('error', 'warning', 'talkwatch is restarting: try again in a minute', undefined, true);
