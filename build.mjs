#!/usr/bin/env node
/**
 * Compile talkwatch to JavaScript in dist/, which bin/talkwatch.mjs runs: a command starts in a fraction of a
 * second instead of compiling TypeScript each time. `npm install` and `npm ci` run this (the `prepare` script);
 * `node build.mjs --if-stale` builds only when a source is newer than the build (the test suite does that).
 * Type errors are `npm run typecheck`'s business; this only emits. The files read at run time (migrations,
 * the default feeds, the version) are copied beside the code that reads them, and the embedded database a new
 * data directory starts from is made (db/migrate.ts). A build is made in a scratch directory and moved into
 * place, so a command never sees half of one.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const stamp = `${root}dist/package.json`;

/** Whether dist/ holds a build at least as new as every source file. */
export function isBuilt() {
  if (!existsSync(stamp)) return false;
  let newest = Math.max(statSync(`${root}package.json`).mtimeMs, statSync(`${root}tsconfig.build.json`).mtimeMs);
  for (const dir of ['bots', 'core', 'feeds', 'db']) {
    for (const entry of readdirSync(`${root}${dir}`, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
    }
  }
  return statSync(stamp).mtimeMs >= newest;
}

export function build() {
  const scratch = `${root}dist.build-${process.pid}`;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  rmSync(scratch, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`, '--outDir', scratch], { stdio: 'inherit' });
    cpSync(`${root}db/migrations`, `${scratch}/db/migrations`, { recursive: true });
    cpSync(`${root}feeds/default-feeds.yaml`, `${scratch}/feeds/default-feeds.yaml`);
    // The migrated empty database a new embedded data directory is copied from (a new process: it needs
    // hundreds of MB once, and they are given back when it ends).
    execFileSync(process.execPath, ['--input-type=module', '-e', 'await (await import(process.env.TEMPLATE_MODULE)).makeEmbeddedTemplate()'], {
      stdio: 'inherit',
      env: { ...process.env, TEMPLATE_MODULE: pathToFileURL(`${scratch}/db/migrate.js`).href },
    });
    const { name, version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    // Written last: its time says when the build was made.
    writeFileSync(`${scratch}/package.json`, `${JSON.stringify({ name, version, type: 'module', private: true }, null, 2)}\n`);
    rmSync(`${root}dist`, { recursive: true, force: true });
    renameSync(scratch, `${root}dist`);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`talkwatch build failed: ${error.message}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    if (!(process.argv.includes('--if-stale') && isBuilt())) build();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
