/**
 * What every chat front end does the same way, so an adapter keeps only its platform's part: answering a command
 * within the platform's deadline (at once, or acknowledged first and answered when the work is done), tracking work
 * in flight so stop() lets it finish, one mapping of failures to replies (core's errors.ts), and text and links made
 * safe to show. Escaping for a platform's markup stays in its adapter.
 */
import { failureReply, RESTARTING } from '../../core/commands/errors.ts';
import type { Command, Invocation } from '../../core/commands/grammar.ts';
import type { FrontEndContext, Log } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';

/** Work a front end still owes (late answers, sends): stop() waits for it, up to a grace period. */
export class InFlight {
  private readonly work = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.work.add(settled);
    void settled.then(() => this.work.delete(settled));
    return work;
  }

  get size(): number {
    return this.work.size;
  }

  /** Resolves when everything tracked has settled, or after graceMs, whichever is first. */
  async settle(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.work]), grace]);
    clearTimeout(timer);
  }
}

/** How a platform answers one command. */
export interface Answer {
  /** the reply, within the platform's deadline */
  now(reply: Reply): Promise<unknown>;
  /** acknowledge without the reply ("working on it"): the work is slow */
  defer(): Promise<unknown>;
  /** the reply, after defer() */
  later(reply: Reply): Promise<unknown>;
}

const SLOW = Symbol('slow');

/**
 * The command side of a front end. A reply ready within `budgetMs` goes out at once; slower work is acknowledged
 * first and answered when done. A command that fails is answered with core's failure reply; one arriving while the
 * front end stops is told to retry. Answers still owed are tracked, and stop() waits for them.
 */
export class CommandDesk {
  readonly inFlight = new InFlight();
  private ctx: FrontEndContext | null = null;
  private stopping = false;

  constructor(
    private readonly platform: string,
    private readonly budgetMs: number,
  ) {}

  /** the front end's log, once started */
  log: Log | null = null;

  start(ctx: FrontEndContext): Log {
    this.ctx = ctx;
    this.log = ctx.log.child({ frontEnd: this.platform });
    return this.log;
  }

  get running(): boolean {
    return this.ctx !== null && !this.stopping;
  }

  /**
   * Answer one command: a Command to run, or a Reply the adapter already has (a usage line). Never rejects: a
   * failure to answer is logged.
   */
  handle(input: Command | Reply, invocation: Invocation, answer: Answer, where: Record<string, unknown> = {}): Promise<void> {
    return this.inFlight.track(this.answer(input, invocation, answer, where).catch((error: unknown) => this.log?.warn({ ...where, err: error }, 'could not answer a command')));
  }

  /** Take no new commands; wait for answers and sends in flight, at most graceMs. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    await this.inFlight.settle(graceMs);
  }

  private async answer(input: Command | Reply, invocation: Invocation, answer: Answer, where: Record<string, unknown>): Promise<void> {
    const started = Date.now();
    if (!this.ctx || this.stopping) return void (await answer.now(RESTARTING));
    if ('kind' in input) return void (await answer.now(input));
    const { run } = this.ctx;
    const work = run(input, invocation).catch((error: unknown) => {
      this.log?.error({ ...where, err: error, command: input.name }, 'command failed');
      return failureReply(error);
    });
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([work, new Promise<typeof SLOW>((resolve) => (timer = setTimeout(() => resolve(SLOW), this.budgetMs)))]);
    clearTimeout(timer);
    if (first !== SLOW) {
      await answer.now(first);
      this.log?.debug({ ...where, ms: Date.now() - started }, 'command answered at once');
      return;
    }
    await answer.defer();
    await answer.later(await work);
    this.log?.debug({ ...where, ms: Date.now() - started }, 'command answered after an acknowledgement');
  }
}

/** At most n characters, ending in an ellipsis when cut, never leaving half a surrogate pair. */
export function cut(text: string, n: number): string {
  if (text.length <= n) return text;
  if (n <= 1) return '';
  let kept = text.slice(0, n - 1);
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/** Escaped text of at most `limit` characters: each character is escaped whole (an entity is never cut), then "…". */
export function fitEscaped(raw: string, limit: number, escape: (text: string) => string): string {
  const whole = escape(raw);
  if (whole.length <= limit) return whole;
  let out = '';
  for (const char of raw) {
    const piece = escape(char);
    if (out.length + piece.length > limit - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/**
 * A URL that may become a link: http or https, without a user name or password (https://bank.example@evil.example/
 * reads as one host and goes to another), at most maxLength once serialised (spaces, quotes and angle brackets are
 * percent-encoded by the WHATWG serialisation). Null otherwise: the text is shown without a link.
 */
export function linkable(raw: string | null | undefined, maxLength: number): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
  return url.href.length <= maxLength ? url.href : null;
}

/** Text on one line, runs of white space made one space. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
