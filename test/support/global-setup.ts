/**
 * Before the suite runs. Tests run the real `talkwatch` command, which runs the compiled code in dist/: sources
 * changed since the last build are compiled first. And creating a PGlite database costs seconds and hundreds of
 * MB, so the suite creates one, migrates it, and saves a snapshot; every test database is loaded from it in well
 * under a second. The snapshot is reused across runs while the migrations are unchanged, and so is a data
 * directory made from it for the tests that run the binary.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { embeddedDir, openEmbedded, openMemory } from '../../db/connect.ts';
import { migrate, migrationsFolder } from '../../db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    /** a migrated embedded data directory that tests starting `talkwatch` copy instead of creating their own */
    dataDirTemplate: string;
  }
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

export default async function setup(project: TestProject): Promise<void> {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
  const file = path.join(tmpdir(), `talkwatch-test-pglite-${migrationsHash()}.tar`);
  if (!existsSync(file)) {
    const database = await openMemory();
    await migrate(database);
    const dump = await database.client.dumpDataDir('none');
    await database.close();
    const scratch = `${file}.${process.pid}`;
    writeFileSync(scratch, Buffer.from(await dump.arrayBuffer()));
    renameSync(scratch, file);
  }
  project.provide('pgliteSnapshot', file);

  // The binary's own data directory, made once from the snapshot: each `talkwatch start` in a test would otherwise
  // pay for initdb (5-7 s idle, far more on a busy machine).
  const template = path.join(tmpdir(), `talkwatch-test-datadir-${migrationsHash()}`);
  if (!existsSync(embeddedDir(template))) {
    const scratch = `${template}.${process.pid}`;
    const database = await openEmbedded(scratch, { loadDataDir: new Blob([readFileSync(file)]) });
    await database.close();
    rmSync(template, { recursive: true, force: true });
    renameSync(scratch, template);
  }
  project.provide('dataDirTemplate', template);
}
