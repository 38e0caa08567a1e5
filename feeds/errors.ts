/**
 * Every way a feed can fail, as a code the poller branches on and a message a channel admin understands.
 * The message is what `feeds list` and `status` show as the feed's last error.
 */
export type FeedErrorCode =
  | 'invalid-url' // not http(s), or unparseable
  | 'blocked-address' // the SSRF guard refused a loopback, private or metadata address
  | 'dns' // the host name does not resolve
  | 'connect-timeout'
  | 'timeout' // the whole response took too long
  | 'connection' // refused, reset, TLS failure
  | 'redirects' // too many, a loop, or a redirect without a usable Location
  | 'not-found' // 404
  | 'gone' // 410: the feed is never polled again
  | 'unavailable' // 429, 503 (with or without Retry-After)
  | 'http' // any other status the server answers with
  | 'too-large'
  | 'bad-encoding' // a Content-Encoding we cannot decode, or corrupt compressed data
  | 'empty'
  | 'not-a-feed'
  | 'unsafe-xml' // a DOCTYPE with its own declarations (entity expansion, external entities)
  | 'malformed' // XML that cannot be parsed
  | 'parse-failed' // the parser ran out of time or memory
  | 'cancelled' // talkwatch is stopping: not the feed's fault, not recorded as a failure
  | 'internal'; // talkwatch's own failure (a bug, the database): the details are logged, not shown

export class FeedError extends Error {
  constructor(
    readonly code: FeedErrorCode,
    message: string,
    /** seconds the server asked us to wait (Retry-After) */
    readonly retryAfterSeconds: number | null = null,
    readonly httpStatus: number | null = null,
    /** for the log only, never shown in a channel: e.g. what an internal host name resolved to */
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}

/** Turn a socket or DNS failure into words; anything unknown keeps its code so it can still be looked up. */
export function networkError(error: unknown, host: string): FeedError {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
    case 'EAI_NONAME':
      return new FeedError('dns', `the host name ${host} could not be resolved (${e.code}): check the address, or the network`);
    case 'ECONNREFUSED':
      return new FeedError('connection', `${host} refused the connection (ECONNREFUSED)`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new FeedError('connection', `${host} closed the connection before sending the whole feed (${e.code})`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return new FeedError('connection', `${host} cannot be reached from here (${e.code}): check the network`);
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_HEADER_OVERFLOW':
    case 'HPE_INVALID_CHUNK_SIZE':
      return new FeedError('connection', `${host} sent a malformed HTTP response (${e.code})`);
    default:
      if (e.code?.startsWith('ERR_TLS') || e.code?.includes('CERT') || /certificate|SSL|TLS/i.test(e.message ?? '')) {
        return new FeedError('connection', `the secure connection to ${host} failed (${e.code ?? e.message})`);
      }
      return new FeedError('connection', `the connection to ${host} failed (${e.code ?? e.message ?? 'unknown error'})`);
  }
}
