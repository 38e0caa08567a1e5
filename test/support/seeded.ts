/** Data directories for tests that start the binary, copied from the suite's migrated template (global-setup.ts). */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { scratchDir } from './cli.ts';

/**
 * A data directory holding an embedded database already migrated: a first `talkwatch start` on it opens the
 * database instead of creating one.
 */
export function seededDataDir(): string {
  const dataDir = path.join(scratchDir(), 'data');
  cpSync(inject('dataDirTemplate'), dataDir, { recursive: true });
  return dataDir;
}
