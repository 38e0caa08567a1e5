/**
 * A real headless browser for page tests: Debian's chromium driven by playwright-core. Found at /usr/bin/chromium or
 * on the PATH; when there is none, `browserMissing` says so in words and the tests that need it are skipped
 * (.ci/run installs chromium when it can).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

function findChromium(): string | null {
  for (const path of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (path && existsSync(path)) return path;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const chromiumPath = findChromium();
export const browserMissing = chromiumPath ? null : 'no chromium found (/usr/bin/chromium or on the PATH): install it with apt-get install chromium to run the status page browser tests';

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: tests run as root in containers, where chromium's sandbox cannot start
  return chromium.launch({ executablePath: chromiumPath!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
