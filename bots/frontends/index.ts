/**
 * The chat platforms: one line each below. A platform's folder exports a ChatPlatform from a light module (no SDK
 * import), so its SDK loads only when the config turns it on. The console always runs: it prints its own channels.
 */
import type { FrontEnd } from '../../core/ports.ts';
import type { Platform } from '../../core/types.ts';
import type { Config } from '../config.ts';
import { createConsoleFrontEnd } from './console.ts';

/** A chat platform talkwatch can serve. */
export interface ChatPlatform<Settings = unknown> {
  name: Platform;
  /**
   * Its settings from the config (config.variable reads the environment), or null when it is not configured. A bad
   * value throws ConfigError with one line naming the variable and the fix; this runs before anything else starts.
   */
  settings(config: Config): Settings | null;
  /** The front end; load the SDK here (a dynamic import). */
  create(settings: Settings): Promise<FrontEnd>;
}

/** Any platform, whatever its settings (they go back to the platform that read them). */
type SomePlatform = Omit<ChatPlatform, 'create'> & { create(settings: never): Promise<FrontEnd> };
export type Loaded = { platform: SomePlatform };
export type Configured = { platform: SomePlatform; settings: unknown };

const PLATFORMS: Array<() => Promise<Loaded>> = [
  () => import('../slack/platform.ts'),
  () => import('../discord/platform.ts'),
];

/** The platforms the config turns on, with their settings: read at start, before the data directory or the port. */
export async function configuredPlatforms(config: Config, platforms = PLATFORMS): Promise<Configured[]> {
  const configured: Configured[] = [];
  for (const load of platforms) {
    const { platform } = await load();
    const settings = platform.settings(config);
    if (settings !== null) configured.push({ platform, settings });
  }
  return configured;
}

export async function createFrontEnds(configured: Configured[]): Promise<FrontEnd[]> {
  const frontEnds: FrontEnd[] = [createConsoleFrontEnd()];
  for (const { platform, settings } of configured) frontEnds.push(await platform.create(settings as never));
  return frontEnds;
}
