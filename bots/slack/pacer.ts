/**
 * Slack allows about one message a second per channel. Sends to one channel run one after another, each starting at
 * least `intervalMs` after the one before; a Retry-After from Slack holds every channel until it has passed.
 */
export class Pacer {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly lastStart = new Map<string, number>();
  private holdUntil = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Runs `task` for `key` in turn and on pace. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(async () => {
      await this.waitTurn(key);
      this.lastStart.set(key, this.now());
      return task();
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      // forget idle channels, so the maps do not grow with every channel ever served
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
        const last = this.lastStart.get(key) ?? 0;
        setTimeout(() => {
          if (!this.tails.has(key) && this.lastStart.get(key) === last) this.lastStart.delete(key);
        }, this.intervalMs).unref();
      }
    });
    return result;
  }

  /** Slack said Retry-After: nothing is sent to any channel before then. */
  hold(ms: number): void {
    this.holdUntil = Math.max(this.holdUntil, this.now() + ms);
  }

  private async waitTurn(key: string): Promise<void> {
    // loop: a hold may arrive while waiting
    for (let i = 0; i < 100; i++) {
      const last = this.lastStart.get(key);
      const due = Math.max(this.holdUntil, last === undefined ? 0 : last + this.intervalMs);
      const wait = due - this.now();
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }
}
