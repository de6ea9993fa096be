// DigestModel → Telegram HTML messages. Pure. Every feed string is escaped by the html template;
// messages stay under 4096 characters and split only between stories (a topic heading travels
// with its first story).
import { formatDate } from '../format/articles.js';
import { renderCveBadge } from '../format/cve-card.js';
import { anchor, html, join, type SafeHtml } from '../format/html.js';
import { tHtml, topicLabel, type UiLanguage } from '../format/i18n.js';
import { packMessages } from '../format/split.js';
import { truncate } from '../news/text.js';
import type { AnalysedDoc } from '../store/stories.js';
import type { DigestModel, DigestStory } from './build.js';

export interface RenderOptions {
  lang: UiLanguage;
  timezone: string;
  /** Summary per lead article id (extractive or LLM); missing = no summary line. */
  summaries: ReadonlyMap<number, string>;
  /** Headline in the reader's language per lead article id, when translated. */
  headlines?: ReadonlyMap<number, string>;
  /** Date shown in the header; defaults to the window end. */
  date?: number;
}

const TOPIC_ICON: Record<string, string> = {
  ransomware: '🔒',
  vuln: '🐞',
  breach: '💧',
  malware: '🦠',
  apt: '🎯',
  policy: '⚖️',
  advisory: '📢',
  other: '📌',
};

/** Badged CVEs with one line each, at most this many; the rest of a story's CVEs by id on one line. */
const MAX_BADGES = 3;
const MAX_PLAIN_CVES = 6;

/**
 * `🏷 CVE-2024-3400 · 10.0 critical · ⚠ KEV · EPSS 94%`, most urgent first. A Patch Tuesday story
 * names eighty CVEs; the few that are exploited or scored get a line, the others a short list.
 */
function cveLines(story: DigestStory, lang: UiLanguage): SafeHtml[] {
  const known = (c: DigestStory['cves'][number]) => c.kev || c.cvss !== null || c.epss !== null;
  const badged = story.cves.filter(known).slice(0, MAX_BADGES);
  const rest = story.cves.filter((c) => !badged.includes(c));
  const lines = badged.map((c) => html`  🏷 ${renderCveBadge(c, lang)}`);
  if (rest.length) {
    const shown = rest.slice(0, MAX_PLAIN_CVES).map((c) => html`<code>${c.id}</code>`);
    const more = rest.length > MAX_PLAIN_CVES ? ` +${rest.length - MAX_PLAIN_CVES}` : '';
    lines.push(html`  🏷 ${join(shown, ' ')}${more}`);
  }
  return lines;
}

export function renderStory(story: DigestStory, opts: RenderOptions): SafeHtml {
  const title = opts.headlines?.get(story.lead.id) ?? story.lead.title;
  const lines = [html`• ${anchor(story.lead.url, title)} <i>(${story.lead.source})</i>`];
  if (story.others.length) {
    const others = join(
      story.others.map((o) => anchor(o.url, o.source)),
      ', ',
    );
    lines.push(html`  ${tHtml(opts.lang, 'digestAlso')}: ${others}`);
  }
  const summary = opts.summaries.get(story.lead.id);
  if (summary) lines.push(html`  ${summary}`);
  lines.push(...cveLines(story, opts.lang));
  return join(lines, '\n');
}

function header(model: DigestModel, opts: RenderOptions): SafeHtml {
  const date = formatDate(opts.date ?? model.windowEnd, opts.timezone);
  const exploited = model.exploited ? tHtml(opts.lang, 'digestExploited', { count: model.exploited }) : '';
  const counts = tHtml(opts.lang, 'digestCounts', { stories: model.stories.length, sources: model.sources, exploited });
  return html`${tHtml(opts.lang, 'digestHeader', { date })}\n${counts}`;
}

/** The digest's messages; a one-line quiet-day note when there is nothing to report. */
export function renderDigest(model: DigestModel, opts: RenderOptions): string[] {
  if (!model.stories.length) {
    return [tHtml(opts.lang, 'quietDay', { date: formatDate(opts.date ?? model.windowEnd, opts.timezone) }).value];
  }
  const blocks: SafeHtml[] = [];
  for (const group of model.groups) {
    const heading = html`${TOPIC_ICON[group.topic] ?? ''} <b>${topicLabel(opts.lang, group.topic)}</b>`;
    group.stories.forEach((story, i) => {
      const block = renderStory(story, opts);
      blocks.push(i === 0 ? html`${heading}\n${block}` : block);
    });
  }
  return packMessages(blocks, { header: header(model, opts), footer: tHtml(opts.lang, 'digestFooter') });
}

/** Instant mode: new stories as they are first seen, one message per cycle. */
export function renderInstant(stories: DigestStory[], opts: RenderOptions): string[] {
  return packMessages(
    stories.map((s) => renderStory(s, opts)),
    { header: tHtml(opts.lang, 'instantHeader') },
  );
}

export interface StoryUpdate {
  /** The story's headline as the chat was sent it (translated when it was). */
  storyHeadline: string;
  article: AnalysedDoc;
}

// The story is named, not retold: the reader has its lead already, the update says what moved.
const UPDATE_HEADLINE_CHARS = 120;

/** Instant mode: follow-ups of stories already sent, one line each, packed into few messages. */
export function renderUpdates(updates: StoryUpdate[], lang: UiLanguage): string[] {
  const lines = updates.map((u) =>
    tHtml(lang, 'instantUpdate', {
      story: truncate(u.storyHeadline, UPDATE_HEADLINE_CHARS),
      title: anchor(u.article.url, u.article.title),
      source: u.article.source,
    }),
  );
  return packMessages(lines);
}
