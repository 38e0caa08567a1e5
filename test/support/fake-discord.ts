/**
 * A fake Discord for tests: the REST API and the gateway (WebSocket) on 127.0.0.1, enough for the real
 * discord.js Client to log in, register commands, receive interactions, answer them and post channel messages.
 * It records every request with the time it arrived, so tests can check what Discord would have received.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  type APIApplicationCommand,
  type APIMessage,
  type ApplicationFlags,
  type GatewayReadyDispatchData,
  type RESTGetAPIGatewayBotResult,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Recorded {
  method: string;
  /** decoded, without the /api/v10 prefix and the query, e.g. /channels/123/messages */
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** the files of a multipart/form-data request (its payload_json is the body) */
  files?: FakeFile[];
  /** performance.now() when the request arrived */
  at: number;
}

/** A canned answer for the next request(s) to a path, e.g. a 429 or a Discord error code. */
export interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** a channel message: Discord creates it although this answer says otherwise */
  accept?: boolean;
  /** close the connection without answering, as a crash or a network cut would */
  hangUp?: boolean;
}

/** A message Discord created, with the nonce it came with. */
export interface Created {
  channelId: string;
  id: string;
  nonce: string | null;
  /** performance.now() when it was created */
  at: number;
}

export const BOT_USER = { id: '900000000000000001', username: 'talkwatch', discriminator: '0', global_name: null, avatar: null, bot: true };

