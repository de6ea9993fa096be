// A digest built on demand (/digest, `secbrief digest --print`): same builder and renderer as
// the schedule, but nothing is claimed or queued.
import type { UiLanguage } from '../format/i18n.js';
import { cveBadges } from '../store/cve-records.js';
import { storiesFirstSeenBetween } from '../store/stories.js';
import { DigestBuilder, type DigestModel } from './build.js';
import type { DigestSettings } from './chat-settings.js';
import { renderDigest } from './render.js';
import { summarizeStories, type SummarizerDeps } from './summaries.js';

export interface PreviewRequest {
  settings: DigestSettings;
  lang: UiLanguage;
  timezone: string;
  hours: number;
}

export interface Preview {
  model: DigestModel;
  messages: string[];
  summaries: Map<number, string>;
  headlines: Map<number, string>;
}

export async function previewDigest(deps: SummarizerDeps, req: PreviewRequest): Promise<Preview> {
  const end = deps.clock();
  const start = end - req.hours * 3_600_000;
  const docs = storiesFirstSeenBetween(deps.db, start, end);
  const model = new DigestBuilder(
    docs,
    cveBadges(
      deps.db,
      docs.flatMap((d) => d.cves),
    ),
    { start, end, now: end },
  ).build(req.settings);
  const { summaries, headlines } = await summarizeStories(deps, model.stories, req.lang);
  const messages = renderDigest(model, { lang: req.lang, timezone: req.timezone, summaries, headlines, date: end });
  return { model, messages, summaries, headlines };
}

/** The structured stories, for `--json`. */
export function storiesJson(p: Preview): unknown[] {
  return p.model.stories.map((s) => ({
    story_id: s.storyId,
    topic: s.topic,
    title: p.headlines.get(s.lead.id) ?? s.lead.title,
    url: s.lead.url,
    source: s.lead.source,
    language: s.lead.language,
    published: new Date(s.lead.published).toISOString(),
    also: s.others.map((o) => ({ source: o.source, url: o.url, title: o.title, language: o.language })),
    summary: p.summaries.get(s.lead.id) ?? '',
    cves: s.cves,
    sources: s.sources,
    score: Math.round(s.score * 100) / 100,
  }));
}
