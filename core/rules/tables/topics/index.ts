/**
 * The topic tables talkwatch ships: negotiations with abundant coverage. Tracking another one means writing a table
 * like these in a rules file (see the README, "Track another negotiation"), not code.
 */
import type { TopicDef } from '../../types.ts';
import { ARMENIA_AZERBAIJAN } from './armenia-azerbaijan.ts';
import { IRAN_US } from './iran-us.ts';
import { ISRAEL_HAMAS } from './israel-hamas.ts';
import { KOREAN_PENINSULA } from './korean-peninsula.ts';
import { RUSSIA_UKRAINE } from './russia-ukraine.ts';

export { COMMON_NAMES, COMMON_PROCESS } from './common.ts';
export { IRAN_US };

export const DEFAULT_TOPICS: TopicDef[] = [IRAN_US, RUSSIA_UKRAINE, ISRAEL_HAMAS, ARMENIA_AZERBAIJAN, KOREAN_PENINSULA];
