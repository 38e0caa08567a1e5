import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type pg from 'pg';
import { EMBEDDED_TEMPLATE, openEmbedded, type Database } from './connect.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

// Any constant works; it only has to be the same for every replica.
const MIGRATION_LOCK = 7_345_001;

export interface MigrationResult {
  applied: number;
  total: number;
}

/**
 * Apply pending migrations. On a server, replicas starting together take an advisory lock so only one of them
 * migrates while the others wait.
 */
export async function migrate(database: Database & { pool?: pg.Pool }): Promise<MigrationResult> {
  const total = readMigrationFiles({ migrationsFolder }).length;
  if (database.pool) {
    const client = await database.pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const before = await countApplied(client);
      await migratePg(drizzlePg(client), { migrationsFolder });
      return { applied: (await countApplied(client)) - before, total };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
  }
  const before = await appliedVia((sql) => database.db.execute(sql));
  await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
  return { applied: (await appliedVia((sql) => database.db.execute(sql))) - before, total };
}

const COUNT_SQL =
  "select count(*)::int as n from drizzle.__drizzle_migrations";

async function countApplied(client: pg.PoolClient): Promise<number> {
  try {
    const r = await client.query<{ n: number }>(COUNT_SQL);
    return r.rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

async function appliedVia(run: (sql: string) => Promise<unknown>): Promise<number> {
  try {
    const r = (await run(COUNT_SQL)) as { rows: Array<{ n: number }> };
    return r.rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

/** Make the embedded template (see connect.ts): a new database, migrated, moved into place. The build runs this. */
export async function makeEmbeddedTemplate(target = EMBEDDED_TEMPLATE): Promise<void> {
  const scratch = `${target}.make-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  try {
    const database = await openEmbedded(scratch, { template: null });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    await rm(target, { recursive: true, force: true });
    await rename(path.join(scratch, 'pgdata'), target);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
