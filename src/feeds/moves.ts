// Following a feed that moved (issue 13). One 301 can be a mistake in a server's config that is
// fixed the next day, so a feed moves only after MOVE_AFTER_FETCHES consecutive successful fetches
// were sent to the same new URL. A fetch that fails says nothing either way and leaves the count.
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { MOVE_AFTER_FETCHES, moveFeed, recordRedirectStreak, type FeedMoveColumns } from '../store/feed-moves.js';

export type RedirectStep =
  | { kind: 'none' } // nothing to record: no redirect now, none pending
  | { kind: 'reset' } // the redirect went away before the move: forget it
  | { kind: 'pending'; target: string; streak: number }
  | { kind: 'move'; target: string };

/** Pure: what one successful fetch, permanently redirected to `movedTo` or not, does to the count. */
export function nextRedirectStep(
  feed: Pick<FeedMoveColumns, 'url' | 'redirect_target' | 'redirect_streak'>,
  movedTo: string | undefined,
  threshold = MOVE_AFTER_FETCHES,
): RedirectStep {
  if (!movedTo || movedTo === feed.url) return feed.redirect_target ? { kind: 'reset' } : { kind: 'none' };
  const streak = movedTo === feed.redirect_target ? feed.redirect_streak + 1 : 1;
  return streak >= threshold ? { kind: 'move', target: movedTo } : { kind: 'pending', target: movedTo, streak };
}

/** Applies the step after a successful fetch; a database error is logged and never fails the fetch. */
export function followPermanentRedirect(
  deps: { db: Db; log: Logger },
  feed: FeedMoveColumns & { id: number },
  movedTo: string | undefined,
  now: number,
): void {
  const step = nextRedirectStep(feed, movedTo);
  try {
    if (step.kind === 'reset') recordRedirectStreak(deps.db, feed.id, null, 0);
    if (step.kind === 'pending') recordRedirectStreak(deps.db, feed.id, step.target, step.streak);
    if (step.kind !== 'move') return;
    const moved = moveFeed(deps.db, feed.id, step.target, now);
    deps.log.warn({ from: feed.url, to: step.target, moved }, 'feed moved permanently');
  } catch (err) {
    deps.log.error({ err, feed: feed.url }, 'could not record a permanent redirect');
  }
}
