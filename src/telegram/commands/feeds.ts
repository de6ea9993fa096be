// /sources for everyone; /addfeed, /removefeed, /feedstatus, /stats for operators (ADMIN_IDS).
import { anchor, html, join, type SafeHtml } from '../../format/html.js';
import { tHtml } from '../../format/i18n.js';
import { packMessages } from '../../format/split.js';
import { errorDetail, formatDuration, formatUtc, isBlocked, reasonLabel } from '../../format/feed-status.js';
import { renderCveSources } from '../../format/cve-sources.js';
import { countArticles } from '../../store/articles.js';
import { cveSourceStatuses } from '../../store/cve-records.js';
import { chatCounts, getChat, updateChatSettings, type ChatRow } from '../../store/chats.js';
import { foreignFeedIds, mutedFeedIds } from '../../digest/chat-settings.js';
import { MOVE_AFTER_FETCHES } from '../../store/feed-moves.js';
import { listFeeds, setFeedEnabled, upsertFeeds, type FeedRow } from '../../store/feeds.js';
import { pendingCount } from '../../store/outbox.js';
import type { CommandHandler, HandlerContext, Reply } from '../types.js';
import { chatRow, isOperator, refuseUnlessAdmin, reply } from './common.js';

const HEALTH_ICON: Record<string, string> = { ok: '🟢', not_modified: '🟢', error: '🔴' };

function healthLine(f: FeedRow, muted: ReadonlySet<number>): SafeHtml {
  const icon = f.enabled ? (HEALTH_ICON[f.last_status ?? ''] ?? '⚪') : '⏸';
  const detail = f.last_status === 'error' && html` — ${f.last_error ?? ''} (×${f.fail_streak})`;
  return html`<code>${f.id}</code> ${icon}${muted.has(f.id) && ' 🔇'} ${anchor(f.site_url, f.title)}${detail}`;
}

/** The one enabled feed an argument names: its id, or a unique part of its title. */
function namedFeed(feeds: FeedRow[], arg: string): FeedRow | string {
  const byId = feeds.find((f) => String(f.id) === arg);
  if (byId) return byId;
  const matches = feeds.filter((f) => f.title.toLowerCase().includes(arg.toLowerCase()));
  if (matches.length === 1) return matches[0]!;
  return matches.length ? `“${arg}” names ${matches.length} sources; use the id from /sources` : `no source “${arg}”`;
}

// Kept short: a muted source leaves every push to this chat, never the archive.
const MUTE_NOTE = "its articles leave this chat's digests, stories and alerts (/search still finds them).";

/** `/sources mute <id or name>` and `unmute`: for this chat only; search is not affected. */
async function muteSource(ctx: HandlerContext, mute: boolean, arg: string): Promise<Reply[]> {
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  const feed = namedFeed(visibleFeeds(ctx, getChat(ctx.env.db, ctx.msg.chat.id)), arg.trim());
  if (typeof feed === 'string') return reply(html`${feed}. Usage: <code>/sources mute 12</code> or a name.`);
  const chat = chatRow(ctx);
  const ids = new Set(mutedFeedIds(chat));
  if (mute) ids.add(feed.id);
  else ids.delete(feed.id);
  updateChatSettings(ctx.env.db, chat.id, { muted_feeds: [...ids].sort((a, b) => a - b).join(',') }, ctx.env.clock());
  const undo = html`<code>/sources unmute ${feed.id}</code> brings it back.`;
  return reply(
    mute
      ? html`🔇 <b>${feed.title}</b> is muted here: ${MUTE_NOTE} ${undo}`
      : html`🔈 <b>${feed.title}</b> is back in this chat's digests, stories and alerts.`,
  );
}

/**
 * The enabled feeds this chat gets: the shared ones and its own; other chats' own feeds are
 * theirs (their URLs can be private) and chat-only feeds are left out where no chat row exists yet.
 */
function visibleFeeds(ctx: HandlerContext, chat: ChatRow | undefined): FeedRow[] {
  const foreign = new Set(foreignFeedIds(chat ?? {}));
  return listFeeds(ctx.env.db).filter((f) => f.enabled && !foreign.has(f.id) && (chat || !f.chat_only));
}

