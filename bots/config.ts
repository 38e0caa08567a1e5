/**
 * Environment and optional YAML config, validated once at start-up. A bad value stops start-up with one line that
 * names the variable, the value and the fix. The result is passed down; nothing reads process.env elsewhere.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isTimeZone } from '../core/commands/grammar.ts';
import { DEFAULT_LIMITS, type TenantLimits } from '../core/tenants.ts';
import { ConfigError } from './errors.ts';
import { DEFAULT_DATA_DIR } from './locate.ts';
import { redactText, SECRET_VAR, secretValues } from './redact.ts';

export { ConfigError };

const flag = (name: string, byDefault = false) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? '').trim().toLowerCase();
      if (s === '') return byDefault;
      if (['0', 'false', 'no', 'off'].includes(s)) return false;
      if (['1', 'true', 'yes', 'on'].includes(s)) return true;
      ctx.addIssue({ code: 'custom', message: `use 1 or true to turn ${name} on, 0 or false for off (unset means ${byDefault ? 'on' : 'off'})` });
      return z.NEVER;
    });

const httpUrl = (example: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
      message: `use an http(s) URL, e.g. ${example}`,
    });

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || (/^postgres(ql)?:\/\/\S+$/.test(v) && URL.canParse(v)), {
      message:
        'use a URL like postgres://user:password@host:5432/dbname (with @, /, : or % in the password written as %40, %2F, %3A, %25), or unset it for the embedded database',
    }),
  TALKWATCH_DATA_DIR: z.string().min(1, `name a directory, or unset it to use ${DEFAULT_DATA_DIR}`).default(DEFAULT_DATA_DIR),
  TALKWATCH_CONFIG: z.string().optional(),
  TALKWATCH_ALLOW_PRIVATE_FEEDS: flag('TALKWATCH_ALLOW_PRIVATE_FEEDS'),
  TALKWATCH_DEFAULT_FEEDS: flag('TALKWATCH_DEFAULT_FEEDS', true),
  SLACK_BOT_TOKEN: z
    .string()
    .optional()
    .refine((v) => !v || v.startsWith('xoxb-'), { message: 'a Slack bot token starts with xoxb- (OAuth & Permissions page)' }),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z
    .string()
    .optional()
    .refine((v) => !v || v.startsWith('xapp-'), { message: 'a Slack app-level token starts with xapp- (Basic Information page)' }),
  SLACK_API_URL: httpUrl('https://slack.com/api/'),
  SLACK_CLIENT_ID: z.string().optional(),
  SLACK_CLIENT_SECRET: z.string().optional(),
  SLACK_STATE_SECRET: z.string().optional(),
  // where Slack's OAuth pages live (tests point it at a fake); Bolt's default is https://slack.com/oauth/v2/authorize
  SLACK_AUTHORIZE_URL: httpUrl('https://slack.com/oauth/v2/authorize'),
  TALKWATCH_PUBLIC_URL: httpUrl('https://talkwatch.example.com'),
  TALKWATCH_DASHBOARD_KEY: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 32, { message: 'use at least 32 characters, e.g. the output of: openssl rand -base64 32' }),
  TALKWATCH_SECRET_KEY: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 32, { message: 'use at least 32 characters, e.g. the output of: openssl rand -base64 32' }),
  DISCORD_TOKEN: z.string().optional(),
  DISCORD_APPLICATION_ID: z
    .string()
    .optional()
    .refine((v) => !v || /^\d{15,22}$/.test(v), { message: 'a Discord application id is a number of 15 to 22 digits (General Information page)' }),
  DISCORD_API_URL: httpUrl('https://discord.com/api'),
  TALKWATCH_RETENTION_DAYS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return DEFAULT_RETENTION_DAYS;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 8 || n > 36_500) {
        ctx.addIssue({ code: 'custom', message: `use a whole number of days from 8 to 36500 (default ${DEFAULT_RETENTION_DAYS})` });
        return z.NEVER;
      }
      return n;
    }),
  PORT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return 3000;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        ctx.addIssue({ code: 'custom', message: 'use a whole number from 0 to 65535 (0 picks a free port)' });
        return z.NEVER;
      }
      return n;
    }),
  HOST: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.trim() === '' || /^\[?[A-Za-z0-9.:_%-]+\]?$/.test(v.trim()), {
      message: 'use an address of this machine to listen on, such as 127.0.0.1, ::1, 0.0.0.0 or ::, or unset it for all interfaces',
    }),
  TALKWATCH_FAST_CLOCK: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return null;
      const [simulated, realAt, speed, ...rest] = v.split(',').map((p) => p.trim());
      const fast = { simulated: new Date(simulated ?? ''), realAt: new Date(realAt ?? ''), speed: Number(speed) };
      if (rest.length || Number.isNaN(fast.simulated.getTime()) || Number.isNaN(fast.realAt.getTime()) || !(fast.speed >= 1 && fast.speed <= 100_000)) {
        ctx.addIssue({ code: 'custom', message: 'use SIMULATED,REAL,SPEED, e.g. 2026-04-06T00:00:00Z,2026-11-30T12:00:00Z,1440 (for tests only; unset it to run on real time)' });
        return z.NEVER;
      }
      return fast;
    }),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'use one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

/** How long stories and items are kept by default (TALKWATCH_RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 90;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM on a 24-hour clock, e.g. 09:00');

/** The optional YAML file named by TALKWATCH_CONFIG. Unknown keys are errors, so a typo never passes silently. */
export const fileSchema = z.strictObject({
  topic: z.string().min(1).optional(),
  rules: z.string().min(1).optional(),
  digest: z
    .strictObject({
      time: hhmm.optional(),
      timezone: z
        .string()
        .refine((zone) => isTimeZone(zone), 'use an IANA timezone name such as UTC, Asia/Karachi or America/New_York')
        .optional(),
    })
    .optional(),
  slack: z.strictObject({ admins: z.array(z.string().min(1)).default([]) }).optional(),
  operators: z
    .strictObject({
      slack: z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id, e.g. U012AB3CD')).default([]),
      discord: z.array(z.string().regex(/^\d{15,22}$/, 'a Discord user id is a number')).default([]),
    })
    .optional(),
  limits: z
    .strictObject({
      feeds: z.number().int().min(0).max(10_000).optional(),
      subscriptions: z.number().int().min(0).max(100_000).optional(),
      digestNowMinutes: z.number().int().min(0).max(24 * 60).optional(),
    })
    .optional(),
  discord: z.strictObject({ guilds: z.array(z.string().regex(/^\d{15,22}$/, 'a guild id is a number')).default([]) }).optional(),
});
export type FileConfig = z.infer<typeof fileSchema>;

