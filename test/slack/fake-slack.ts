/**
 * A fake Slack on 127.0.0.1 for the real Bolt to talk to: the Web API (`/api/<method>`, form or JSON bodies), the
 * response_url of slash commands (`/respond/<id>`), and Socket Mode (apps.connections.open, then a WebSocket at
 * `/socket`). It records every request exactly as received; tests script answers per method.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackFiles } from './fake-slack-files.ts';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Call {
  method: string;
  /** the body exactly as it arrived */
  raw: string;
  contentType: string;
  authorization: string;
  params: Record<string, string>;
  /** performance.now() when the request arrived */
  at: number;
  status: number;
}

/** A Block Kit block as Slack received it; tests check the parts they care about. */
export interface SentBlock {
  type: string;
  text?: { type: string; text: string; emoji?: boolean; verbatim?: boolean };
  fields?: Array<{ type: string; text: string; verbatim?: boolean }>;
  elements?: Array<{ type: string; text: string; verbatim?: boolean }>;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** chat.postMessage: Slack takes the message (it shows in history) although this answer says otherwise */
  accept?: boolean;
  /** close the connection without answering, as a crash or a network cut would */
  hangUp?: boolean;
  /** answer only after this long */
  delayMs?: number;
}

/** A message as Slack keeps it: what conversations.history returns. */
export interface StoredMessage {
  ts: string;
  text: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface PostHooks {
  received?: (channel: string) => void;
  answered?: (channel: string) => void;
}

/** The scopes a workspace granted the app, as Slack reports them in x-oauth-scopes. */
export const ALL_SCOPES = ['commands', 'chat:write', 'users:read', 'channels:history', 'groups:history', 'files:write'];

export interface SlackUser {
  id: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  deleted?: boolean;
}

export interface Envelope {
  envelopeId: string;
  sentAt: number;
  ack: Promise<{ payload: Record<string, unknown>; at: number }>;
}

export interface FakeSlack {
  apiUrl: string;
  port: number;
  calls: Call[];
  /** messages Slack accepted, per channel, oldest first */
  messages: Map<string, StoredMessage[]>;
  /** files uploaded through files.getUploadURLExternal, the upload URL and files.completeUploadExternal */
  files: FakeSlackFiles;
  /** what x-oauth-scopes says on every answer; conversations.history needs the history scopes */
  scopes: string[];
  /** called when a chat.postMessage arrives (before it is answered) and once its answer is written */
  hooks: PostHooks;
  /** bodies POSTed to response_url, parsed */
  responses: Array<{ id: string; body: Record<string, unknown>; at: number }>;
  users: Map<string, SlackUser>;
  /** the next answers for a method, in order; afterwards the default answer */
  script(method: string, ...answers: Answer[]): void;
  /** hold every call to a method unanswered until the returned function is called */
  hold(method: string): () => void;
  responseUrl(id: string): string;
  callsTo(method: string): Call[];
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Socket Mode: push an envelope to the connected app */
  sendEnvelope(type: string, payload: Record<string, unknown>): Envelope;
  connected(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: Call[] = [];
  const responses: FakeSlack['responses'] = [];
  const scripts = new Map<string, Answer[]>();
  const holds = new Map<string, Promise<void>>();
  const users = new Map<string, SlackUser>();
  let port = 0;
  let socket: WebSocket | null = null;
  let onConnect: Array<() => void> = [];
  const acks = new Map<string, (ack: { payload: Record<string, unknown>; at: number }) => void>();
  let envelopes = 0;

  const messages = new Map<string, StoredMessage[]>();
  const files = new FakeSlackFiles(() => `http://127.0.0.1:${port}`);
  const hooks: PostHooks = {};
  const scopes = { granted: [...ALL_SCOPES] };
  let lastTs = 0;
  /** Slack's ts: seconds with microseconds, unique and increasing within the workspace */
  const nextTs = () => {
    lastTs = Math.max(lastTs + 1, Date.now() * 1000);
    return (lastTs / 1e6).toFixed(6);
  };
  const store = (params: Record<string, string>): StoredMessage => {
    const message: StoredMessage = { ts: nextTs(), text: params.text ?? '' };
    if (params.metadata) message.metadata = JSON.parse(params.metadata) as StoredMessage['metadata'];
    messages.set(params.channel ?? '', [...(messages.get(params.channel ?? '') ?? []), message]);
    return message;
  };

  const history = (params: Record<string, string>): Answer => {
    const missing = ['channels:history', 'groups:history'].filter((s) => !scopes.granted.includes(s));
    if (missing.length) return { body: { ok: false, error: 'missing_scope', needed: missing.join(','), provided: scopes.granted.join(',') } };
    const oldest = Number(params.oldest ?? 0);
    const latest = params.latest ? Number(params.latest) : Infinity;
    const all = (messages.get(params.channel ?? '') ?? []).filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest).reverse();
    const start = Number(params.cursor ?? 0);
    const limit = Math.min(Number(params.limit ?? 100), 999);
    const page = all.slice(start, start + limit).map((m) => (params.include_all_metadata === 'true' ? m : { ts: m.ts, text: m.text }));
    const more = start + limit < all.length;
    return { body: { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } } };
  };

