// RawFeed → NormalizedItem[]. Pure: clock and limits come in through the context.
import { createHash } from 'node:crypto';
import { effectivePublished, parseFeedDate, type DateContext } from '../news/date.js';
import { articleLanguage, primaryLanguage } from '../news/lang.js';
import { cleanTitle, collapseWhitespace, htmlToText, truncate } from '../news/text.js';
import { canonicalUrl, resolveHttpUrl } from '../news/url.js';
import type { NormalizedItem } from '../news/article.js';
import type { RawFeed, RawItem } from './types.js';

export interface NormalizeContext {
  /** URL the document was finally served from (after redirects); the last base for links. */
  finalUrl: string;
  /** Language the operator declared for the feed (OPML `language`), which beats the feed's own. */
  feedLanguage?: string | null;
  now: number;
  limits?: Partial<TextLimits>;
}

export interface TextLimits {
  titleChars: number;
  summaryChars: number;
  bodyChars: number;
  guidChars: number;
}

export const DEFAULT_LIMITS: TextLimits = { titleChars: 500, summaryChars: 600, bodyChars: 20_000, guidChars: 1_000 };

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

export function normalizeFeed(feed: RawFeed, ctx: NormalizeContext): NormalizedItem[] {
  const limits = { ...DEFAULT_LIMITS, ...ctx.limits };
  const declared = primaryLanguage(ctx.feedLanguage) ?? primaryLanguage(feed.language);
  const bases = [feed.base, feed.link, ctx.finalUrl];
  const out: NormalizedItem[] = [];
  for (const raw of feed.items) {
    const item = normalizeItem(raw, { declared, bases, now: ctx.now, limits });
    if (item) out.push(item);
  }
  return out;
}

interface ItemContext {
  declared: string | null;
  bases: Array<string | undefined>;
  now: number;
  limits: TextLimits;
}

/**
 * Links longer than this are no article's (servers and browsers stop at 2–8 KB); a hostile 1 MB
 * link would otherwise be stored, used as the cross-feed dedupe key and put into every message.
 */
export const MAX_URL_CHARS = 4096;

const bounded = (url: string | null) => (url && url.length <= MAX_URL_CHARS ? url : null);

function itemUrl(raw: RawItem, bases: Array<string | undefined>): string | null {
  const fromLink = bounded(resolveHttpUrl(raw.link, [raw.base, ...bases]));
  if (fromLink) return fromLink;
  // RSS 2.0: a guid is a permalink unless isPermaLink="false".
  if (raw.guid && raw.guidIsPermaLink !== false && /^https?:\/\//i.test(raw.guid.trim()))
    return bounded(resolveHttpUrl(raw.guid, []));
  return null;
}

function normalizeItem(raw: RawItem, ctx: ItemContext): NormalizedItem | null {
  const url = itemUrl(raw, ctx.bases);
  const bodyText = htmlToText(raw.contentHtml ?? raw.summaryHtml ?? '', ctx.limits.bodyChars);
  const summarySource = raw.summaryHtml ? htmlToText(raw.summaryHtml, ctx.limits.summaryChars * 2) : bodyText;
  const summary = truncate(summarySource, ctx.limits.summaryChars);
  // A title made from the text: its first 100 characters, without the full stop a block's end gave it.
  const title = cleanTitle(raw.title ?? '', ctx.limits.titleChars) || truncate(summary, 100).replace(/[.。]$/, '');
  if (!title && !url) return null; // nothing a reader could recognise or open

  const language = articleLanguage(ctx.declared, `${title} ${summary}`);
  const zh = language === 'zh';
  const dateCtx: DateContext = { naiveOffset: zh ? '+08:00' : 'Z', cstIsChina: zh };
  const declaredDate = raw.rawDates.map((d) => parseFeedDate(d, dateCtx)).find((t) => t !== null) ?? null;
  const guid = raw.guid ? collapseWhitespace(raw.guid).slice(0, ctx.limits.guidChars) || null : null;

  return {
    guid,
    url,
    canonicalUrl: url ? canonicalUrl(url) : null,
    title: title || url!,
    summary,
    bodyText,
    language,
    publishedAt: effectivePublished(declaredDate, ctx.now),
    dateMissing: declaredDate === null,
    author: raw.author ? truncate(collapseWhitespace(raw.author), 200) : null,
    contentKey: sha1(`${title.toLowerCase()}|${declaredDate ?? ''}`),
    contentHash: sha1(`${title}\n${url ?? ''}\n${summary}\n${bodyText}`),
  };
}
