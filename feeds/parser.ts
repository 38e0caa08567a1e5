/**
 * Parsing off the main thread: a small pool of worker threads (piscina) runs parse-task.ts. Each worker has a
 * heap limit and each parse a time limit, so a hostile document can cost a worker, never the process: a worker
 * that runs out of memory or time is replaced and the feed gets a clear error.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { FeedError } from './errors.ts';
import type { ParsedFeed, ParseInput, ParseOutput } from './parse-task.ts';

export interface ParserOptions {
  threads?: number;
  /** per parse */
  timeoutMs?: number;
  /** per worker heap, MB */
  maxHeapMb?: number;
  /** a worker that dies with no parse in hand (piscina reports it here rather than to a caller) */
  onError?: (error: unknown) => void;
}

export const PARSE_DEFAULTS = { threads: 2, timeoutMs: 20_000, maxHeapMb: 512 } as const;

export interface FeedParser {
  /** `signal` cuts a parse short when talkwatch stops */
  parse(input: ParseInput, signal?: AbortSignal): Promise<ParsedFeed>;
  close(): Promise<void>;
}

// Compiled, the worker runs parse-task.js; run from the TypeScript sources (tests, a changed checkout), the
// worker thread needs tsx registered again, and tsx is there only in development.
const compiled = import.meta.url.endsWith('.js');
const task = new URL(compiled ? './parse-task.js' : './parse-task.ts', import.meta.url).href;
const workerArgv = () => (compiled ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]);

export function createParser(options: ParserOptions = {}): FeedParser {
  const timeoutMs = options.timeoutMs ?? PARSE_DEFAULTS.timeoutMs;
  const maxHeapMb = options.maxHeapMb ?? PARSE_DEFAULTS.maxHeapMb;
  const pool = new Piscina<ParseInput, ParseOutput>({
    filename: task,
    execArgv: workerArgv(),
    minThreads: 0,
    maxThreads: options.threads ?? PARSE_DEFAULTS.threads,
    // A worker costs tens of MB while it lives: between poll cycles none is kept. A new one starts in well
    // under 100 ms. A smaller young generation keeps a busy worker smaller, for a little more collecting.
    idleTimeout: 5_000,
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 16 },
  });
  // Without a listener, a worker dying between parses would be an unhandled 'error' event: a crash.
  pool.on('error', (error: unknown) => options.onError?.(error));
  return {
    async parse(input, signal) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      const cancel = () => abort.abort();
      if (signal?.aborted) cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      let output: ParseOutput;
      try {
        // The bytes are handed over, not copied, when they own their memory; small Buffers share Node's pool,
        // which must not be detached, so those are copied first.
        const owns = input.bytes.byteOffset === 0 && input.bytes.byteLength === input.bytes.buffer.byteLength;
        const bytes = owns ? input.bytes : new Uint8Array(input.bytes);
        output = await pool.run({ ...input, bytes }, { signal: abort.signal, transferList: [bytes.buffer as ArrayBuffer] });
      } catch (error) {
        if (signal?.aborted) throw new FeedError('cancelled', 'talkwatch stopped while parsing this feed');
        if (abort.signal.aborted) throw new FeedError('parse-failed', `parsing the feed took longer than ${timeoutMs / 1000} s; it was stopped`);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
          throw new FeedError('parse-failed', `parsing the feed needed more than ${maxHeapMb} MB of memory; it was stopped`);
        }
        throw new FeedError('parse-failed', `the feed parser failed (${String((error as Error)?.message ?? error).slice(0, 120)})`);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', cancel);
      }
      if (!output.ok) throw new FeedError(output.code, output.message);
      return output.feed;
    },
    close: () => pool.destroy(),
  };
}
