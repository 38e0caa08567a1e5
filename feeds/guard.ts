/**
 * The SSRF guard. Users add feed URLs from chat, so a URL must not reach inside the network talkwatch runs in.
 *
 * The check runs inside the connection's own DNS lookup (the `lookup` option of the request), on every address
 * the name resolves to, so the address that is checked is the address that is connected to: there is no window
 * between a check and a second resolution for DNS rebinding to use. IP literals skip DNS, so they are checked
 * before connecting, and the connected socket's remote address is checked once more (see http.ts). Redirects
 * go through the same path, so every hop is checked.
 */
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { FeedError } from './errors.ts';

/** Only global unicast is allowed; every other ipaddr.js range is refused, named for the error message. */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
};

/** Cloud instance metadata endpoints, named as such because reaching them leaks credentials. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '168.63.129.16']);

export interface AddressPolicy {
  /** TALKWATCH_ALLOW_PRIVATE_FEEDS: every address is allowed */
  allowPrivate: boolean;
  /**
   * Test seam: specific address and port pairs let through although private, so a test can serve the first hop
   * from loopback and prove that a redirect to another loopback port is still refused. Never set from config.
   */
  exempt?: (address: string, port: number) => boolean;
}

/** Why an address is refused, in words, or null when it may be fetched. */
export function blockedReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it stands for.
    parsed = ipaddr.process(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'not an IP address';
  }
  const normal = parsed.toString();
  if (METADATA.has(normal)) return 'a cloud metadata address';
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a reserved address (${range})`;
}

export function refuse(host: string, address: string, reason: string, hop: number): FeedError {
  const where = host === address ? address : `${host} (${address})`;
  const via = hop > 0 ? ' after a redirect' : '';
  return new FeedError(
    'blocked-address',
    `refused to fetch ${where}${via}: it is ${reason}, and feeds may not reach inside the network (set TALKWATCH_ALLOW_PRIVATE_FEEDS=1 only if this is intended)`,
  );
}

export function isAllowed(policy: AddressPolicy, address: string, port: number): string | null {
  if (policy.allowPrivate || policy.exempt?.(address, port)) return null;
  return blockedReason(address);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type Resolver = (hostname: string, options: LookupOptions & { all: true }) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) => dns.promises.lookup(hostname, options);

/**
 * A `lookup` for http.request that refuses the whole name if any address it resolves to is refused: a name that
 * mixes public and private answers is a rebinding attempt or a misconfiguration, and neither should be fetched.
 */
export function guardedLookup(policy: AddressPolicy, port: number, hop: number, resolver: Resolver = systemResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolver(hostname, { ...options, all: true }).then(
      (addresses) => {
        for (const { address } of addresses) {
          const reason = isAllowed(policy, address, port);
          if (reason) return callback(refuse(hostname, address, reason, hop) as unknown as NodeJS.ErrnoException, []);
        }
        if (addresses.length === 0) {
          return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        }
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

/** Parse and check a feed URL before anything is fetched: scheme, credentials, and IP literals. */
export function checkUrl(raw: string, policy: AddressPolicy, hop = 0): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FeedError('invalid-url', `${JSON.stringify(raw.slice(0, 200))} is not a valid URL: give a full address such as https://example.com/feed.xml`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FeedError('invalid-url', `only http and https feeds can be fetched, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) {
    throw new FeedError('invalid-url', 'feed URLs with a user name or password are not accepted: they would be shown to every channel');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    const reason = isAllowed(policy, host, portOf(url));
    if (reason) throw refuse(host, host, reason, hop);
  }
  return url;
}

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * Resolve a feed's host once, when a user adds it, so an inside address is refused at once rather than at the
 * first poll. A name that does not resolve now (no network) is not refused here: each poll checks again anyway.
 */
export async function checkHost(url: URL, policy: AddressPolicy, resolver: Resolver = systemResolver, timeoutMs = 5_000): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy.allowPrivate || ipaddr.isValid(host)) return;
  let timer: NodeJS.Timeout | undefined;
  const addresses = await Promise.race([
    resolver(host, { all: true }).catch(() => [] as LookupAddress[]),
    new Promise<LookupAddress[]>((resolve) => {
      timer = setTimeout(() => resolve([]), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  for (const { address } of addresses) {
    const reason = isAllowed(policy, address, portOf(url));
    if (reason) throw refuse(host, address, reason, 0);
  }
}
