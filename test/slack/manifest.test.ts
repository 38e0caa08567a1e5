/** The Slack app manifest users paste: the command, endpoint and scopes the front end relies on. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EVENTS_PATH } from '../../bots/slack/frontend.ts';
import { HISTORY_SCOPES } from '../../bots/slack/send.ts';
import { USAGE } from '../../core/commands/grammar.ts';
import { repoRoot } from '../support/cli.ts';

interface Manifest {
  display_information: { name: string; description: string };
  features: { bot_user: { display_name: string }; slash_commands: Array<{ command: string; url: string; description: string; usage_hint: string; should_escape: boolean }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean };
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

  it('asks for exactly the scopes talkwatch uses', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['channels:history', 'chat:write', 'commands', 'groups:history', 'users:read']);
    // the scopes the ambiguous-send check needs are exactly the ones send.ts asks for
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining([...HISTORY_SCOPES]));
  });

  it('stays within Slack\'s field limits, and its usage hint uses real commands', () => {
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.slash_commands[0]!.description.length).toBeLessThanOrEqual(2000);
    for (const part of manifest.features.slash_commands[0]!.usage_hint.split('|')) {
      expect(Object.keys(USAGE)).toContain(part.trim().split(' ')[0]);
    }
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
