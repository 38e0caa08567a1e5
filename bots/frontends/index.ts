/** The front ends whose credentials are present; the console when there are none. */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createConsoleFrontEnd } from './console.ts';
import type { FrontEnd } from './types.ts';

export function createFrontEnds(_config: Config, _log: Logger): FrontEnd[] {
  const frontEnds: FrontEnd[] = [];
  // Console subscriptions (made with `talkwatch command`) always print to stdout.
  frontEnds.push(createConsoleFrontEnd());
  return frontEnds;
}
