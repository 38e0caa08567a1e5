/**
 * The databases store tests run on: PGlite always (loaded from the suite's migrated snapshot), and a PostgreSQL
 * server when TEST_DATABASE_URL is set (a fresh database per call, dropped afterwards).
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openMemory, openServer, type Database } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { createScratchDatabase, serverUrl } from './scratch-db.ts';

export interface TestDatabase extends Database {
  /** Close and, for a server, drop the scratch database. */
  dispose(): Promise<void>;
}

export { createScratchDatabase, serverUrl };

/** Names for describe.each: every store test runs once per engine available here. */
export const engines: Array<'pglite' | 'postgres'> = serverUrl ? ['pglite', 'postgres'] : ['pglite'];

if (!serverUrl) {
  console.warn('[talkwatch tests] TEST_DATABASE_URL is not set: store tests run on PGlite only; the PostgreSQL server runs are skipped.');
}

export async function openPglite(): Promise<TestDatabase> {
  const snapshot = readFileSync(inject('pgliteSnapshot'));
  const database = await openMemory(new Blob([snapshot]));
  return { ...database, dispose: () => database.close() };
}

export async function openPostgres(): Promise<TestDatabase> {
  const scratch = await createScratchDatabase();
  const database = await openServer(scratch.url);
  await migrate(database);
  return {
    ...database,
    async dispose() {
      await database.close();
      await scratch.drop();
    },
  };
}

export function openTestDatabase(engine: 'pglite' | 'postgres'): Promise<TestDatabase> {
  return engine === 'pglite' ? openPglite() : openPostgres();
}
