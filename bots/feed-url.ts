/** A feed URL's first check, before it is stored. The address itself is checked again at every poll. */
import type { Config } from './config.ts';

export async function checkFeedUrl(url: string, _config: Config): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url.slice(0, 100)}" is not a URL; give the feed's full address, e.g. https://example.com/rss.xml`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `only http and https feeds can be watched, not ${parsed.protocol}`;
  if (parsed.username || parsed.password) return 'feed URLs with a user name or password are not accepted';
  if (url.length > 2000) return 'that URL is longer than 2,000 characters';
  return null;
}
