/** The chat front ends whose credentials are present, and the console, which always prints its own channels. */
import { createDiscordFrontEnd } from '../discord/index.ts';
import type { Config } from '../config.ts';
import { createSlackFrontEnd } from '../slack/frontend.ts';
import { createConsoleFrontEnd } from './console.ts';
import type { FrontEnd } from './types.ts';

export function createFrontEnds(config: Config): FrontEnd[] {
  const frontEnds: FrontEnd[] = [createConsoleFrontEnd()];
  if (config.slack) frontEnds.push(createSlackFrontEnd(config.slack));
  if (config.discord) frontEnds.push(createDiscordFrontEnd(config.discord));
  return frontEnds;
}
