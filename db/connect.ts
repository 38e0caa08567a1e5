/**
 * Driver choice: embedded PGlite in a data directory by default, a PostgreSQL server when DATABASE_URL is set.
 * Both are driven through the same drizzle schema and the same store code.
 */
import { constants, cpSync, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';
import { DatabaseError } from './errors.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'server';
  /** Human description for logs and errors: never includes a password. */
  where: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export { DatabaseError };

/**
 * postgres://user:secret@host/db?sslmode=require&password=secret -> postgres://user@host/db?sslmode=require: the
 * password goes, in either place, and so does any parameter named like a secret (sslpassword, a key's passphrase).
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    for (const name of [...u.searchParams.keys()]) if (/pass|secret|token|key/i.test(name)) u.searchParams.delete(name);
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function embeddedDir(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

/**
 * PGlite's settings. It is PostgreSQL compiled to WebAssembly, whose memory only ever grows, so what PostgreSQL
 * may take for caches stays small: files are cached by the operating system anyway. With the stock 128 MB of
 * shared buffers a large poll cycle leaves the process hundreds of MB larger for good.
 */
export const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'temp_buffers=2MB', 'work_mem=2MB', 'maintenance_work_mem=16MB', 'wal_buffers=1MB'];

function embedded(dir?: string, options: { loadDataDir?: Blob } = {}): PGlite {
  const startParams = [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((s) => ['-c', s])];
  return dir ? new PGlite(dir, { ...options, startParams }) : new PGlite({ ...options, startParams });
}

/**
 * A migrated, empty embedded database that the build makes once (see build.mjs): a new data directory starts
 * as a copy of it, in a fraction of the seconds that creating a database takes. Absent when run from the
 * TypeScript sources; then the database is created.
 */
export const EMBEDDED_TEMPLATE = fileURLToPath(new URL('./pgdata-template', import.meta.url));

/**
 * Open the embedded database. A brand-new one is made in a scratch directory (copied from the template, or
 * created) and renamed into place, so an interrupted first start never leaves a half-made database behind.
 */
/**
 * `template`: a data directory to copy for a new database (default the build's); `loadDataDir`: a dump to load
 * instead (tests).
 */
export async function openEmbedded(dataDir: string, options: { template?: string | null; loadDataDir?: Blob } = {}): Promise<Database> {
  const dir = embeddedDir(dataDir);
  if (!existsSync(dir)) {
    await mkdir(dataDir, { recursive: true });
    const scratch = `${dir}.init-${process.pid}`;
    await rm(scratch, { recursive: true, force: true });
    const template = options.template === undefined ? EMBEDDED_TEMPLATE : options.template;
    try {
      if (options.loadDataDir) {
        const loaded = embedded(scratch, { loadDataDir: options.loadDataDir });
        await loaded.waitReady;
        await loaded.close();
      } else if (template && existsSync(template)) {
        // A copy-on-write clone where the file system offers one, a plain copy otherwise.
        cpSync(template, scratch, { recursive: true, mode: constants.COPYFILE_FICLONE });
      } else {
        const fresh = embedded(scratch);
        await fresh.waitReady;
        await fresh.close();
      }
      await rename(scratch, dir);
    } catch (error) {
      await rm(scratch, { recursive: true, force: true });
      throw error;
    }
  }
  const client = embedded(dir);
  await client.waitReady;
  return wrapPglite(client, `embedded database in ${dir}`);
}

/** An in-memory PGlite, optionally loaded from a dump: what tests use. */
export async function openMemory(loadDataDir?: Blob): Promise<Database & { client: PGlite }> {
  const client = embedded(undefined, loadDataDir ? { loadDataDir } : {});
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
  // A client that loses its server must not crash the process, idle or checked out (a transaction, a held lock):
  // pg emits 'error' on it, and the pool listens only while it is idle. Each client's own listener reports the
  // loss once; the work it was doing fails, and the pool replaces the client.
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionLost?.(error)));
  pool.on('error', () => {});
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