export interface Config {
  databaseUrl: string | null;
  dataDir: string;
  configFile: string | null;
  allowPrivateFeeds: boolean;
  /** add the shipped default feeds to a new database on first start */
  defaultFeeds: boolean;
  port: number;
  /** the address the public HTTP endpoints listen on; null: every interface */
  host: string | null;
  logLevel: string;
  /** stories quiet this many days go, with their items; their counts stay (TALKWATCH_RETENTION_DAYS) */
  retentionDays: number;
  /** tests only: run the calendar fast (TALKWATCH_FAST_CLOCK); null is real time */
  fastClock: { simulated: Date; realAt: Date; speed: number } | null;
  /**
   * One workspace with SLACK_BOT_TOKEN, or many with OAuth (SLACK_CLIENT_ID/SECRET, SLACK_STATE_SECRET): then each
   * installation's token is kept in the database, sealed with TALKWATCH_SECRET_KEY.
   */
  slack: {
    botToken: string | null;
    signingSecret: string | null;
    appToken: string | null;
    apiUrl: string | null;
    admins: string[];
    /** Slack user ids that may manage the shared feeds */
    operators: string[];
    oauth: { clientId: string; clientSecret: string; stateSecret: string; secretKey: string; authorizeUrl: string | null } | null;
  } | null;
  discord: { token: string; applicationId: string; apiUrl: string | null; guilds: string[]; operators: string[] } | null;
  /** chat users who run the service: they manage the shared feeds from chat */
  operators: { slack: string[]; discord: string[] };
  limits: TenantLimits;
  /**
   * Status page links: the address they start with (TALKWATCH_PUBLIC_URL, else this machine's port), and the key
   * that signs them (TALKWATCH_DASHBOARD_KEY, else one derived from TALKWATCH_SECRET_KEY, else one kept in the
   * database: null here).
   */
  dashboard: { publicUrl: string | null; baseUrl: string; key: string | null; keyFrom: 'TALKWATCH_DASHBOARD_KEY' | 'TALKWATCH_SECRET_KEY' | 'database' };
  file: FileConfig;
  /** a variable of the environment the config was read from: how a chat platform's folder reads its own settings */
  variable(name: string): string | undefined;
  /** the environment's secret values, for the logger to blank wherever they appear */
  secrets: string[];
}

