// Selects and ranks the stories of one digest for one chat. Pure: articles, the CVE badges (KEV,
// EPSS, CVSS), the chat's settings and the clock come in; a DigestModel goes out.
import { TOPIC_KEYS, type Topic } from '../news/article.js';
import { TOPIC_WEIGHT } from '../news/topics.js';
import { byUrgency, exploitLift, type CveBadgeFacts } from '../news/cve-record.js';
import type { AnalysedDoc } from '../store/stories.js';
import { showsArticle, type DigestSettings } from './chat-settings.js';

export interface DigestStory {
  storyId: number;
  topic: Topic;
  lead: AnalysedDoc;
  /** One article per other source, best first. */
  others: AnalysedDoc[];
  /** Most urgent first (KEV, then EPSS, then score). */
  cves: CveBadgeFacts[];
  sources: number;
  score: number;
}

export interface DigestModel {
  windowStart: number;
  windowEnd: number;
  stories: DigestStory[];
  groups: Array<{ topic: Topic; stories: DigestStory[] }>;
  sources: number;
  exploited: number;
}

const HOUR = 3_600_000;

function primaryTopic(doc: AnalysedDoc): Topic {
  const t = doc.topics[0];
  return (TOPIC_KEYS as readonly string[]).includes(t ?? '') ? (t as Topic) : 'other';
}

/** The lead: an article in the reader's language if any, else the earliest report. */
export function pickLead(docs: AnalysedDoc[], uiLanguage: string): AnalysedDoc {
  const sorted = [...docs].sort((a, b) => a.published - b.published || a.id - b.id);
  return sorted.find((d) => d.language === uiLanguage) ?? sorted[0]!;
}

function storyTopic(docs: AnalysedDoc[], lead: AnalysedDoc): Topic {
  const votes = new Map<Topic, number>();
  for (const d of docs) votes.set(primaryTopic(d), (votes.get(primaryTopic(d)) ?? 0) + 1);
  const leadTopic = primaryTopic(lead);
  // The lead's topic wins ties; 'other' only when nothing else was found.
  const best = [...votes]
    .filter(([t]) => t !== 'other')
    .sort((a, b) => b[1] - a[1] || (a[0] === leadTopic ? -1 : 1))[0];
  return best ? best[0] : 'other';
}

function buildStory(
  storyId: number,
  docs: AnalysedDoc[],
  badges: ReadonlyMap<string, CveBadgeFacts>,
  settings: DigestSettings,
  now: number,
): DigestStory {
  const lead = pickLead(docs, settings.uiLanguage);
  const bySource = new Map<number, AnalysedDoc>();
  for (const d of [...docs].sort((a, b) => a.published - b.published))
    if (d.feedId !== lead.feedId && !bySource.has(d.feedId)) bySource.set(d.feedId, d);
  const cveIds = [...new Set(docs.flatMap((d) => d.cves))].sort();
  const cves = cveIds.map((id) => badges.get(id) ?? { id, cvss: null, kev: false, epss: null }).sort(byUrgency);
  const topic = storyTopic(docs, lead);
  const sources = bySource.size + 1;
  const newest = Math.max(...docs.map((d) => d.published));
  const ageHours = Math.max(0, (now - newest) / HOUR);
  const score =
    2 * Math.log2(1 + sources) + // more outlets, more important — with diminishing returns
    1.5 * Math.exp(-ageHours / 24) + // fresher first
    // Exploited in the wild (KEV) beats everything but consensus; a likely exploitation (EPSS) comes close.
    Math.max(0, ...cves.map(exploitLift)) +
    TOPIC_WEIGHT[topic];
  return { storyId, topic, lead, others: [...bySource.values()], cves, sources, score };
}

function wanted(story: DigestStory, settings: DigestSettings): boolean {
  return settings.topics.length === 0 || settings.topics.includes(story.topic);
}

/** Articles grouped by story once per window; many chats then share the work. */
export function groupByStory(docs: AnalysedDoc[]): Map<number, AnalysedDoc[]> {
  const byStory = new Map<number, AnalysedDoc[]>();
  for (const d of docs) {
    if (d.storyId === null) continue;
    const list = byStory.get(d.storyId);
    if (list) list.push(d);
    else byStory.set(d.storyId, [d]);
  }
  return byStory;
}

/**
 * Builds digests for many chats over one window. Candidate stories depend only on the content
 * languages and the lead language, so they are ranked once per such pair and shared; each chat
 * then filters by topic and takes its top N.
 */
export class DigestBuilder {
  private readonly ranked = new Map<string, DigestStory[]>();
  private readonly byStory: Map<number, AnalysedDoc[]>;

  constructor(
    docs: AnalysedDoc[],
    private readonly badges: ReadonlyMap<string, CveBadgeFacts>,
    private readonly window: { start: number; end: number; now: number },
  ) {
    this.byStory = groupByStory(docs);
  }

  private candidates(settings: DigestSettings): DigestStory[] {
    const key = `${[...settings.languages].sort().join(',')}|${settings.uiLanguage}|${settings.hiddenFeeds.join(',')}`;
    let list = this.ranked.get(key);
    if (!list) {
      list = [];
      for (const [storyId, storyDocs] of this.byStory) {
        // Only the chat's content languages and unmuted sources are shown, lead and "also" alike.
        const visible = storyDocs.filter((d) => showsArticle(settings, d));
        if (visible.length) list.push(buildStory(storyId, visible, this.badges, settings, this.window.now));
      }
      list.sort((a, b) => b.score - a.score || b.lead.published - a.lead.published);
      this.ranked.set(key, list);
    }
    return list;
  }

  build(settings: DigestSettings): DigestModel {
    const stories = this.candidates(settings)
      .filter((s) => wanted(s, settings))
      .slice(0, settings.topN);
    const groups = new Map<Topic, DigestStory[]>();
    for (const s of stories) groups.set(s.topic, [...(groups.get(s.topic) ?? []), s]);
    return {
      windowStart: this.window.start,
      windowEnd: this.window.end,
      stories,
      // Groups follow their best story's rank, so the top story opens the digest.
      groups: [...groups].map(([topic, list]) => ({ topic, stories: list })),
      sources: new Set(stories.flatMap((s) => [s.lead.feedId, ...s.others.map((o) => o.feedId)])).size,
      exploited: new Set(stories.flatMap((s) => s.cves.filter((c) => c.kev).map((c) => c.id))).size,
    };
  }
}
