/**
 * A feed URL's check before it is stored, shared by `talkwatch feeds add` and the chat command: http(s) only, and
 * a host that resolves to a public address (unless private feeds are allowed). Every poll checks again, at every
 * redirect and on the address actually connected to.
 */
import { FeedError } from '../feeds/errors.ts';
import { checkHost, checkUrl } from '../feeds/guard.ts';
import type { Config } from './config.ts';

export type FeedUrlCheck = { url: string } | { refused: string };

export async function vetFeedUrl(raw: string, config: Pick<Config, 'allowPrivateFeeds'>): Promise<FeedUrlCheck> {
  const policy = { allowPrivate: config.allowPrivateFeeds };
  try {
    const parsed = checkUrl(raw.trim(), policy);
    await checkHost(parsed, policy);
    return { url: parsed.href };
  } catch (error) {
    if (error instanceof FeedError) return { refused: error.message };
    throw error;
  }
}