export class FakeDiscord {
  readonly requests: Recorded[] = [];
  /** application commands by scope: 'global' or a guild id */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  /** how many commands were ever created (new ids), as Discord's daily create limit counts them */
  commandsCreated = 0;
  readonly messages = new Map<string, RESTPostAPIChannelMessageJSONBody[]>();
  /** every message created, in order; a repeat Discord deduplicated by nonce is not here */
  readonly created: Created[] = [];
  /** posts answered with an existing message because of enforce_nonce */
  deduplicated = 0;
  /** called when a channel message is posted (before it is answered) and once its answer is written */
  readonly hooks: { received?: (channelId: string) => void; answered?: (channelId: string) => void } = {};
  /**
   * How long Discord remembers a nonce for enforce_nonce. Its docs say "the past few minutes"; the fake keeps
   * two, so a test passes only if a repeat comes that soon.
   */
  nonceWindowMs = 2 * 60_000;
  identifies = 0;
  private readonly scripts: Array<{ match: RegExp; answers: Scripted[] }> = [];
  private readonly sockets = new Set<WebSocket>();
  private sequence = 0;
  private nextId = 1_000_000_000_000_000_000n;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly token: string,
    readonly applicationId: string,
    readonly guilds: string[],
  ) {}

  static async start(options: { token: string; applicationId: string; guilds?: string[] }): Promise<FakeDiscord> {
    const server = createServer();
    const wss = new WebSocketServer({ server });
    const fake = new FakeDiscord(server, wss, options.token, options.applicationId, options.guilds ?? []);
    server.on('request', (req, res) => void fake.handle(req, res));
    wss.on('connection', (socket) => fake.connect(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** what DISCORD_API_URL would be set to */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Answer the next requests whose "METHOD /path" matches with these, in order, then behave normally. */
  script(match: RegExp, ...answers: Scripted[]): void {
    this.scripts.push({ match, answers });
  }

  /** Send a gateway event to every connected client; returns performance.now() just before sending. */
  dispatch(event: GatewayDispatchEvents, data: unknown): number {
    const at = performance.now();
    for (const socket of this.sockets) socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: ++this.sequence, d: data }));
    return at;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Wait (at most timeoutMs) until a recorded request satisfies the predicate, and return it. */
  async waitFor(predicate: (r: Recorded) => boolean, timeoutMs = 10_000): Promise<Recorded> {
    const found = () => this.requests.find(predicate);
    const deadline = performance.now() + timeoutMs;
    while (!found()) {
      const left = deadline - performance.now();
      if (left <= 0) {
        const seen = this.requests.map((r) => `${r.method} ${r.path}`).join(', ');
        throw new Error(`fake Discord: no matching request within ${timeoutMs} ms (saw: ${seen || 'nothing'})`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    return found()!;
  }

  /** Poll (at most timeoutMs) until a condition on the fake's state holds, e.g. the gateway connection closed. */
  async until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) throw new Error(`fake Discord: condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private id(): string {
    return String(this.nextId++);
  }

  private connect(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: { token?: string } };
      if (packet.op === GatewayOpcodes.Heartbeat) socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
      if (packet.op !== GatewayOpcodes.Identify) return;
      this.identifies++;
      if (packet.d.token !== this.token) return socket.close(4004, 'Authentication failed.');
      const ready: GatewayReadyDispatchData = {
        v: 10,
        user: BOT_USER,
        guilds: this.guilds.map((id) => ({ id, unavailable: true })),
        session_id: `session-${this.identifies}`,
        resume_gateway_url: `ws://127.0.0.1:${this.port}`,
        application: { id: this.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
      };
      socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Ready, s: ++this.sequence, d: ready }));
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const [rawPath = '', query = ''] = (req.url ?? '').split('?');
    const path = decodeURIComponent(rawPath).replace(/^\/api\/v\d+/, '');
    const method = req.method ?? 'GET';
    const contentType = String(req.headers['content-type']);
    let body: unknown = text && contentType.startsWith('application/json') ? JSON.parse(text) : text || null;
    let files: FakeFile[] | undefined;
    if (contentType.startsWith('multipart/form-data')) ({ body, files } = await readMultipart(raw, contentType));
    this.requests.push({ method, path, query, headers: req.headers, body, at, ...(files ? { files } : {}) });
    for (const wake of this.waiters) wake();
    this.waiters.clear();

    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      if (payload === undefined) {
        res.writeHead(status, headers).end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };

    const scripted = this.scripts.find((s) => s.match.test(`${method} ${path}`) && s.answers.length);
    if (scripted) {
      const answer = scripted.answers.shift()!;
      const channel = path.match(/^\/channels\/(\d+)\/messages$/)?.[1];
      if (answer.accept && channel && method === 'POST') this.post(channel, body as RESTPostAPIChannelMessageJSONBody);
      if (answer.hangUp) {
        req.socket.destroy();
        return;
      }
      return send(answer.status, answer.body, answer.headers);
    }

    // Interaction callbacks and webhooks are authorised by the interaction token in the path, as on Discord.
    const interactionRoute = /^\/(interactions|webhooks)\//.test(path);
    if (!interactionRoute && req.headers.authorization !== `Bot ${this.token}`) {
      return send(401, { message: '401: Unauthorized', code: 0 });
    }

    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      const info: RESTGetAPIGatewayBotResult = {
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      };
      return send(200, info);
    }
    if ((m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      if (m[1] !== this.applicationId) return send(404, { message: 'Unknown Application', code: 10002 });
      const scope = m[2] ?? 'global';
      if (m[2] && !this.guilds.includes(m[2])) return send(403, { message: 'Missing Access', code: 50001 });
      if (method === 'GET') return send(200, this.commands.get(scope) ?? []);
      if (method === 'PUT') return send(200, this.overwrite(scope, body as RESTPutAPIApplicationCommandsJSONBody));
      if (method === 'POST') {
        const list = this.commands.get(scope) ?? [];
        const created = this.overwrite('scratch', [body as RESTPutAPIApplicationCommandsJSONBody[number]])[0]!;
        this.commands.set(scope, [...list, created]);
        return send(201, created);
      }
    }
    if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) {
      this.hooks.received?.(m[1]!);
      send(200, this.post(m[1]!, body as RESTPostAPIChannelMessageJSONBody));
      this.hooks.answered?.(m[1]!);
      return;
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return send(204);
    if ((m = path.match(/^\/webhooks\/(\d+)\/[^/]+(\/messages\/@original)?$/))) {
      if (method === 'DELETE') return send(204);
      return send(200, this.message('0', body as RESTPostAPIChannelMessageJSONBody));
    }
    send(404, { message: '404: Not Found', code: 0 });
  }

  /** Create a channel message, or with enforce_nonce return the one this nonce created within the window. */
  private post(channelId: string, body: RESTPostAPIChannelMessageJSONBody): APIMessage {
    const nonce = body.nonce === undefined ? null : String(body.nonce);
    if (nonce !== null && body.enforce_nonce) {
      const earlier = this.created.find((c) => c.channelId === channelId && c.nonce === nonce && performance.now() - c.at <= this.nonceWindowMs);
      if (earlier) {
        this.deduplicated++;
        return { ...this.message(channelId, body), id: earlier.id };
      }
    }
    const message = this.message(channelId, body);
    this.messages.set(channelId, [...(this.messages.get(channelId) ?? []), body]);
    this.created.push({ channelId, id: message.id, nonce, at: performance.now() });
    return message;
  }

  /** Bulk overwrite as Discord does it: same name keeps its id, new names are created, missing ones deleted. */
  private overwrite(scope: string, body: RESTPutAPIApplicationCommandsJSONBody): APIApplicationCommand[] {
    const before = this.commands.get(scope) ?? [];
    const after = body.map((command) => {
      const existing = before.find((c) => c.name === command.name);
      if (!existing) this.commandsCreated++;
      return {
        ...command,
        id: existing?.id ?? this.id(),
        application_id: this.applicationId,
        version: this.id(),
        default_member_permissions: null,
        type: command.type ?? 1,
        description: 'description' in command ? command.description : '',
        ...(scope === 'global' || scope === 'scratch' ? {} : { guild_id: scope }),
      } as APIApplicationCommand;
    });
    if (scope !== 'scratch') this.commands.set(scope, after);
    return after;
  }

  private message(channelId: string, body: RESTPostAPIChannelMessageJSONBody): APIMessage {
    return {
      id: this.id(),
      channel_id: channelId,
      author: BOT_USER,
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      ...(body.nonce === undefined ? {} : { nonce: body.nonce }),
      pinned: false,
      type: 0,
    };
  }
}

/** A file sent with a message as Discord documents it: a form field files[n], with a name and a content type. */
export interface FakeFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * A multipart/form-data message: payload_json holds the JSON body and files[n] the attachments, as Discord reads
 * them. Any other field is refused the way Discord would refuse it: the test sees it as a missing payload.
 */
async function readMultipart(raw: Buffer, contentType: string): Promise<{ body: unknown; files: FakeFile[] }> {
  const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  const files: FakeFile[] = [];
  let body: unknown = null;
  for (const [field, value] of form.entries()) {
    if (field === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
    else if (/^files\[\d+\]$/.test(field) && typeof value !== 'string') {
      files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body, files };
}
