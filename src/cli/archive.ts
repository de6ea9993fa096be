// `secbrief search` and `digest --print`: reading the archive, never sending.
import type { App } from '../app.js';
import { chatLanguage, digestSettings } from '../digest/chat-settings.js';
import { previewDigest, storiesJson } from '../digest/preview.js';
import type { UiLanguage } from '../format/i18n.js';
import { parseQuery } from '../news/query.js';
import { getChat } from '../store/chats.js';
import { searchArticles } from '../store/search.js';
import { summarizerDeps } from '../wiring.js';
import { iso, out, UsageError } from './output.js';

export function search(app: App, query: string, opts: { json: boolean; limit: number; rank: boolean }): number {
  const plan = parseQuery(query, app.clock());
  const hits = searchArticles(app.db, plan, { limit: opts.limit, order: opts.rank ? 'relevance' : 'newest' });
  for (const h of hits) {
    if (opts.json)
      out(
        JSON.stringify({
          id: h.id,
          title: h.title,
          url: h.url,
          published: iso(h.published),
          source: h.source,
          language: h.language,
        }),
      );
    else out(`${iso(h.published).slice(0, 10)}  ${h.title}\n            ${h.source} · ${h.url ?? ''}`);
  }
  if (!opts.json && !hits.length) out('no results');
  return 0;
}

export async function digestPrint(
  app: App,
  v: { print?: boolean; chat?: string; hours?: string; lang?: string; json?: boolean },
): Promise<number> {
  if (!v.print) throw new UsageError('digest needs --print (it never sends anything)');
  const hours = v.hours === undefined ? 24 : Number(v.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30)
    throw new UsageError('--hours takes a number from 1 to 720');
  if (v.lang !== undefined && v.lang !== 'en' && v.lang !== 'zh') throw new UsageError('--lang takes en or zh');
  const chat = v.chat === undefined ? undefined : getChat(app.db, Number(v.chat));
  if (v.chat !== undefined && !chat) throw new UsageError(`no chat with id ${v.chat}`);
  const lang: UiLanguage = (v.lang as UiLanguage | undefined) ?? (chat ? chatLanguage(chat) : 'en');
  const settings = chat
    ? digestSettings(chat, app.config.DIGEST_TOP_N)
    : { languages: ['en', 'zh'], topics: [], topN: app.config.DIGEST_TOP_N, uiLanguage: lang, hiddenFeeds: [] };
  const preview = await previewDigest(summarizerDeps(app), {
    settings: { ...settings, uiLanguage: lang },
    lang,
    timezone: chat?.timezone ?? app.config.DEFAULT_TIMEZONE,
    hours,
  });
  if (v.json) for (const story of storiesJson(preview)) out(JSON.stringify(story));
  else out(preview.messages.join('\n\n———\n\n'));
  return 0;
}
