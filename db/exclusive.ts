import { sql } from 'drizzle-orm';
import type { Db } from './connect.ts';

export function lockKey(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/**
 * Run fn in a transaction that holds a named advisory lock, so only one replica does this work at a time; the
 * others get null and skip it (the holder does it for them).
 */
export async function exclusive<T>(db: Db, name: string, fn: (tx: Db) => Promise<T>): Promise<T | null> {
  return db.transaction(async (tx) => {
    const result = (await tx.execute(sql`select pg_try_advisory_xact_lock(${lockKey(name)}) as got`)) as unknown as { rows: Array<{ got: boolean }> };
    if (!result.rows[0]?.got) return null;
    return fn(tx as unknown as Db);
  });
}
