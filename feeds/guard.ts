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

/**
 * IPv4 addresses carried inside an IPv6 address, which a translator or tunnel may deliver to: IPv4-mapped
 * (::ffff:0:0/96), IPv4-compatible (::/96), IPv4-translated (::ffff:0:0:0/96), NAT64 (64:ff9b::/96), 6to4
 * (2002::/16, the tunnel's IPv4 in bits 16-47) and Teredo (2001::/32: its server in bits 32-63, its client
 * inverted in the last 32). 'local-nat64' is the local-use NAT64 prefix 64:ff9b:1::/48, where the IPv4 sits
 * depends on the translator's setup. Null: no IPv4 inside.
 */
export function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4[] | 'local-nat64' | null {
  const b = v6.toByteArray();
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4 = (at: number, invert = false) => new ipaddr.IPv4(b.slice(at, at + 4).map((x) => (invert ? ~x & 0xff : x)));
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return [v4(12)];
  if (zero(0, 12)) return v6.range() === 'unspecified' || v6.range() === 'loopback' ? null : [v4(12)];
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return [v4(12)];
  const word = (i: number) => (b[i]! << 8) | b[i + 1]!;
  if (word(0) === 0x64 && word(2) === 0xff9b && zero(4, 12)) return [v4(12)];
  if (word(0) === 0x64 && word(2) === 0xff9b && word(4) === 1) return 'local-nat64';
  if (word(0) === 0x2002) return [v4(2)];
  if (word(0) === 0x2001 && word(2) === 0) return [v4(4), v4(12, true)];
  return null;
}

/** Why an address is refused, in words, or null when it may be fetched. */
export function blockedReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'not an IP address';
  }
  if (parsed.kind() === 'ipv6') {
    // An IPv4 inside an IPv6 address is judged as that IPv4: ::7f00:1 is loopback, 64:ff9b::808:808 is 8.8.8.8.
    const inner = embeddedIPv4(parsed as ipaddr.IPv6);
    if (inner === 'local-nat64') return 'an address of a local NAT64 translator';
    if (inner) {
      for (const v4 of inner) {
        const reason = blockedReason(v4.toString());
        if (reason) return reason;
      }
      return null;
    }
  }
  const normal = parsed.toString();
  if (METADATA.has(normal)) return 'a cloud metadata address';
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a reserved address (${range})`;
}

/**
 * The refusal a user sees. An address the user gave is named with what it is; for a host name, only that it
 * points inside the network: telling a chat user what an internal name resolves to would map the network for
 * them. The address and its kind go to the log, as `detail`.
 */
export function refuse(host: string, address: string, reason: string, hop: number): FeedError {
  const bare = host.replace(/^\[|\]$/g, '');
  const via = hop > 0 ? ' after a redirect' : '';
  const rule = 'feeds may not reach inside the network (set TALKWATCH_ALLOW_PRIVATE_FEEDS=1 only if this is intended)';
  const message = ipaddr.isValid(bare)
    ? `refused to fetch ${bare}${via}: it is ${reason}, and ${rule}`
    : `refused to fetch ${bare}${via}: the name points inside the network, and ${rule}`;
  return new FeedError('blocked-address', message, null, null, `${bare} is ${address}: ${reason}`);
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
