#!/usr/bin/env node
// The talkwatch command. It runs the JavaScript that `npm install` compiled into dist/ (see build.mjs). In a
// checkout whose sources changed since that build, it runs the TypeScript sources through tsx instead, so what
// runs is always what is there; `npm run build` makes it fast again.
import { isBuilt } from '../build.mjs';

let main;
if (isBuilt()) {
  ({ main } = await import('../dist/bots/cli.js'));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('talkwatch: it is not built (dist/ is missing or older than the sources): run npm run build, or npm install.\n');
    process.exit(1);
  }
  register();
  ({ main } = await import('../bots/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
