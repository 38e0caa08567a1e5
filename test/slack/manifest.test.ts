/** The Slack app manifest users paste: the command, endpoint and scopes the front end relies on. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EVENTS_PATH } from '../../bots/slack/frontend.ts';
import { REDIRECT_PATH } from '../../bots/slack/oauth.ts';
import { BOT_SCOPES } from '../../bots/slack/scopes.ts';
import { HISTORY_SCOPES } from '../../bots/slack/send.ts';
import { COMMANDS, parseCommand, usageOf } from '../../core/commands/grammar.ts';
import { repoRoot } from '../support/cli.ts';

interface Manifest {
  display_information: { name: string; description: string };
  features: { bot_user: { display_name: string }; slash_commands: Array<{ command: string; url: string; description: string; usage_hint: string; should_escape: boolean }> };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; event_subscriptions: { request_url: string; bot_events: string[] } };
}

const manifest = parse(readFileSync(`${repoRoot}/slack-app-manifest.yaml`, 'utf8')) as Manifest;

describe('slack-app-manifest.yaml', () => {
  it('declares /talks, sent to the endpoint the front end mounts', () => {
    const [command, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(command!.command).toBe('/talks');
    expect(new URL(command!.url).pathname).toBe(EVENTS_PATH);
    expect(new URL(command!.url).protocol).toBe('https:');
    // URLs reach the grammar as typed (it also accepts Slack's <url> form)
    expect(command!.should_escape).toBe(false);
  });

  it('asks for exactly the scopes talkwatch uses, the same the OAuth flow asks for', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['channels:history', 'chat:write', 'commands', 'files:write', 'groups:history', 'users:read']);
    expect([...BOT_SCOPES].sort()).toEqual(manifest.oauth_config.scopes.bot.sort());
    // the scopes the ambiguous-send check needs are exactly the ones send.ts asks for
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining([...HISTORY_SCOPES]));
  });

  it('sends installs back to the redirect path, and the events that end an installation to the events path', () => {
    expect(manifest.oauth_config.redirect_urls.map((u) => new URL(u).pathname)).toEqual([REDIRECT_PATH]);
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(EVENTS_PATH);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_uninstalled', 'tokens_revoked']);
  });

  it('stays within Slack\'s field limits, and its usage hint uses real commands', () => {
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.slash_commands[0]!.description.length).toBeLessThanOrEqual(2000);
    // every part of the hint is a command as written, or the start of a usage line of the grammar
    const hint = manifest.features.slash_commands[0]!.usage_hint;
    for (const part of hint.split(/ \| /).map((p) => p.trim())) {
      expect(parseCommand(part).ok || COMMANDS.some((c) => usageOf(c).startsWith(part)), part).toBe(true);
    }
    expect(hint.length).toBeLessThanOrEqual(1000);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
