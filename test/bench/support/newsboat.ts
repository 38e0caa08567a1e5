/** newsboat, the terminal feed reader, as a baseline: `newsboat -x reload` on the same URLs, with its own cache. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** newsboat's version line, or null when it is not installed. */
export function newsboatVersion(): string | null {
  const found = spawnSync('newsboat', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.split('\n')[0]!.trim() : null;
}

export interface Newsboat {
  /** one `newsboat -x reload`: every feed fetched, parsed and stored in its cache */
  reload(): Promise<number>;
  dispose(): void;
}

export function newsboat(urls: string[]): Newsboat {
  const dir = mkdtempSync(path.join(tmpdir(), 'talkwatch-bench-newsboat-'));
  writeFileSync(path.join(dir, 'urls'), `${urls.join('\n')}\n`);
  writeFileSync(path.join(dir, 'config'), 'reload-threads 8\nshow-read-feeds yes\n');
  return {
    reload() {
      const args = ['-u', 'urls', '-c', 'cache.db', '-C', 'config', '-x', 'reload'];
      const started = performance.now();
      const child = spawn('newsboat', args, { cwd: dir, env: { ...process.env, HOME: dir }, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => {
          if (code === 0) resolve((performance.now() - started) / 1000);
          else reject(new Error(`newsboat exited ${code}: ${err.slice(0, 300)}`));
        });
      });
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