/** A variable's value for an error line: a secret's never, only a token's public kind (xoxb-); URLs without their password. */
function shown(name: string, value: unknown): string {
  if (value === undefined) return '(unset)';
  const s = String(value);
  if (SECRET_VAR.test(name)) {
    const kind = /^[a-z]{3,4}-/.exec(s)?.[0];
    return kind ? `${kind}…(hidden)` : '(hidden)';
  }
  return JSON.stringify(redactText(s));
}

/** The secret values of the environment, for output written before (or without) a valid config. */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return secretValues(env);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(`${name}=${shown(name, env[name])} is not valid: ${issue.message}.`);
  }
  const e = parsed.data;
  const file = e.TALKWATCH_CONFIG ? readConfigFile(path.resolve(cwd, e.TALKWATCH_CONFIG), e.TALKWATCH_CONFIG) : {};

  let slack: Config['slack'] = null;
  const oauthVars = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  if (oauthVars.some(Boolean) && !oauthVars.every(Boolean)) {
    throw new ConfigError('Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together (the first two from the app\'s Basic Information page; the state secret is any long random string): set all three, or none.');
  }
  const oauth = e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET;
  if (oauth) {
    if (!e.TALKWATCH_SECRET_KEY) {
      throw new ConfigError('Slack OAuth stores each workspace\'s token in the database, sealed with TALKWATCH_SECRET_KEY: set it to a random string of at least 32 characters (openssl rand -base64 32), and keep it.');
    }
    if (!e.SLACK_SIGNING_SECRET) {
      throw new ConfigError('Slack OAuth needs SLACK_SIGNING_SECRET too: copy it from the app\'s Basic Information page.');
    }
    if (e.SLACK_APP_TOKEN) {
      throw new ConfigError('SLACK_APP_TOKEN (Socket Mode) serves the one workspace that owns the app; a distributed app answers over HTTP: unset SLACK_APP_TOKEN, or the OAuth variables.');
    }
    if (e.SLACK_BOT_TOKEN) {
      throw new ConfigError("SLACK_BOT_TOKEN serves one workspace; with the OAuth variables each workspace's own token comes from its installation: unset SLACK_BOT_TOKEN, or the OAuth variables.");
    }
  }
  if (e.SLACK_BOT_TOKEN || oauth) {
    if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
      throw new ConfigError(
        'SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is not: copy the signing secret from your Slack app\'s Basic Information page, or set SLACK_APP_TOKEN for Socket Mode.',
      );
    }
    slack = {
      botToken: e.SLACK_BOT_TOKEN ?? null,
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      appToken: e.SLACK_APP_TOKEN ?? null,
      apiUrl: e.SLACK_API_URL ?? null,
      admins: file.slack?.admins ?? [],
      operators: file.operators?.slack ?? [],
      oauth: oauth
        ? { clientId: e.SLACK_CLIENT_ID!, clientSecret: e.SLACK_CLIENT_SECRET!, stateSecret: e.SLACK_STATE_SECRET!, secretKey: e.TALKWATCH_SECRET_KEY!, authorizeUrl: e.SLACK_AUTHORIZE_URL ?? null }
        : null,
    };
  } else if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_BOT_TOKEN is not set: Slack needs the bot token (xoxb-...) as well, or the OAuth variables for a distributed app; set it, or unset the other SLACK_ variables.');
  }

  let discord: Config['discord'] = null;
  if (e.DISCORD_TOKEN) {
    if (!e.DISCORD_APPLICATION_ID) {
      throw new ConfigError('DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: copy the application id from the Discord developer portal (General Information).');
    }
    discord = {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL ?? null,
      guilds: file.discord?.guilds ?? [],
      operators: file.operators?.discord ?? [],
    };
  } else if (e.DISCORD_APPLICATION_ID) {
    throw new ConfigError('DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not: set the bot token from the Bot page, or unset DISCORD_APPLICATION_ID.');
  }

  return {
    databaseUrl: e.DATABASE_URL ? e.DATABASE_URL : null,
    dataDir: path.resolve(cwd, e.TALKWATCH_DATA_DIR),
    configFile: e.TALKWATCH_CONFIG ? path.resolve(cwd, e.TALKWATCH_CONFIG) : null,
    allowPrivateFeeds: e.TALKWATCH_ALLOW_PRIVATE_FEEDS,
    defaultFeeds: e.TALKWATCH_DEFAULT_FEEDS,
    port: e.PORT,
    host: e.HOST?.trim() ? e.HOST.trim().replace(/^\[|\]$/g, '') : null,
    logLevel: e.LOG_LEVEL,
    fastClock: e.TALKWATCH_FAST_CLOCK,
    retentionDays: e.TALKWATCH_RETENTION_DAYS,
    slack,
    discord,
    operators: { slack: file.operators?.slack ?? [], discord: file.operators?.discord ?? [] },
    limits: { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(file.limits ?? {}).filter(([, v]) => v !== undefined)) },
    dashboard: {
      publicUrl: e.TALKWATCH_PUBLIC_URL ? e.TALKWATCH_PUBLIC_URL.replace(/\/+$/, '') : null,
      baseUrl: e.TALKWATCH_PUBLIC_URL ? e.TALKWATCH_PUBLIC_URL.replace(/\/+$/, '') : `http://${localName(e.HOST)}:${e.PORT}`,
      key: e.TALKWATCH_DASHBOARD_KEY ?? e.TALKWATCH_SECRET_KEY ?? null,
      keyFrom: e.TALKWATCH_DASHBOARD_KEY ? 'TALKWATCH_DASHBOARD_KEY' : e.TALKWATCH_SECRET_KEY ? 'TALKWATCH_SECRET_KEY' : 'database',
    },
    file,
    variable: (name) => env[name],
    secrets: secretValues(env),
  };
}

/** How this machine's own links name it: the HOST it listens on, or 127.0.0.1 when it listens everywhere. */
function localName(host: string | undefined): string {
  const h = host?.trim().replace(/^\[|\]$/g, '');
  if (!h || h === '0.0.0.0' || h === '::') return '127.0.0.1';
  return h.includes(':') ? `[${h}]` : h;
}

function readConfigFile(absolute: string, given: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`TALKWATCH_CONFIG=${JSON.stringify(given)} cannot be read (${code}): point it at a YAML file, or unset it.`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    throw new ConfigError(`config file ${given} is not valid YAML (${first}): fix the file, or unset TALKWATCH_CONFIG.`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'top level';
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new ConfigError(`config file ${given}: ${where}: ${issue.message}${keys}. Fix the file, or unset TALKWATCH_CONFIG.`);
  }
  return parsed.data;
}
