// The weekly report's content for one chat. Pure: the week's stories, CVE badges, stories per day
// (this week and last), the quiet sources and the clock come in; a WeeklyModel goes out. The top
// stories are ranked as the daily digest ranks them (sources first, KEV lift), over the week.
import { actorsIn, type ActorKind } from '../news/actors.js';
import { byUrgency, type CveBadgeFacts } from '../news/cve-record.js';
import type { DailyStories } from '../news/trend.js';
import type { AnalysedDoc } from '../store/stories.js';
import type { QuietSource } from '../store/weekly.js';
import { DigestBuilder, groupByStory, type DigestStory } from './build.js';
import type { DigestSettings } from './chat-settings.js';

export const WEEKLY_TOP_STORIES = 10;
const TOP_CVES = 5;
const TOP_ACTORS = 5;
const MAX_QUIET = 8;

export interface WeeklyInput {
  /** Every article of the stories first seen in the week. */
  docs: AnalysedDoc[];
  badges: ReadonlyMap<string, CveBadgeFacts>;
  perDay: DailyStories;
  lastWeek: DailyStories;
  quiet: QuietSource[];
  /** Chats' own feeds (ALLOW_CHAT_FEEDS): their articles rank for the chats that added them only. */
  chatOnlyFeeds: readonly number[];
  window: { start: number; end: number; now: number };
}

export interface Mentioned<T> {
  item: T;
  /** Stories of the week that name it. */
  stories: number;
}

export interface WeeklyModel {
  windowStart: number;
  windowEnd: number;
  /** The week's best stories in the chat's languages and topics, each with its number of sources. */
  top: DigestStory[];
  /** Stories of the week, all languages and topics (what the chart counts). */
  totalStories: number;
  lastWeekStories: number;
  sources: number;
  cves: Array<Mentioned<CveBadgeFacts>>;
  actors: Array<Mentioned<{ name: string; kind: ActorKind }>>;
  quiet: QuietSource[];
  perDay: DailyStories;
  lastWeek: DailyStories;
}

/** Items by the number of stories naming them, most first; `key` decides what counts as one item. */
function mostMentioned<T>(perStory: Array<readonly T[]>, key: (t: T) => string, limit: number): Array<Mentioned<T>> {
  const counts = new Map<string, Mentioned<T>>();
  for (const items of perStory) {
    for (const item of new Map(items.map((i) => [key(i), i])).values()) {
      const known = counts.get(key(item));
      if (known) known.stories++;
      else counts.set(key(item), { item, stories: 1 });
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.stories - a.stories || key(a.item).localeCompare(key(b.item)))
    .slice(0, limit);
}

function topCves(
  stories: AnalysedDoc[][],
  badges: ReadonlyMap<string, CveBadgeFacts>,
): Array<Mentioned<CveBadgeFacts>> {
  const perStory = stories.map((docs) =>
    docs.flatMap((d) => d.cves).map((id) => badges.get(id) ?? { id, cvss: null, kev: false, epss: null }),
  );
  // Most stories first; among equals the most urgent (KEV, EPSS, score).
  return mostMentioned(perStory, (c) => c.id, Number.POSITIVE_INFINITY)
    .sort((a, b) => b.stories - a.stories || byUrgency(a.item, b.item))
    .slice(0, TOP_CVES);
}

function topActors(stories: AnalysedDoc[][]): WeeklyModel['actors'] {
  const perStory = stories.map((docs) => docs.flatMap((d) => actorsIn(`${d.title}\n${d.summary}`)));
  const all = mostMentioned(perStory, (a) => a.name, Number.POSITIVE_INFINITY);
  const kind = (k: ActorKind) => all.filter((a) => a.item.kind === k).slice(0, TOP_ACTORS);
  return [...kind('ransomware'), ...kind('actor')];
}

/** What every chat's report of one week shares; only the top stories depend on a chat's settings. */
export interface WeekFacts {
  builder: DigestBuilder;
  shared: Omit<WeeklyModel, 'top'>;
}

/** Once per week and time zone, however many chats: ranking and name matching run over every article. */
export function weekFacts(input: WeeklyInput): WeekFacts {
  // The shared part goes to every chat, so a chat's own feed must not put names (CVEs, actors) in it.
  const chatOnly = new Set(input.chatOnlyFeeds);
  const sharedDocs = input.docs.filter((d) => !chatOnly.has(d.feedId));
  const stories = [...groupByStory(sharedDocs).values()];
  const shared = {
    windowStart: input.window.start,
    windowEnd: input.window.end,
    totalStories: input.perDay.total,
    lastWeekStories: input.lastWeek.total,
    sources: new Set(sharedDocs.map((d) => d.feedId)).size,
    cves: topCves(stories, input.badges),
    actors: topActors(stories),
    quiet: input.quiet.slice(0, MAX_QUIET),
    perDay: input.perDay,
    lastWeek: input.lastWeek,
  };
  return { builder: new DigestBuilder(input.docs, input.badges, input.window), shared };
}

/** One chat's report: the shared facts and its own top stories (its languages and topics). */
export function weeklyFor(facts: WeekFacts, settings: DigestSettings): WeeklyModel {
  return { ...facts.shared, top: facts.builder.build({ ...settings, topN: WEEKLY_TOP_STORIES }).stories };
}
