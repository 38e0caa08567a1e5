import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../feeds/errors.ts';
import { blockedReason, checkHost, checkUrl, type Resolver } from '../../feeds/guard.ts';
import { fetchFeed } from '../../feeds/http.ts';
import { FeedServer } from '../support/feed-server.ts';

const off = { allowPrivate: false };

describe('which addresses the guard refuses', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['10.0.0.8', 'a private network address'],
    ['172.20.1.1', 'a private network address'],
    ['192.168.0.1', 'a private network address'],
    ['fd12:3456::1', 'a private network address'],
    ['169.254.10.10', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['224.0.0.251', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'a broadcast address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['198.18.0.1', 'a reserved address (reserved)'],
    ['2001:db8::1', 'a reserved address (reserved)'],
  ])('%s is %s', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  // A translator or tunnel delivers these to the IPv4 inside, so that IPv4 is what is judged.
  it.each([
    ['::7f00:1', 'IPv4-compatible', 'a loopback address'],
    ['::a00:8', 'IPv4-compatible', 'a private network address'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped', 'a cloud metadata address'],
    ['::ffff:0:7f00:1', 'IPv4-translated', 'a loopback address'],
    ['64:ff9b::7f00:1', 'NAT64', 'a loopback address'],
    ['64:ff9b::c0a8:1', 'NAT64', 'a private network address'],
    ['64:ff9b::a9fe:a9fe', 'NAT64', 'a cloud metadata address'],
    ['64:ff9b:1::808:808', 'local-use NAT64', 'an address of a local NAT64 translator'],
    ['2002:7f00:1::', '6to4', 'a loopback address'],
    ['2002:a00:1::1', '6to4', 'a private network address'],
    ['2001:0:7f00:1::1', 'Teredo, its server', 'a loopback address'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'Teredo, its client (10.0.0.1 inverted)', 'a private network address'],
  ])('%s (%s) is %s', (address, _kind, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '2606:4700:4700::1111',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:fefd:fcfb',
  ])('%s is allowed', (address) => {
    expect(blockedReason(address)).toBeNull();
  });
});

describe('checking a feed URL before fetching', () => {
  it.each([
    ['ftp://example.org/feed', /only http and https feeds can be fetched, not ftp/],
    ['file:///etc/passwd', /only http and https feeds can be fetched, not file/],
    ['not a url', /is not a valid URL/],
    ['https://user:pw@example.org/feed', /user name or password/],
    ['http://127.0.0.1/feed', /refused to fetch 127\.0\.0\.1: it is a loopback address/],
    ['http://2130706433/feed', /refused to fetch 127\.0\.0\.1: it is a loopback address/],
    ['http://0x7f.1/feed', /refused to fetch 127\.0\.0\.1/],
    ['http://[::ffff:7f00:1]/feed', /it is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /it is a cloud metadata address/],
    ['http://[fd00:ec2::254]/', /it is a cloud metadata address/],
    ['http://0.0.0.0:8080/', /it is an unspecified address/],
    ['http://[::7f00:1]/feed', /refused to fetch ::7f00:1: it is a loopback address/],
    ['http://[64:ff9b::a9fe:a9fe]/latest/meta-data/', /refused to fetch 64:ff9b::a9fe:a9fe: it is a cloud metadata address/],
  ])('%s is refused', (url, message) => {
    expect(() => checkUrl(url, off)).toThrow(message);
  });

  it('lets private addresses through when TALKWATCH_ALLOW_PRIVATE_FEEDS is set', () => {
    expect(checkUrl('http://127.0.0.1:8080/feed', { allowPrivate: true }).href).toBe('http://127.0.0.1:8080/feed');
  });
});

describe('the guard inside the connection lookup', () => {
  let inside: FeedServer;
  beforeAll(async () => {
    inside = await new FeedServer().start();
    inside.route('/feed', { body: '<rss version="2.0"><channel><title>inside</title></channel></rss>', contentType: 'application/rss+xml' });
  });
  afterAll(() => inside.close());

  const fixed = (address: string): Resolver => async () => [{ address, family: address.includes(':') ? 6 : 4 }];

  it('refuses a name that resolves to loopback, and never connects', async () => {
    const error = await fetchFeed({ url: `http://feeds.example.test:${inside.port}/feed` }, { policy: off, userAgent: 't', resolver: fixed('127.0.0.1') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).message).toMatch(/^refused to fetch feeds\.example\.test: the name points inside the network, and feeds may not reach inside/);
    expect((error as FeedError).message).not.toContain('127.0.0.1');
    expect((error as FeedError).detail).toBe('feeds.example.test is 127.0.0.1: a loopback address');
    expect(inside.hits('/feed')).toBe(0);
  });

  it('refuses a name whose answers mix a public and a private address', async () => {
    const mixed: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    await expect(fetchFeed({ url: `http://mixed.example.test:${inside.port}/feed` }, { policy: off, userAgent: 't', resolver: mixed })).rejects.toThrow(/the name points inside/);
    expect(inside.hits('/feed')).toBe(0);
  });

  it('leaves no rebinding window: a name that was public when added and private when fetched is refused', async () => {
    let calls = 0;
    const rebinding: Resolver = async () => {
      calls++;
      return [{ address: calls === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 } satisfies LookupAddress];
    };
    const url = new URL(`http://rebind.example.test:${inside.port}/feed`);
    await expect(checkHost(url, off, rebinding)).resolves.toBeUndefined();
    await expect(fetchFeed({ url: url.href }, { policy: off, userAgent: 't', resolver: rebinding })).rejects.toThrow(/refused to fetch rebind\.example\.test: the name points inside/);
    expect(calls).toBe(2);
    expect(inside.hits('/feed')).toBe(0);
  });

  it('refuses at add time a name that resolves inside, without saying to what', async () => {
    const error = await checkHost(new URL('http://intranet.example.test/'), off, fixed('10.1.2.3')).catch((e: unknown) => e as FeedError);
    expect(error?.message).toBe(
      'refused to fetch intranet.example.test: the name points inside the network, and feeds may not reach inside the network (set TALKWATCH_ALLOW_PRIVATE_FEEDS=1 only if this is intended)',
    );
    await expect(checkHost(new URL('http://nat64.example.test/'), off, fixed('64:ff9b::a00:1'))).rejects.toThrow(/^refused to fetch nat64\.example\.test: the name points inside/);
    await expect(checkHost(new URL('http://unresolvable.example.test/'), off, async () => Promise.reject(new Error('ENOTFOUND')))).resolves.toBeUndefined();
  });

  it('fetches a loopback feed when private feeds are allowed', async () => {
    const result = await fetchFeed({ url: inside.url('/feed') }, { policy: { allowPrivate: true }, userAgent: 't' });
    expect(result.kind).toBe('ok');
  });
});