export const sources: CommandHandler = async (ctx) => {
  const [verb, ...rest] = ctx.args.trim().split(/\s+/);
  if (verb === 'mute' || verb === 'unmute') return muteSource(ctx, verb === 'mute', rest.join(' '));
  const chat = getChat(ctx.env.db, ctx.msg.chat.id);
  const muted = new Set(mutedFeedIds(chat ?? {}));
  const feeds = visibleFeeds(ctx, chat);
  const ok = feeds.filter((f) => f.last_status === 'ok' || f.last_status === 'not_modified').length;
  const header = tHtml(ctx.lang, 'sourcesHeader', { ok, total: feeds.length });
  const on = ctx.env.settings.cveSources;
  const footer = on.length ? renderCveSources(cveSourceStatuses(ctx.env.db, on), ctx.lang, ctx.env.clock()) : undefined;
  const lines = feeds.map((f) => healthLine(f, muted));
  return packMessages(lines, { header, footer }).map((h) => ({ html: h }));
};

function refuseNonOperator(ctx: HandlerContext): Reply[] | null {
  return isOperator(ctx) ? null : reply(tHtml(ctx.lang, 'notAllowed'));
}

export const addFeed: CommandHandler = async (ctx) => {
  const refused = refuseNonOperator(ctx);
  if (refused) return refused;
  const url = ctx.args.trim();
  if (!/^https?:\/\/\S+$/i.test(url) || url.length > 2000) {
    return reply(html`Usage: <code>/addfeed https://example.com/feed.xml</code>`);
  }
  const check = await ctx.env.validateFeedUrl(url);
  if (!check.ok && check.candidates?.length) return reply(offerFeeds(check.candidates));
  if (!check.ok) return reply(html`❌ Not added: ${check.reason}`);
  const r = upsertFeeds(ctx.env.db, [{ url, title: check.title }], 'admin', ctx.env.clock());
  setFeedEnabled(ctx.env.db, url, true);
  return reply(
    r.added
      ? html`✅ Added <b>${check.title}</b>. It is fetched with the next cycle.`
      : html`Already in the list: <b>${check.title}</b> (enabled).`,
  );
};

/** A site's page instead of a feed: the feeds it declares, each with the command that adds it. */
/** A web page's declared feeds, each with the command that adds it (/addfeed, or /myfeeds add). */
export function offerFeeds(candidates: ReadonlyArray<{ url: string; title: string }>, command = '/addfeed'): SafeHtml {
  const lines = candidates.map(
    (c, i) => html`${i + 1}. ${c.title || new URL(c.url).pathname}\n<code>${command} ${c.url}</code>`,
  );
  const found = candidates.length === 1 ? 'one feed' : `${candidates.length} feeds`;
  return html`🔎 That page is not a feed, but it declares ${found}. Add one with its command:\n\n${join(lines, '\n')}`;
}

function findFeed(ctx: HandlerContext): FeedRow | undefined {
  const arg = ctx.args.trim();
  return listFeeds(ctx.env.db).find((f) => String(f.id) === arg || f.url === arg || f.listed_url === arg);
}

export const removeFeed: CommandHandler = async (ctx) => {
  const refused = refuseNonOperator(ctx);
  if (refused) return refused;
  const feed = findFeed(ctx);
  if (!feed) return reply(html`Usage: <code>/removefeed &lt;id or URL&gt;</code> — ids are in /feedstatus.`);
  setFeedEnabled(ctx.env.db, feed.url, false);
  return reply(html`⏸ Disabled <b>${feed.title}</b>. Its articles stay searchable.`);
};

