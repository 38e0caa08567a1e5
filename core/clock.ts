/** Time reaches core only through a clock, so tests and the demo can run the calendar at any speed. */
export interface Clock {
  now(): Date;
}

/** A clock that a test or the demo moves by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * A calendar that runs `speed` times as fast as real time and reads `simulated` at the real instant `realAt`, so
 * every process given the same three numbers agrees on the time, across restarts: the crash test's clock.
 */
export class FastClock implements Clock {
  constructor(
    private readonly simulated: Date,
    private readonly realAt: Date,
    readonly speed: number,
    private readonly realNow: () => number,
  ) {}

  now(): Date {
    return new Date(this.simulated.getTime() + (this.realNow() - this.realAt.getTime()) * this.speed);
  }
}
