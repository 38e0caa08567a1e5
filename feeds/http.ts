/**
 * Fetching one feed over HTTP, politely and defensively: conditional GET, compression, redirects followed by hand
 * (so every hop passes the SSRF guard), a connect timeout per hop and one deadline for the whole fetch, and a size
 * limit counted after decompression, so a decompression bomb stops at the limit. With `connections`, a connection
 * to a host is kept a few seconds and used for its next feed; a kept connection is checked by the guard again at
 * each use, like a new one.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import zlib from 'node:zlib';
import { FeedError, networkError } from './errors.ts';
import { checkUrl, guardedLookup, isAllowed, portOf, refuse, type AddressPolicy, type Resolver } from './guard.ts';

export interface FetchLimits {
  connectTimeoutMs: number;
  /** the whole fetch, every redirect hop included */
  responseTimeoutMs: number;
  /** counted after decompression */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: FetchLimits = {
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
};

export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  /** aborts the fetch when talkwatch stops */
  signal?: AbortSignal;
}

export interface FetchContext {
  policy: AddressPolicy;
  /** kept-alive connections (see keptConnections); without, each fetch opens its own */
  connections?: KeptConnections;
  userAgent: string;
  limits?: FetchLimits;
  /** test seam: resolve names without the system resolver */
  resolver?: Resolver;
}

export interface CacheHints {
  maxAgeSeconds: number | null;
  /** Expires minus the server's Date, in seconds */
  expiresInSeconds: number | null;
}

export type FetchResult =
  | { kind: 'not-modified'; finalUrl: string; hints: CacheHints }
  | {
      kind: 'ok';
      finalUrl: string;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      hints: CacheHints;
    };

export interface KeptConnections {
  http: http.Agent;
  https: https.Agent;
  close(): void;
}

/**
 * A connection idle for this long is closed: under the 5 s that Node's servers keep one and the 60-75 s of common
 * web servers, so a server rarely closes one just as it is used again (when it does, the fetch is made again on a
 * new connection, see get).
 */
export const KEEP_IDLE_MS = 4_000;

/** Connections kept between fetches, at most two idle per host (the per-host limit of fetches at once). */
export function keptConnections(): KeptConnections {
  const options = { keepAlive: true, maxFreeSockets: 2, timeout: KEEP_IDLE_MS, scheduling: 'lifo' as const };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return { ...agents, close: () => (agents.http.destroy(), agents.https.destroy()) };
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function fetchFeed(request: FetchRequest, context: FetchContext): Promise<FetchResult> {
  const limits = context.limits ?? DEFAULT_LIMITS;
  const deadline = Date.now() + limits.responseTimeoutMs;
  const seen = new Set<string>();
  let current = checkUrl(request.url, context.policy, 0);
  for (let hop = 0; ; hop++) {
    seen.add(current.href);
    const res = await get(current, hop, request, context, limits, deadline);
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      res.resume();
      const location = res.headers.location;
      if (!location) throw new FeedError('redirects', `the server answered HTTP ${status} (a redirect) without saying where to`, null, status);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new FeedError('redirects', `the server redirects to an address that is not a valid URL`, null, status);
      }
      if (seen.has(next.href)) throw new FeedError('redirects', `the feed redirects in a loop (back to ${next.href})`, null, status);
      if (hop + 1 > limits.maxRedirects) throw new FeedError('redirects', `the feed redirects more than ${limits.maxRedirects} times`, null, status);
      current = checkUrl(next.href, context.policy, hop + 1);
      continue;
    }
    if (status === 304) {
      res.resume();
      return { kind: 'not-modified', finalUrl: current.href, hints: cacheHints(res) };
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw statusError(status, res);
    }
    const body = await readBody(res, limits, current.host, deadline, request.signal);
    return {
      kind: 'ok',
      finalUrl: current.href,
      body,
      contentType: header(res, 'content-type'),
      etag: header(res, 'etag'),
      lastModified: header(res, 'last-modified'),
      hints: cacheHints(res),
    };
  }
}

function get(url: URL, hop: number, request: FetchRequest, context: FetchContext, limits: FetchLimits, deadline: number, fresh = false): Promise<IncomingMessage> {
  const port = portOf(url);
  const headers: Record<string, string> = {
    'user-agent': context.userAgent,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  // Validators belong to the URL they came from; after a redirect the server gets an unconditional request.
  if (hop === 0 && request.etag) headers['if-none-match'] = request.etag;
  if (hop === 0 && request.lastModified) headers['if-modified-since'] = request.lastModified;
  const lib = url.protocol === 'https:' ? https : http;
  const kept = fresh ? undefined : context.connections?.[url.protocol === 'https:' ? 'https' : 'http'];
  return new Promise<IncomingMessage>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(timeoutError(limits));
    const options: https.RequestOptions & { autoSelectFamily: boolean } = {
      method: 'GET',
      headers,
      agent: kept ?? false,
      lookup: guardedLookup(context.policy, port, hop, context.resolver) as never,
      // One connection path: the first address the guarded lookup approved, not Node's own family racing.
      autoSelectFamily: false,
    };
    const req = lib.request(url, options);
    const cancel = () => req.destroy(new FeedError('cancelled', 'talkwatch stopped while fetching this feed'));
    if (request.signal?.aborted) cancel();
    request.signal?.addEventListener('abort', cancel, { once: true });
    req.once('close', () => request.signal?.removeEventListener('abort', cancel));
    const connectTimer = setTimeout(() => req.destroy(new FeedError('connect-timeout', `${url.host} did not accept a connection within ${limits.connectTimeoutMs / 1000} s`)), limits.connectTimeoutMs);
    const deadlineTimer = setTimeout(() => req.destroy(timeoutError(limits)), remaining);
    req.on('socket', (socket: Socket) => {
      const connected = () => {
        clearTimeout(connectTimer);
        // The lookup checked names; this checks the address actually connected to, IP literals included.
        const address = socket.remoteAddress;
        const reason = address ? isAllowed(context.policy, address, port) : null;
        if (address && reason) req.destroy(refuse(url.hostname, address, reason, hop));
      };
      if (socket.connecting) socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
      else connected();
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      // The body reader owns the deadline from here and arms its own timer.
      clearTimeout(deadlineTimer);
      resolve(res);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(connectTimer);
      clearTimeout(deadlineTimer);
      // A kept connection the server closed just as it was used again (its idle timer and ours raced): the GET is
      // made again, once, on a new connection.
      if (req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') && !request.signal?.aborted) {
        resolve(get(url, hop, request, context, limits, deadline, true));
        return;
      }
      reject(error instanceof FeedError ? error : networkError(error, url.host));
    });
    req.end();
  });
}

