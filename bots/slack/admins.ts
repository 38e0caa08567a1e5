/**
 * Who may change feeds and alerts: workspace admins and owners (users.info), and the user ids in the config's
 * `slack.admins` list. Answers are cached for a while: roles change rarely and users.info has a rate limit.
 */
import type { App } from '@slack/bolt';
import { RoleCheckError } from '../../core/commands/errors.ts';
import { platformCode } from './errors.ts';

/** users.info failed, so the role is unknown: the command is not run, and the person is told why. */
export class AdminCheckError extends RoleCheckError {
  constructor(readonly code: string) {
    super(
      code === 'missing_scope'
        ? 'talkwatch cannot check your Slack role: the app lacks the users:read scope (add it and reinstall the app)'
        : `talkwatch could not check your Slack role with Slack (${code}); try again in a minute`,
    );
    this.name = 'AdminCheckError';
  }
}

interface SlackUser {
  deleted?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

export class AdminCheck {
  private readonly cache = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly client: App['client'],
    private readonly listed: readonly string[],
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** `token`: the workspace's own bot token, for a distributed app (the client has none of its own then). */
  async isAdmin(userId: string, teamId?: string, token?: string): Promise<boolean> {
    if (this.listed.includes(userId)) return true;
    const key = `${teamId ?? ''}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.admin;
    let user: SlackUser | undefined;
    try {
      user = (await this.client.users.info({ user: userId, ...(token ? { token } : {}) })).user as SlackUser | undefined;
    } catch (error) {
      throw new AdminCheckError(platformCode(error) ?? (error as Error).message);
    }
    const admin = Boolean(user && !user.deleted && (user.is_admin || user.is_owner || user.is_primary_owner));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { admin, until: this.now() + this.ttlMs });
    return admin;
  }
}
