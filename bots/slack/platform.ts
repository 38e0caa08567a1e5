/** Slack as a chat platform: on when SLACK_BOT_TOKEN (or the OAuth variables) are set; Bolt loads only then. */
import type { ChatPlatform } from '../frontends/index.ts';
import type { SlackConfig } from './frontend.ts';

export const platform: ChatPlatform<SlackConfig> = {
  name: 'slack',
  settings: (config) => config.slack,
  create: async (settings) => (await import('./frontend.ts')).createSlackFrontEnd(settings),
};
