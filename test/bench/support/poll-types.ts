/** What support/poll-ours.mjs answers. */
export interface CycleResult {
  type: 'cycle';
  seconds: number;
  polled: number;
  stored: number;
  failed: number;
  errors: string[];
  /** p99 of the event loop's delay during the cycle (10 ms sampling, included), when watched */
  loopDelayP99Ms: number | null;
  /** how long each `status` command during the cycle took */
  commandMs: number[];
  /** CPU time of the whole process, worker threads included */
  cpuSeconds: number;
  /** polls a feed took: more than one when a feed had more new items than one poll stores */
  rounds: number;
  rssMb: number;
}

export interface MemoryResult {
  type: 'memory';
  /** resident memory, sampled every 250 ms */
  samples: number[];
  /** the most the process has had resident (VmHWM) */
  peakMb: number;
  /** the main thread's V8 heap, and memory outside it (WebAssembly and buffers included), in MB */
  parts: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}
