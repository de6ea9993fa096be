// The test fetch behind /addfeed: one unconditional GET through the given SSRF guard, and the
// body must parse as a feed. Failures come back as a reason for the admin, never as a throw; a
// web page that declares its feeds comes back with them, to offer instead.
import type { Logger } from 'pino';
import { decodeFeedBytes } from './decode.js';
import { FeedError } from './errors.js';
import { fetchFeed, type FetchOptions } from './fetch.js';
import { discoverFeedLinks, type DiscoveredFeed } from './discover.js';
import { parseFeedText, sniffFormat } from './parse.js';

export type FeedCheck =
  | { ok: true; title: string }
  /** `candidates`: the URL was a web page that links to these feeds (discover.ts). */
  | { ok: false; reason: string; candidates?: DiscoveredFeed[] };

export async function checkFeedUrl(url: string, opts: FetchOptions, log: Logger): Promise<FeedCheck> {
  try {
    const res = await fetchFeed(url, opts);
    if (res.kind !== 'ok') return { ok: false, reason: 'the server answered 304 to an unconditional request' };
    const text = decodeFeedBytes(res.body, res.contentType).text;
    if (sniffFormat(text) === 'html') {
      const candidates = discoverFeedLinks(text, res.finalUrl);
      if (candidates.length) return { ok: false, reason: 'that is a web page, not a feed', candidates };
    }
    const feed = await parseFeedText(text);
    return { ok: true, title: feed.title?.trim().slice(0, 200) || new URL(url).hostname };
  } catch (err) {
    if (err instanceof FeedError) return { ok: false, reason: err.summary };
    log.error({ err, url }, 'feed validation failed unexpectedly');
    return { ok: false, reason: 'internal error while checking the feed' };
  }
}
