// A feed's own word on how often to poll it (issue 13): RSS 2.0 <ttl> (minutes), the Syndication
// module's sy:updatePeriod / sy:updateFrequency (RSS 1.0, and every WordPress feed), and HTTP
// Cache-Control max-age. Each can only make polling rarer, never more frequent than the cron, and
// never rarer than a cap (6 h, FEED_HINT_MAX_MINUTES): a hint of "weekly" must not hide a week of
// news. The largest hint wins. Pure.
// Specs: https://www.rssboard.org/rss-specification#ltttlgtSubelementOfLtchannelgt,
// https://web.resource.org/rss/1.0/modules/syndication/, RFC 9111 §5.2.2.1.
import { formatDuration } from '../format/feed-status.js';
import { ownValue } from '../news/own-key.js';

export interface PollHint {
  seconds: number;
  /** What the feed said, for /feedstatus: "ttl 60 min", "sy:updatePeriod hourly", "Cache-Control max-age=900". */
  source: string;
}

export const HINT_CAP_SECONDS = 6 * 3600;

const PERIOD_SECONDS: Record<string, number> = {
  hourly: 3600,
  daily: 86_400,
  weekly: 7 * 86_400,
  monthly: 30 * 86_400,
  yearly: 365 * 86_400,
};

const positiveInt = (v: string | undefined): number | null => {
  const n = v !== undefined && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : NaN;
  return n > 0 ? n : null;
};

/** The document's hints (RSS ttl, sy:*); the larger when both are there. Unreadable values are ignored. */
export function documentHint(h: { ttl?: string; updatePeriod?: string; updateFrequency?: string } | undefined) {
  const hints: PollHint[] = [];
  const ttl = positiveInt(h?.ttl);
  if (ttl) hints.push({ seconds: ttl * 60, source: `ttl ${ttl} min` });
  const period = h?.updatePeriod?.trim().toLowerCase();
  // The module's default is daily/1 only when the element is there; a lone frequency says nothing.
  const periodSeconds = period ? ownValue(PERIOD_SECONDS, period) : undefined;
  if (period && periodSeconds) {
    const frequency = positiveInt(h?.updateFrequency) ?? 1;
    const times = frequency === 1 ? '' : ` ×${frequency}`;
    hints.push({
      seconds: Math.round(periodSeconds / frequency),
      source: `sy:updatePeriod ${period}${times}`,
    });
  }
  return largest(hints);
}

/** max-age from Cache-Control; no-cache / no-store / private say nothing about how often to ask. */
export function cacheHint(cacheControl: string | null | undefined): PollHint | null {
  const m = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(?:,|$)/i.exec(cacheControl ?? '');
  const seconds = m ? Number(m[1]) : 0;
  return seconds > 0 ? { seconds, source: `Cache-Control max-age=${seconds}` } : null;
}

function largest(hints: ReadonlyArray<PollHint | null>): PollHint | null {
  let best: PollHint | null = null;
  for (const h of hints) if (h && (!best || h.seconds > best.seconds)) best = h;
  return best;
}

/** The minimum interval the hints ask for, bounded by `capSeconds` (0 = hints ignored). */
export function minimumInterval(hints: ReadonlyArray<PollHint | null>, capSeconds = HINT_CAP_SECONDS): PollHint | null {
  const best = largest(hints);
  if (!best || capSeconds <= 0) return null;
  if (best.seconds <= capSeconds) return best;
  return { seconds: capSeconds, source: `${best.source}, capped at ${formatDuration(capSeconds * 1000)}` };
}
