/** Suggestions while a user types a time zone or a duration into `/talks`: Discord shows at most 25. */
import { parseDuration, type ArgSpec } from '../../core/commands/grammar.ts';

const MAX = 25;
const COMMON_ZONES = ['UTC', 'Asia/Karachi', 'Asia/Tehran', 'Asia/Dubai', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Singapore', 'Asia/Tokyo'];
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
const DURATIONS = ['30m', '1h', '3h', '6h', '12h', '24h', '2d', '3d', '7d', '14d', '30d'];

export type Choice = { name: string; value: string };
const choice = (s: string): Choice => ({ name: s, value: s });

/** Suggestions for an argument of the command list, from what the user has typed so far. */
export function suggest(arg: ArgSpec | undefined, typed: string): Choice[] {
  const text = typed.trim().toLowerCase();
  if (arg?.type === 'timezone') {
    if (!text) return COMMON_ZONES.map(choice);
    const starts = ZONES.filter((z) => z.toLowerCase().startsWith(text) || z.toLowerCase().split('/').pop()!.startsWith(text));
    const contains = ZONES.filter((z) => z.toLowerCase().includes(text) && !starts.includes(z));
    return [...starts, ...contains].slice(0, MAX).map(choice);
  }
  if (arg?.type === 'duration') {
    const minutes = parseDuration(text);
    const within = DURATIONS.filter((d) => parseDuration(d)! <= arg.maxMinutes);
    const own = minutes !== null && minutes <= arg.maxMinutes && !within.includes(text) ? [text] : [];
    const digits = /^\d+/.exec(text)?.[0] ?? '';
    return [...own, ...within.filter((d) => d.startsWith(digits))].slice(0, MAX).map(choice);
  }
  return [];
}
