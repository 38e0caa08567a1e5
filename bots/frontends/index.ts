/** The chat front ends whose credentials are present, and the console, which always prints its own channels. */
import type { Config } from '../config.ts';
import { createConsoleFrontEnd } from './console.ts';
import type { FrontEnd } from './types.ts';

export async function createFrontEnds(config: Config): Promise<FrontEnd[]> {
  const frontEnds: FrontEnd[] = [createConsoleFrontEnd()];
  // The chat SDKs are loaded only when their platform is configured: a console-only service starts faster and lighter.
  if (config.slack) frontEnds.push((await import('../slack/frontend.ts')).createSlackFrontEnd(config.slack));
  if (config.discord) frontEnds.push((await import('../discord/index.ts')).createDiscordFrontEnd(config.discord));
  return frontEnds;
}