  const defaults = (method: string, params: Record<string, string>, authorization: string): Answer => {
    switch (method) {
      case 'auth.test': {
        // a workspace's own token (from oauth.v2.access below) answers for that workspace
        const team = /^Bearer xoxb-(T\w+)$/.exec(authorization)?.[1] ?? 'T0FAKE';
        return { body: { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'talkwatch', team_id: team, user_id: 'UBOT', bot_id: 'BBOT' } };
      }
      case 'oauth.v2.access': {
        // the code names the workspace that installs: code-T123 installs T123, with bot token xoxb-T123
        const team = /^code-(T\w+)$/.exec(params.code ?? '')?.[1];
        if (!team) return { body: { ok: false, error: 'invalid_code' } };
        return {
          body: {
            ok: true, app_id: 'A0FAKE', authed_user: { id: 'U0INSTALLER' }, scope: ALL_SCOPES.join(','), token_type: 'bot',
            access_token: `xoxb-${team}`, bot_user_id: 'UBOT', team: { id: team, name: `Team ${team}` }, enterprise: null, is_enterprise_install: false,
          },
        };
      }
      case 'chat.postMessage': {
        const message = store(params);
        return { body: { ok: true, channel: params.channel, ts: message.ts, message: { text: params.text, ts: message.ts } } };
      }
      case 'conversations.history':
        return history(params);
      case 'files.getUploadURLExternal':
        return { body: files.getUploadURL(params, scopes.granted) };
      case 'files.completeUploadExternal':
        return { body: files.complete(params, scopes.granted) };
      case 'users.info': {
        const user = users.get(params.user ?? '');
        return { body: user ? { ok: true, user: { name: user.id.toLowerCase(), ...user } } : { ok: false, error: 'user_not_found' } };
      }
      case 'apps.connections.open':
        return { body: { ok: true, url: `ws://127.0.0.1:${port}/socket` } };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  };

  const handle = async (req: IncomingMessage, bytes: Buffer) => {
    const raw = bytes.toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    const contentType = String(req.headers['content-type'] ?? '');
    if (path.startsWith('/upload/')) return files.upload(path.slice('/upload/'.length), bytes, contentType);
    if (path.startsWith('/respond/')) {
      responses.push({ id: path.slice('/respond/'.length), body: JSON.parse(raw) as Record<string, unknown>, at: performance.now() });
      return { status: 200, body: 'ok' };
    }
    const method = path.replace(/^\/api\//, '');
    await holds.get(method);
    const params = contentType.includes('json')
      ? (Object.fromEntries(Object.entries(JSON.parse(raw || '{}') as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(raw));
    if (method === 'chat.postMessage') hooks.received?.(params.channel ?? '');
    const scripted = scripts.get(method)?.shift();
    const answer = scripted ?? defaults(method, params, String(req.headers.authorization ?? ''));
    if (scripted?.accept && method === 'chat.postMessage') store(params);
    const status = answer.status ?? 200;
    calls.push({ method, raw, contentType, authorization: String(req.headers.authorization ?? ''), params, at: performance.now(), status });
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    const headers = { 'x-oauth-scopes': scopes.granted.join(','), ...answer.headers };
    return { status, headers, body: answer.body ?? { ok: true }, hangUp: answer.hangUp, posted: method === 'chat.postMessage' ? (params.channel ?? '') : null };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, Buffer.concat(chunks)).then(({ status, headers, body, hangUp, posted }: { status: number; headers?: Record<string, string>; body: unknown; hangUp?: boolean; posted?: string | null }) => {
        if (hangUp) {
          req.socket.destroy();
          return;
        }
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
        res.end(text);
        if (posted !== null && posted !== undefined) hooks.answered?.(posted);
      });
    });
  });
  const wss = new WebSocketServer({ server, path: '/socket' });
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id: string; payload: Record<string, unknown> };
      acks.get(message.envelope_id)?.({ payload: message.payload, at: performance.now() });
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKE' }, debug_info: { host: 'fake' } }));
    for (const resolve of onConnect) resolve();
    onConnect = [];
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    port,
    calls,
    messages,
    files,
    hooks,
    get scopes() {
      return scopes.granted;
    },
    set scopes(granted: string[]) {
      scopes.granted = granted;
    },
    responses,
    users,
    script: (method, ...answers) => scripts.set(method, [...(scripts.get(method) ?? []), ...answers]),
    hold(method) {
      let release = () => {};
      holds.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(method);
        release();
      };
    },
    responseUrl: (id) => `http://127.0.0.1:${port}/respond/${id}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    async waitFor(check, timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (performance.now() > deadline) throw new Error('the fake Slack did not see what the test waited for');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    sendEnvelope(type, payload) {
      if (!socket) throw new Error('no Socket Mode connection');
      const envelopeId = `env-${++envelopes}`;
      const ack = new Promise<{ payload: Record<string, unknown>; at: number }>((resolve) => acks.set(envelopeId, resolve));
      const sentAt = performance.now();
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
      return { envelopeId, sentAt, ack };
    },
    connected: () => (socket ? Promise.resolve() : new Promise<void>((resolve) => onConnect.push(resolve))),
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A slash command body and headers as Slack signs them: v0=HMAC-SHA256("v0:{timestamp}:{body}"). */
export function signCommand(
  secret: string,
  fields: Record<string, string>,
  timestamp = Math.floor(Date.now() / 1000),
): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams(fields).toString();
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  };
}

/** An Events API request as Slack signs it (JSON body). */
export function signEvent(secret: string, payload: Record<string, unknown>, timestamp = Math.floor(Date.now() / 1000)): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature } };
}

/** The fields Slack sends with a slash command. */
export function commandFields(fake: FakeSlack, text: string, over: Partial<Record<string, string>> = {}): Record<string, string> {
  const id = over.response_id ?? `r${Math.random().toString(36).slice(2, 10)}`;
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C0DIGEST',
    channel_name: 'iran-talks',
    user_id: 'U0MEMBER',
    user_name: 'member',
    command: '/talks',
    text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: fake.responseUrl(id),
    trigger_id: '1.2.3',
    ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'response_id')),
  } as Record<string, string>;
}
