/**
 * `npm run bench`: every benchmark in this folder, one after another, so they don't compete for the cores.
 * `npm run bench -- startup` runs the ones whose file name contains "startup".
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(1);
}
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const bench = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<void> };
  await bench.default();
}
