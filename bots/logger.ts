/**
 * The service's logger: JSON lines on stderr (readable lines, with pino's own pretty printer, when a person reads a
 * terminal), each bounded and with secrets blanked, whatever is logged. A
 * database error can carry a 60 kB statement with its parameters, and a client library's error its request
 * headers; neither may reach a log line whole.
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import { isSecretField, REDACTED, redactText } from './redact.ts';

export type { Logger };

export const LOG_LIMITS = {
  /** characters of a string value (a stack keeps more) */
  string: 1_000,
  stack: 3_000,
  /** fields of an object, items of an array, levels of nesting */
  fields: 40,
  items: 20,
  depth: 6,
  /** characters of a whole line: a longer one is replaced by a note and its start */
  line: 16_384,
};

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length - max} more characters)`;
}

/** An error as plain fields: its kind, message, code, stack and own fields (a cause included). */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name || error.constructor?.name, message: error.message };
  for (const [key, value] of Object.entries(error)) fields[key] = value;
  if (error.stack) fields.stack = error.stack;
  if (error.cause !== undefined) fields.cause = error.cause;
  return fields;
}

/** A copy of a logged value that is bounded in size and nesting, with secret fields and values blanked. */
export function bound(value: unknown, secrets: readonly string[], depth = 0, key = '', seen = new WeakSet<object>()): unknown {
  if (key && isSecretField(key) && value !== null && value !== undefined && value !== '') return REDACTED;
  if (typeof value === 'string') return cut(redactText(value, secrets), key === 'stack' ? LOG_LIMITS.stack : LOG_LIMITS.string);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
  if (seen.has(value)) return '[circular]';
  if (depth >= LOG_LIMITS.depth) return '[nested too deep]';
  seen.add(value);
  if (Array.isArray(value)) {
    const items = value.slice(0, LOG_LIMITS.items).map((v) => bound(v, secrets, depth + 1, '', seen));
    if (value.length > LOG_LIMITS.items) items.push(`…(${value.length - LOG_LIMITS.items} more items)`);
    return items;
  }
  const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(source)) {
    if (n++ === LOG_LIMITS.fields) {
      out['…'] = `${Object.keys(source).length - LOG_LIMITS.fields} more fields`;
      break;
    }
    out[k] = bound(v, secrets, depth + 1, k, seen);
  }
  return out;
}

/** The last net: a line still too long (many fields of long values) becomes a note and its start. */
function boundLine(line: string, secrets: readonly string[]): string {
  const clean = redactText(line, secrets);
  if (clean.length <= LOG_LIMITS.line) return clean;
  const level = Number(/"level":(\d+)/.exec(clean)?.[1] ?? 50);
  const note = { level, time: Date.now(), pid: process.pid, name: 'talkwatch', msg: `a log line of ${clean.length} characters was cut`, start: clean.slice(0, 4_000) };
  return `${JSON.stringify(note)}\n`;
}

export interface LogOptions {
  /** readable lines instead of JSON; by default when standard error is a terminal (a person is reading) */
  pretty?: boolean;
}

/**
 * `secrets` are values to blank wherever they appear (config.ts `secretValues`); field names and URL passwords
 * are blanked without being told.
 */
export function createLogger(level: string, destination?: DestinationStream, secrets: readonly string[] = [], options: LogOptions = {}): Logger {
  const pretty = options.pretty ?? (destination === undefined && process.stderr.isTTY === true);
  const stream = pretty ? prettyStream(destination) : (destination ?? pino.destination({ dest: 2, sync: true }));
  return pino(
    {
      name: 'talkwatch',
      level,
      base: { pid: process.pid },
      formatters: { log: (object) => bound(object, secrets) as Record<string, unknown> },
      // bound() has already turned errors into bounded fields; pino's own error serializer would undo that
      serializers: { err: (value: unknown) => value, msg: (value: unknown) => (typeof value === 'string' ? cut(redactText(value, secrets), LOG_LIMITS.string) : value) },
      hooks: { streamWrite: (line) => boundLine(line, secrets) },
    },
    stream,
  );
}

function prettyStream(destination?: DestinationStream): DestinationStream {
  // loaded only for a terminal: a service writing JSON never pays for it
  const pretty = createRequire(import.meta.url)('pino-pretty') as (options: PrettyOptions) => DestinationStream;
  return pretty({
    destination: destination ?? 2,
    sync: true,
    colorize: destination === undefined,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
  });
}
