// How much of one document is read: a hostile feed may cost its own cycle slot, not the
// cycle's time or the process's memory.
import { parseFeedDate } from '../news/date.js';

/**
 * Items read from one document. Real feeds list 10–500; 20,000 items took 2.5 s of blocked event
 * loop and ~140 MB to build, normalise and store, and made the other feeds in flight time out.
 */
export const MAX_ITEMS_PER_FEED = 1000;

const PEEK = { naiveOffset: 'Z', cstIsChina: false };

/**
 * At most MAX_ITEMS_PER_FEED items, from the newest end of the list: feeds list newest first,
 * a few oldest first, which the first and last dates tell apart.
 */
export function newestItems<T>(items: T[], dateOf: (item: T) => string | undefined): T[] {
  if (items.length <= MAX_ITEMS_PER_FEED) return items;
  const first = parseFeedDate(dateOf(items[0]!), PEEK);
  const last = parseFeedDate(dateOf(items[items.length - 1]!), PEEK);
  return first !== null && last !== null && last > first
    ? items.slice(-MAX_ITEMS_PER_FEED)
    : items.slice(0, MAX_ITEMS_PER_FEED);
}
