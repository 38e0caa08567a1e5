/**
 * Slack for many workspaces: Bolt's own OAuth flow on the service's port (install and redirect paths), each
 * installation kept in the database through DbInstallationStore, and the events that end one (app_uninstalled,
 * tokens_revoked) pausing that tenant's subscriptions with the reason.
 */
import type { App, HTTPReceiverOptions } from '@slack/bolt';
import type { FrontEndContext, Log } from '../../core/ports.ts';
import { installationTenant, type DbInstallationStore } from './installations.ts';
import { BOT_SCOPES } from './scopes.ts';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  authorizeUrl: string | null;
}

/** What the HTTP receiver needs to run the OAuth flow itself. */
export function oauthReceiverOptions(oauth: OAuthSettings, store: DbInstallationStore, apiUrl: string | null): Partial<HTTPReceiverOptions> {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: BOT_SCOPES,
    installationStore: store,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // /slack/install goes straight to Slack's consent page; the state cookie it sets is checked on the way back
      directInstall: true,
      ...(oauth.authorizeUrl ? { authorizationUrl: oauth.authorizeUrl } : {}),
      clientOptions: { slackApiUrl: apiUrl ?? undefined, retryConfig: { retries: 1 } },
    },
  };
}

/** An uninstall or a revoked bot token: that workspace's subscriptions pause with the reason, its tokens are forgotten. */
export function registerInstallEvents(app: App, store: DbInstallationStore, tenants: NonNullable<FrontEndContext['tenants']>, log: Log): void {
  const end = async (body: { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean }, reason: string) => {
    const tenant = installationTenant({ teamId: body.team_id, enterpriseId: body.enterprise_id, isEnterpriseInstall: body.is_enterprise_install });
    await store.deleteInstallation({ teamId: body.team_id, enterpriseId: body.enterprise_id, isEnterpriseInstall: Boolean(body.is_enterprise_install) });
    const paused = await tenants.pauseTenant(tenant, reason);
    log.warn({ tenant, paused }, reason);
  };
  app.event('app_uninstalled', async ({ body }) => {
    await end(body as never, 'talkwatch was uninstalled from this workspace; reinstall it, then subscribe again');
  });
  app.event('tokens_revoked', async ({ body, event }) => {
    if ((event.tokens.bot ?? []).length === 0) {
      log.info({ team: (body as { team_id?: string }).team_id }, 'Slack revoked user tokens only; the bot token still works');
      return;
    }
    await end(body as never, "the workspace revoked talkwatch's bot token; reinstall the app, then subscribe again");
  });
}