function readBody(res: IncomingMessage, limits: FetchLimits, host: string, deadline: number, signal?: AbortSignal): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  const encoding = (header(res, 'content-encoding') ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity' && Number.isFinite(declared) && declared > limits.maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge(limits, false));
  }
  let stream: NodeJS.ReadableStream = res;
  let decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null = null;
  if (encoding === 'gzip' || encoding === 'x-gzip') decoder = zlib.createGunzip();
  else if (encoding === 'deflate') decoder = zlib.createInflate();
  else if (encoding === 'br') decoder = zlib.createBrotliDecompress();
  else if (encoding !== 'identity') {
    res.destroy();
    return Promise.reject(new FeedError('bad-encoding', `the server compressed the feed with ${JSON.stringify(encoding.slice(0, 40))}, which talkwatch cannot read`));
  }
  if (decoder) stream = res.pipe(decoder);

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const cancel = () => finish(new FeedError('cancelled', 'talkwatch stopped while fetching this feed'));
    const finish = (error: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      if (error) {
        res.destroy();
        decoder?.destroy();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const timer = setTimeout(() => finish(timeoutError(limits)), Math.max(0, deadline - Date.now()));
    if (signal?.aborted) return cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish(tooLarge(limits, decoder !== null));
      chunks.push(chunk);
    });
    stream.on('end', () => finish(null));
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code?.startsWith('Z_') || error.code?.startsWith('ERR_BROTLI') || error.code === 'ERR__ERROR') {
        finish(new FeedError('bad-encoding', `the feed's ${encoding} compression is corrupt (${error.code})`));
      } else finish(networkError(error, host));
    });
    // A response cut short (connection reset mid-body) ends with 'aborted' rather than 'error' on some versions.
    res.on('aborted', () => finish(networkError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), host)));
    res.on('error', (error) => finish(networkError(error, host)));
  });
}

function statusError(status: number, res: IncomingMessage): FeedError {
  const text = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage.slice(0, 60)}` : ''}`;
  const retryAfter = parseRetryAfter(header(res, 'retry-after'), header(res, 'date'));
  switch (status) {
    case 404:
      return new FeedError('not-found', `the server says there is no feed at this address (${text})`, null, status);
    case 410:
      return new FeedError('gone', `the server says this feed is gone for good (${text}); it will not be polled again`, null, status);
    case 429:
    case 503: {
      const when = retryAfter !== null ? `; it asked to retry in ${describeSeconds(retryAfter)}` : '';
      const what = status === 429 ? 'the server says we ask too often' : 'the server is temporarily unavailable';
      return new FeedError('unavailable', `${what} (${text})${when}`, retryAfter, status);
    }
    case 401:
    case 403:
      return new FeedError('http', `the server refuses access to this feed (${text})`, retryAfter, status);
    default:
      if (status >= 500) return new FeedError('http', `the server failed to answer (${text})`, retryAfter, status);
      return new FeedError('http', `the server answered ${text} instead of the feed`, retryAfter, status);
  }
}

export function parseRetryAfter(value: string | null, serverDate: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  const base = serverDate && !Number.isNaN(Date.parse(serverDate)) ? Date.parse(serverDate) : now;
  return Math.max(0, Math.round((at - base) / 1000));
}

function cacheHints(res: IncomingMessage): CacheHints {
  const cc = (header(res, 'cache-control') ?? '').toLowerCase();
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(cc);
  const noCache = /no-store|no-cache/.test(cc);
  let expiresIn: number | null = null;
  const expires = header(res, 'expires');
  if (expires && !noCache) {
    const at = Date.parse(expires);
    const date = header(res, 'date');
    const base = date && !Number.isNaN(Date.parse(date)) ? Date.parse(date) : Date.now();
    if (!Number.isNaN(at)) expiresIn = Math.max(0, Math.round((at - base) / 1000));
  }
  return { maxAgeSeconds: maxAge && !noCache ? Number(maxAge[1]) : null, expiresInSeconds: expiresIn };
}

function header(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  if (v === undefined) return null;
  return (Array.isArray(v) ? v[0] ?? '' : v).slice(0, 1000);
}

function timeoutError(limits: FetchLimits): FeedError {
  return new FeedError('timeout', `the server took longer than ${limits.responseTimeoutMs / 1000} s to send the feed`);
}

function tooLarge(limits: FetchLimits, decompressed: boolean): FeedError {
  const mb = Math.round(limits.maxBytes / 1024 / 1024);
  return new FeedError('too-large', `the feed is larger than ${mb} MB${decompressed ? ' once decompressed' : ''}; talkwatch reads at most ${mb} MB`);
}

export function describeSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
