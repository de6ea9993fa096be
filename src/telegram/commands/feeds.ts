// /sources for everyone; /addfeed, /removefeed, /feedstatus, /stats for operators (ADMIN_IDS).
import { code, escapeHtml, link } from '../../format/html.js';
import { t } from '../../format/i18n.js';
import { packMessages } from '../../format/split.js';
import { errorDetail, formatUtc, isBlocked, reasonLabel } from '../../format/feed-status.js';
import { countArticles } from '../../store/articles.js';
import { chatCounts } from '../../store/chats.js';
import { listFeeds, setFeedEnabled, upsertFeeds, type FeedRow } from '../../store/feeds.js';
import { pendingCount } from '../../store/outbox.js';
import type { CommandHandler, HandlerContext, Reply } from '../types.js';
import { html, isOperator } from './common.js';

const HEALTH_ICON: Record<string, string> = { ok: '🟢', not_modified: '🟢', error: '🔴' };

function healthLine(f: FeedRow): string {
  const icon = f.enabled ? (HEALTH_ICON[f.last_status ?? ''] ?? '⚪') : '⏸';
  const detail = f.last_status === 'error' ? ` — ${escapeHtml(f.last_error ?? '')} (×${f.fail_streak})` : '';
  return `${icon} ${link(f.site_url, f.title)}${detail}`;
}

export const sources: CommandHandler = async (ctx) => {
  const feeds = listFeeds(ctx.env.db).filter((f) => f.enabled);
  const ok = feeds.filter((f) => f.last_status === 'ok' || f.last_status === 'not_modified').length;
  return packMessages(feeds.map(healthLine), { header: t(ctx.lang, 'sourcesHeader', { ok, total: feeds.length }) }).map((h) => ({ html: h }));
};

function refuseNonOperator(ctx: HandlerContext): Reply[] | null {
  return isOperator(ctx) ? null : html(t(ctx.lang, 'notAllowed'));
}

export const addFeed: CommandHandler = async (ctx) => {
  const refused = refuseNonOperator(ctx);
  if (refused) return refused;
  const url = ctx.args.trim();
  if (!/^https?:\/\/\S+$/i.test(url) || url.length > 2000) return html('Usage: <code>/addfeed https://example.com/feed.xml</code>');
  const check = await ctx.env.validateFeedUrl(url);
  if (!check.ok) return html(`❌ Not added: ${escapeHtml(check.reason)}`);
  const r = upsertFeeds(ctx.env.db, [{ url, title: check.title }], 'admin', ctx.env.clock());
  setFeedEnabled(ctx.env.db, url, true);
  return html(r.added ? `✅ Added ${bold(check.title)}. It is fetched with the next cycle.` : `Already in the list: ${bold(check.title)} (enabled).`);
};

const bold = (s: string) => `<b>${escapeHtml(s)}</b>`;

function findFeed(ctx: HandlerContext): FeedRow | undefined {
  const arg = ctx.args.trim();
  return listFeeds(ctx.env.db).find((f) => String(f.id) === arg || f.url === arg);
}

export const removeFeed: CommandHandler = async (ctx) => {
  const refused = refuseNonOperator(ctx);
  if (refused) return refused;
  const feed = findFeed(ctx);
  if (!feed) return html('Usage: <code>/removefeed &lt;id or URL&gt;</code> — ids are in /feedstatus.');
  setFeedEnabled(ctx.env.db, feed.url, false);
  return html(`⏸ Disabled ${bold(feed.title)}. Its articles stay searchable.`);
};

/** Two lines per feed, a third when it is failing: what an operator needs to judge a source. */
function statusBlock(f: FeedRow): string {
  const lastOk = f.last_success_at ? formatUtc(f.last_success_at) : 'never';
  const ratio = f.fetch_count ? `${Math.round((100 * f.not_modified_count) / f.fetch_count)}% (${f.not_modified_count}/${f.fetch_count})` : '–';
  const lines = [
    `${code(String(f.id))} ${f.enabled ? (HEALTH_ICON[f.last_status ?? ''] ?? '⚪') : '⏸'} ${link(f.site_url, f.title)}`,
    `    last ok ${lastOk} · HTTP ${f.last_http_status ?? '–'} · 304 ratio ${ratio} · fail streak ${f.fail_streak}`,
  ];
  if (f.last_status === 'error') {
    const since = f.failing_since ? ` since ${formatUtc(f.failing_since)}` : '';
    lines.push(`    ${isBlocked(f) ? '🛡 ' : ''}${escapeHtml(reasonLabel(f.last_error_reason))}${since}: ${escapeHtml(errorDetail(f))}`);
  }
  return lines.join('\n');
}

export const feedStatus: CommandHandler = async (ctx) => {
  const refused = refuseNonOperator(ctx);
  if (refused) return refused;
  const feeds = listFeeds(ctx.env.db);
  const failing = feeds.filter((f) => f.enabled && f.last_status === 'error');
  const blocked = failing.filter(isBlocked).length;
  const disabled = feeds.filter((f) => !f.enabled).length;
  const header = `<b>Feed status</b> — ${feeds.length} feeds: ${failing.length} failing (${blocked} blocked), ${disabled} disabled`;
  // Failing feeds first, longest streak on top: they are what the operator came for.
  const ordered = [...failing.sort((a, b) => b.fail_streak - a.fail_streak || a.id - b.id), ...feeds.filter((f) => !failing.includes(f))];
  return packMessages(ordered.map(statusBlock), { header }).map((h) => ({ html: h }));
};

export const stats: CommandHandler = async (ctx) => {
  const refused = refuseNonOperator(ctx);
  if (refused) return refused;
  const db = ctx.env.db;
  const chats = chatCounts(db);
  const feeds = listFeeds(db);
  return html(
    [
      '<b>Stats</b>',
      `Articles: ${countArticles(db)}`,
      `Feeds: ${feeds.filter((f) => f.enabled).length} enabled, ${feeds.filter((f) => f.enabled && f.last_status === 'error').length} failing`,
      `Chats: ${chats.known} known, ${chats.subscribed} subscribed`,
      `Outbox: ${pendingCount(db)} pending`,
    ].join('\n'),
  );
};
