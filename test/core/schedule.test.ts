import { describe, expect, it } from 'vitest';
import { nextDigestAt } from '../../core/schedule.ts';

const next = (time: string, zone: string, after: string) => nextDigestAt(time, zone, new Date(after)).toISOString();

describe('when a digest is due', () => {
  it('09:00 in Asia/Karachi is 04:00 UTC, today if not yet passed, else tomorrow', () => {
    expect(next('09:00', 'Asia/Karachi', '2026-11-21T03:59:00Z')).toBe('2026-11-21T04:00:00.000Z');
    expect(next('09:00', 'Asia/Karachi', '2026-11-21T04:00:00Z')).toBe('2026-11-22T04:00:00.000Z');
  });

  it('follows New York across the spring change: 09:00 EST is 14:00 UTC, 09:00 EDT 13:00 UTC', () => {
    expect(next('09:00', 'America/New_York', '2026-03-07T14:00:00Z')).toBe('2026-03-08T13:00:00.000Z');
    expect(next('09:00', 'America/New_York', '2026-03-06T14:00:00Z')).toBe('2026-03-07T14:00:00.000Z');
  });

  it('follows New York across the autumn change', () => {
    expect(next('09:00', 'America/New_York', '2026-10-31T13:00:00Z')).toBe('2026-11-01T14:00:00.000Z');
  });

  it('moves a time that does not exist forward by the jump, and sends a repeated time once', () => {
    expect(next('02:30', 'America/New_York', '2026-03-08T05:00:00Z')).toBe('2026-03-08T07:30:00.000Z');
    expect(next('01:30', 'America/New_York', '2026-11-01T04:00:00Z')).toBe('2026-11-01T05:30:00.000Z');
    expect(next('01:30', 'America/New_York', '2026-11-01T05:30:00Z')).toBe('2026-11-02T06:30:00.000Z');
  });
});
