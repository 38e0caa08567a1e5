/**
 * Driver choice: embedded PGlite in a data directory by default, a PostgreSQL server when DATABASE_URL is set.
 * Both are driven through the same drizzle schema and the same store code.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'server';
  /** Human description for logs and errors: never includes a password. */
  where: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/** postgres://user:secret@host/db -> postgres://user@host/db */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function embeddedDir(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

/**
 * Open the embedded database. A brand-new one is created in a scratch directory and renamed into place, so an
 * interrupted first start never leaves a half-initialised database behind.
 */
export async function openEmbedded(dataDir: string, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  const dir = embeddedDir(dataDir);
  let client: PGlite;
  if (existsSync(dir)) {
    client = new PGlite(dir);
    await client.waitReady;
  } else {
    await mkdir(dataDir, { recursive: true });
    const scratch = `${dir}.init-${process.pid}`;
    await rm(scratch, { recursive: true, force: true });
    try {
      const fresh = new PGlite(scratch, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
      await fresh.waitReady;
      await fresh.close();
      await rename(scratch, dir);
    } catch (error) {
      await rm(scratch, { recursive: true, force: true });
      throw error;
    }
    client = new PGlite(dir);
    await client.waitReady;
  }
  return wrapPglite(client, `embedded database in ${dir}`);
}

/** An in-memory PGlite, optionally loaded from a dump: what tests use. */
export async function openMemory(loadDataDir?: Blob): Promise<Database & { client: PGlite }> {
  const client = new PGlite(loadDataDir ? { loadDataDir } : {});
  await client.waitReady;
  return { ...wrapPglite(client, 'in-memory embedded database'), client };
}

function wrapPglite(client: PGlite, where: string): Database {
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: 'embedded',
    where,
    async ping() {
      if (client.closed) throw new DatabaseError('the embedded database is closed');
      await client.query('select 1');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

export async function openServer(
  url: string,
  options: { connectTimeoutMs?: number; onConnectionLost?: (error: Error) => void } = {},
): Promise<Database & { pool: pg.Pool }> {
  const where = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    max: 10,
  });
  // An idle client that loses its server must not crash the process; the pool replaces it, the next query reports.
  pool.on('error', (error) => options.onConnectionLost?.(error));
  try {
    const c = await pool.connect();
    c.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new DatabaseError(
      `cannot reach the database at ${where} (${code}): start PostgreSQL or correct DATABASE_URL (unset it to use the embedded database).`,
      { cause: error },
    );
  }
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    kind: 'server',
    where,
    pool,
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}
