// Lint, including the design's dependency rule: which folder may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const driversAndSdks = [
  'pg', 'pg-*', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*', 'discord.js', '@discordjs/*', '@slack/*',
  'rss-parser', 'node-cron', 'undici', 'pino', 'ws',
];
const nodeIo = ['fs', 'fs/*', 'http', 'https', 'net', 'dns', 'dgram', 'tls', 'child_process', 'worker_threads', 'cluster']
  .flatMap((m) => [m, `node:${m}`]);

const layer = (forbidden, message, ...more) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }, ...more] }],
});
// A chat platform's folder builds on core's ports and the front-end kit, never on the composition root.
const noRoot = { group: ['**/bots/app.ts', '../app.ts', '**/bots/service.ts', '../service.ts'], message: 'front ends take what they need from core/ports.ts and bots/frontends/kit.ts, not the composition root.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'db/migrations/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      ...layer(['**/bots/**', '**/feeds/**', '**/db/**', ...driversAndSdks, ...nodeIo],
        'core/ stays pure: no adapters, drivers, chat SDKs, network or files (see docs: layout and the dependency rule).'),
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core/ reads time through a Clock.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core/ reads time through a Clock.' },
        { selector: "MemberExpression[object.name='process']", message: 'core/ gets configuration passed in, not from process.' },
      ],
    },
  },
  {
    files: ['feeds/**/*.ts'],
    rules: layer(['**/bots/**', '**/db/**', 'discord.js', '@slack/*', 'pg', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*'],
      'feeds/ may import core/, rss-parser and HTTP only.'),
  },
  {
    files: ['db/**/*.ts'],
    rules: layer(['**/bots/**', '**/feeds/**', 'discord.js', '@slack/*', 'rss-parser'],
      'db/ may import core/, drizzle and the drivers only.'),
  },
  {
    files: ['bots/slack/**/*.ts'],
    rules: layer(['**/discord/**', 'discord.js', '@discordjs/*'], 'bots/slack and bots/discord never import each other.', noRoot),
  },
  {
    files: ['bots/discord/**/*.ts'],
    rules: layer(['**/slack/**', '@slack/*'], 'bots/slack and bots/discord never import each other.', noRoot),
  },
);
