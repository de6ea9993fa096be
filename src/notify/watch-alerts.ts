// Watch alerts after an ingest cycle: each *new* article is matched once against all watches
// (store/watch-match.ts), a chat's matches from one cycle become one message (split only if it
// would pass 4096 characters), and quiet hours delay the message instead of dropping it.
import type { Logger } from 'pino';
import { renderArticleBlocks } from '../format/articles.js';
import { renderCveBadge } from '../format/cve-card.js';
import { html, type SafeHtml } from '../format/html.js';
import { byUrgency } from '../news/cve-record.js';
import { t, type UiLanguage } from '../format/i18n.js';
import { packMessages } from '../format/split.js';
import { parseQuery, QueryError } from '../news/query.js';
import { activeWatches, getChat } from '../store/chats.js';
import type { Db } from '../store/db.js';
import { chatLanguage, hiddenFeedIds } from '../digest/chat-settings.js';
import { articleCves } from '../store/cve-alerts.js';
import { cveBadges } from '../store/cve-records.js';
import { articlesByIds, resolvePlanMatch, type SearchHit } from '../store/search.js';
import { claimAlerts, matchNewArticles, type WatchExpression } from '../store/watch-match.js';
import { queueMessages, recipientOf } from './queue.js';

/** An article names up to this many CVEs with their badges in an alert. */
const MAX_BADGES = 3;

export interface AlertDeps {
  db: Db;
  clock: () => number;
  log: Logger;
}

function expressions(deps: AlertDeps, now: number): WatchExpression[] {
  const out: WatchExpression[] = [];
  for (const w of activeWatches(deps.db)) {
    try {
      const match = resolvePlanMatch(deps.db, parseQuery(w.query, now));
      if (match) out.push({ watchId: w.id, chatId: w.chat_id, match, since: w.created_at });
    } catch (err) {
      // A watch saved before a syntax change may no longer parse; it is skipped, not fatal.
      if (!(err instanceof QueryError)) throw err;
      deps.log.warn({ watchId: w.id, error: err.message }, 'watch query no longer parses; skipped');
    }
  }
  return out;
}

/** Returns the number of messages queued. */
export function queueWatchAlerts(deps: AlertDeps, newArticleIds: number[]): number {
  const now = deps.clock();
  const hits = matchNewArticles(deps.db, newArticleIds, expressions(deps, now));
  const byChat = new Map<number, Set<number>>();
  for (const h of hits) byChat.set(h.chatId, (byChat.get(h.chatId) ?? new Set()).add(h.articleId));
  let queued = 0;
  deps.db
    .transaction(() => {
      for (const [chatId, ids] of byChat) {
        const fresh = claimAlerts(
          deps.db,
          [...ids].map((articleId) => ({ chatId, articleId })),
        );
        if (fresh.length)
          queued += queueChatAlert(
            deps,
            chatId,
            fresh.map((f) => f.articleId),
            now,
          );
      }
    })
    .immediate();
  return queued;
}

function queueChatAlert(deps: AlertDeps, chatId: number, articleIds: number[], now: number): number {
  const chat = getChat(deps.db, chatId);
  if (!chat) return 0;
  const lang: UiLanguage = chatLanguage(chat);
  // A muted source's articles (or another chat's own feed's) are claimed, so unmuting later does not
  // replay them, but not sent.
  const hidden = new Set(hiddenFeedIds(chat));
  const articles = articlesByIds(deps.db, articleIds)
    .filter((a) => !hidden.has(a.feedId))
    .sort((a, b) => b.published - a.published);
  if (!articles.length) return 0;
  const blocks = withCveBadges(deps.db, articles, renderArticleBlocks(articles, chat.timezone), lang);
  const messages = packMessages(blocks, { header: t(lang, 'alertHeader') });
  return queueMessages(deps.db, recipientOf(chat), messages, 'alert', now).length;
}

/** Badges an alert's articles by their CVEs, most urgent first, a few per article. */
function withCveBadges(db: Db, articles: SearchHit[], blocks: SafeHtml[], lang: UiLanguage): SafeHtml[] {
  const cves = new Map(
    articleCves(
      db,
      articles.map((a) => a.id),
    ).map((a) => [a.articleId, a.cves]),
  );
  const badges = cveBadges(db, [...cves.values()].flat());
  return blocks.map((block, i) => {
    const facts = (cves.get(articles[i]!.id) ?? []).map((id) => badges.get(id)!).sort(byUrgency);
    const lines = facts.slice(0, MAX_BADGES).map((f) => html`\n    🏷 ${renderCveBadge(f, lang)}`);
    return html`${block}${lines}`;
  });
}
