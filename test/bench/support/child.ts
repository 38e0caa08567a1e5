/** A benchmark contender in a process of its own, driven by messages: one question, one answer, in order. */
import { fork, type ChildProcess } from 'node:child_process';

export interface Contender {
  child: ChildProcess;
  ask<T>(message: object): Promise<T>;
  /** ask it to close, and wait for the process to end */
  close(message?: object): Promise<void>;
}

export async function startContender(file: URL, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<Contender> {
  const child = fork(file.pathname, args, {
    // BENCH_PROFILE=DIR writes a CPU profile of each contender there, for a flame graph (speedscope, Chrome)
    // TypeScript runs through tsx; a .mjs contender runs on plain Node
    execArgv: [...(file.pathname.endsWith('.ts') ? ['--import', 'tsx'] : []), ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: Array<{ resolve: (reply: never) => void; reject: (error: Error) => void }> = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  void exited.then((code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${file.pathname} exited (${code}) before answering`));
  });
  child.on('message', (reply) => waiting.shift()?.resolve(reply as never));
  const next = <T>() => new Promise<T>((resolve, reject) => waiting.push({ resolve: resolve as (r: never) => void, reject }));
  await next<{ type: 'started' }>();
  return {
    child,
    ask<T>(message: object) {
      const answer = next<T>();
      child.send(message);
      return answer;
    },
    async close(message = { type: 'close' }) {
      if (child.connected) {
        const answer = next().catch(() => {});
        child.send(message);
        await answer;
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
