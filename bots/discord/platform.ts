/** Discord as a chat platform: on when DISCORD_TOKEN is set; discord.js loads only then. */
import type { ChatPlatform } from '../frontends/index.ts';
import type { DiscordConfig } from './index.ts';

export const platform: ChatPlatform<DiscordConfig> = {
  name: 'discord',
  settings: (config) => config.discord,
  create: async (settings) => (await import('./index.ts')).createDiscordFrontEnd(settings),
};