/** Two lines per feed, a third when it is failing: what an operator needs to judge a source. */
function statusBlock(f: FeedRow): SafeHtml {
  const lastOk = f.last_success_at ? formatUtc(f.last_success_at) : 'never';
  const ratio = f.fetch_count
    ? `${Math.round((100 * f.not_modified_count) / f.fetch_count)}% (${f.not_modified_count}/${f.fetch_count})`
    : '–';
  const icon = f.enabled ? (HEALTH_ICON[f.last_status ?? ''] ?? '⚪') : '⏸';
  const counters = `304 ratio ${ratio} · fail streak ${f.fail_streak}`;
  const lines = [
    html`<code>${f.id}</code> ${icon} ${anchor(f.site_url, f.title)}`,
    html`    last ok ${lastOk} · HTTP ${f.last_http_status ?? '–'} · ${counters}`,
  ];
  if (f.disabled_reason) lines.push(html`    disabled: ${f.disabled_reason}`);
  else if (f.last_status === 'error') {
    const since = f.failing_since ? ` since ${formatUtc(f.failing_since)}` : '';
    lines.push(html`    ${isBlocked(f) && '🛡 '}${reasonLabel(f.last_error_reason)}${since}: ${errorDetail(f)}`);
  }
  return join([...lines, ...noteLines(f)], '\n');
}

/** The feed's own polling hint in force (feeds/update-hints.ts), a move done, and one under way (feeds/moves.ts). */
function noteLines(f: FeedRow): SafeHtml[] {
  const lines: SafeHtml[] = [];
  if (f.min_interval_s && f.interval_hint)
    lines.push(html`    ⏱ polled at most every ${formatDuration(f.min_interval_s * 1000)} (${f.interval_hint})`);
  if (f.moved_from && f.moved_at)
    lines.push(html`    ↪ moved ${formatUtc(f.moved_at)} (permanent redirect) from ${f.moved_from}`);
  if (f.redirect_target)
    lines.push(
      html`    ↪ permanent redirect to ${f.redirect_target} on ${f.redirect_streak} of ${MOVE_AFTER_FETCHES} fetches`,
    );
  return lines;
}

export const feedStatus: CommandHandler = async (ctx) => {
  const refused = refuseNonOperator(ctx);
  if (refused) return refused;
  const feeds = listFeeds(ctx.env.db);
  const failing = feeds.filter((f) => f.enabled && f.last_status === 'error');
  const blocked = failing.filter(isBlocked).length;
  const disabled = feeds.filter((f) => !f.enabled).length;
  const counts = `${failing.length} failing (${blocked} blocked), ${disabled} disabled`;
  const header = html`<b>Feed status</b> — ${feeds.length} feeds: ${counts}`;
  // Failing feeds first, longest streak on top: they are what the operator came for.
  const ordered = [
    ...failing.sort((a, b) => b.fail_streak - a.fail_streak || a.id - b.id),
    ...feeds.filter((f) => !failing.includes(f)),
  ];
  return packMessages(ordered.map(statusBlock), { header }).map((h) => ({ html: h }));
};

function deliveryLine(ctx: HandlerContext): string {
  const rate = ctx.env.settings.paidBroadcastPerSecond;
  const d = ctx.env.delivery?.();
  const inFlight = d ? `up to ${d.maxInFlight} in flight (peak ${d.peakInFlight} since start)` : 'no sender';
  const paid = !rate
    ? 'paid broadcast off'
    : d?.paidUnavailable
      ? `paid broadcast refused by Telegram (${d.paidUnavailable}); sending free`
      : `paid broadcast on at ${rate}/s for digests and alerts (${d?.paidSent ?? 0} sent since start)`;
  return `Delivery: ${inFlight}; ${paid}`;
}

export const stats: CommandHandler = async (ctx) => {
  const refused = refuseNonOperator(ctx);
  if (refused) return refused;
  const db = ctx.env.db;
  const chats = chatCounts(db);
  const feeds = listFeeds(db);
  const enabled = feeds.filter((f) => f.enabled);
  const failing = enabled.filter((f) => f.last_status === 'error').length;
  return reply(
    join(
      [
        html`<b>Stats</b>`,
        `Articles: ${countArticles(db)}`,
        `Feeds: ${enabled.length} enabled, ${failing} failing`,
        `Chats: ${chats.known} known, ${chats.subscribed} subscribed`,
        `Outbox: ${pendingCount(db)} pending`,
        deliveryLine(ctx),
      ],
      '\n',
    ),
  );
};
