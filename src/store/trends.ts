// SQL for /trend and the weekly chart: which stories were mentioned when, and under which topic.
import type { SearchPlan } from '../news/query.js';
import type { StoryMention } from '../news/trend.js';
import { articleIdBase } from './articles.js';
import type { Db } from './db.js';
import { matchingIdsBetween } from './search.js';

interface MentionRow {
  storyId: number;
  at: number;
  topics: string;
}

const MENTIONS = 'SELECT story_id AS storyId, published_at AS at, topics FROM articles';

const toMentions = (rows: MentionRow[]): StoryMention[] =>
  rows.map((r) => ({ storyId: r.storyId, at: r.at, topic: r.topics.split(',')[0] || 'other' }));

/**
 * Analysed articles published in [since, until) — all of them, or those matching `plan` — as
 * story mentions. An article not yet analysed has no story and is left out until it has one.
 */
export function storyMentions(db: Db, plan: SearchPlan | null, since: number, until: number): StoryMention[] {
  // null: no text to match (no query, or filters the plan has no expression for): every article.
  const ids = plan ? matchingIdsBetween(db, plan, since, until) : null;
  if (ids === null) {
    const rows = db
      .prepare(`${MENTIONS} WHERE id >= ? AND id < ? AND story_id IS NOT NULL`)
      .all(articleIdBase(since), articleIdBase(until)) as MentionRow[];
    return toMentions(rows);
  }
  if (!ids.length) return [];
  const rows = db
    .prepare(`${MENTIONS} WHERE id IN (SELECT value FROM json_each(?)) AND story_id IS NOT NULL`)
    .all(JSON.stringify(ids)) as MentionRow[];
  return toMentions(rows);
}

/**
 * Every analysed article in [since, until) from the shared feeds, as story mentions: the weekly
 * chart goes to every chat, so a chat's own feed (migration 016) does not count in it.
 */
export function sharedStoryMentions(db: Db, since: number, until: number): StoryMention[] {
  const rows = db
    .prepare(
      `${MENTIONS} WHERE id >= ? AND id < ? AND story_id IS NOT NULL
         AND feed_id NOT IN (SELECT id FROM feeds WHERE chat_only = 1)`,
    )
    .all(articleIdBase(since), articleIdBase(until)) as MentionRow[];
  return toMentions(rows);
}
