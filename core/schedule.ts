/**
 * When a channel's daily digest is due: local HH:MM in an IANA timezone. Pure: `after` is passed in.
 *
 * Daylight-saving changes: a time that does not exist that day (clocks jump from 02:00 to 03:00) moves forward by
 * the jump (02:30 becomes 03:30); a time that happens twice (clocks fall back) is sent at its first occurrence.
 */
import { DateTime } from 'luxon';

export const DEFAULT_DIGEST_TIME = '09:00';
export const DEFAULT_TIMEZONE = 'UTC';

/** The first local `time` in `zone` strictly after `after`. */
export function nextDigestAt(time: string, zone: string, after: Date): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const local = DateTime.fromJSDate(after, { zone });
  for (let day = 0; day < 3; day++) {
    const date = local.plus({ days: day });
    const candidate = firstOccurrence(DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone }));
    // Only a day's first occurrence counts, so a repeated hour never sends a second digest.
    if (candidate.toMillis() > after.getTime()) return candidate.toJSDate();
  }
  throw new Error(`no ${time} in ${zone} within three days of ${after.toISOString()}`);
}

/** luxon resolves an ambiguous wall time to its later instant; step back to the earlier one if it exists. */
function firstOccurrence(at: DateTime): DateTime {
  for (const minutes of [60, 30]) {
    const earlier = at.minus({ minutes });
    if (earlier.hour === at.hour && earlier.minute === at.minute && earlier.day === at.day) return earlier;
  }
  return at;
}

/** "09:00 Asia/Karachi (04:00 UTC)": how a time is shown to a channel. */
export function describeLocal(at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  const utc = DateTime.fromJSDate(at, { zone: 'UTC' });
  const when = local.toFormat('ccc d LLL HH:mm');
  return zone === 'UTC' ? `${when} UTC` : `${when} ${zone} (${utc.toFormat('HH:mm')} UTC)`;
}

/** The calendar day of `at` in `zone`, e.g. 2026-11-21: a digest's period in its outbox key. */
export function localDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}
