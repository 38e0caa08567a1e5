import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.ts';

const eslint = new ESLint({ cwd: repoRoot });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the dependency rule', () => {
  it.each([
    ['core/x.ts', "import { feeds } from '../db/schema.ts';"],
    ['core/x.ts', "import { main } from '../bots/cli.ts';"],
    ['core/x.ts', "import Parser from 'rss-parser';"],
    ['core/x.ts', "import pg from 'pg';"],
    ['core/x.ts', "import { drizzle } from 'drizzle-orm/pglite';"],
    ['core/x.ts', "import { Client } from 'discord.js';"],
    ['core/x.ts', "import { App } from '@slack/bolt';"],
    ['core/x.ts', "import { request } from 'node:https';"],
    ['core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['feeds/x.ts', "import { feeds } from '../db/schema.ts';"],
    ['db/x.ts', "import Parser from 'rss-parser';"],
    ['bots/slack/x.ts', "import { render } from '../discord/render.ts';"],
    ['bots/discord/x.ts', "import { App } from '@slack/bolt';"],
    ['bots/slack/x.ts', "import { StartupError } from '../app.ts';"],
    ['bots/discord/x.ts', "import { createApp } from '../app.ts';"],
  ])('refuses in %s: %s', async (file, code) => {
    const found = await problems(file, `${code}\nexport const used = 1;\n`);
    expect(found.some((p) => p.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('refuses the wall clock in core', async () => {
    const found = await problems('core/x.ts', 'export const t = Date.now();\nexport const d = new Date();\n');
    expect(found.filter((p) => p.startsWith('no-restricted-syntax'))).toHaveLength(2);
  });

  it('lets core import core and lets bots import anything', async () => {
    expect(await problems('core/x.ts', "import type { Clock } from './clock.ts';\nexport type C = Clock;\n")).toEqual([]);
    expect(await problems('bots/x.ts', "import pg from 'pg';\nimport { feeds } from '../db/schema.ts';\nexport const u = [pg, feeds];\n")).toEqual([]);
  });
});
