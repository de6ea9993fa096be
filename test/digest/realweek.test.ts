// Issue 8 on real news: in a digest built from a real week (../shared/realdata, hand-labelled by event), each
// event appears once in the top 15, and no headline hides an unrelated event. The week goes through the
// product's own path (scripts/realdata/pipeline.ts: loopback feeds, SQLite, ingest, analysis) and the digest
// through the scheduler's model code (buildModels) for a chat reading the week's language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRealWeek, pairKey, REALDATA_DIR, realWeekNames, type RealWeek } from '../../scripts/realdata/load.js';
import { runRealPath } from '../../scripts/realdata/pipeline.js';
import type { DigestStory } from '../../src/digest/build.js';
import { buildModels } from '../../src/notify/digests.js';
import { ensureChat, getChat, updateChatSettings } from '../../src/store/chats.js';
import type { Db } from '../../src/store/db.js';

const TOP_N = 15;
const HOUR = 3_600_000;
const CHAT_ID = 1;

/** The digest's top stories for a chat reading only the week's language, over the whole week. */
function topStories(db: Db, week: RealWeek, lastFetch: number): DigestStory[] {
  const lang = week.items[0]!.language === 'zh' ? 'zh' : 'en';
  ensureChat(
    db,
    { id: CHAT_ID, type: 'private', title: 'reader' },
    { timezone: 'UTC', digestTime: '08:00' },
    lastFetch,
  );
  updateChatSettings(db, CHAT_ID, { content_languages: lang, ui_language: lang }, lastFetch);
  const start = Math.min(...week.items.map((it) => Date.parse(it.published)));
  // The digest goes out an hour after the last fetch: a story first seen at the digest's own instant would
  // fall outside its window (first_seen < end). The clock is the week's, not Date.now(): the items are from 2025.
  const model = buildModels(db, [{ chat: getChat(db, CHAT_ID)!, start }], lastFetch + HOUR, TOP_N).get(CHAT_ID)!;
  return model.stories;
}

interface Checked {
  headline: string;
  lead: string;
  event: string;
  /** Members in neither the headline's event nor related to it. */
  strays: string[];
}

/** A member is fine in its story if it is in the headline's event or related to any item of that event. */
function checkStory(week: RealWeek, story: DigestStory, members: string[], lead: string): Checked {
  const event = week.eventOf.get(lead)!;
  const eventItems = week.items.filter((it) => week.eventOf.get(it.id) === event).map((it) => it.id);
  const fits = (m: string) => week.eventOf.get(m) === event || eventItems.some((e) => week.related.has(pairKey(m, e)));
  return { headline: story.lead.title, lead, event, strays: members.filter((m) => !fits(m)) };
}

const describeItem = (week: RealWeek, id: string) =>
  `${id} [${week.eventOf.get(id)}: ${week.eventTitle.get(week.eventOf.get(id)!)}]`;

function duplicateEvents(week: RealWeek, checked: Checked[]): string[] {
  const byEvent = new Map<string, Checked[]>();
  for (const c of checked) byEvent.set(c.event, [...(byEvent.get(c.event) ?? []), c]);
  return [...byEvent]
    .filter(([, cs]) => cs.length > 1)
    .map(
      ([e, cs]) =>
        `event ${e} "${week.eventTitle.get(e)}" leads ${cs.length} stories:\n` +
        cs.map((c) => `    "${c.headline}" (lead ${c.lead})`).join('\n'),
    );
}

function hiddenEvents(week: RealWeek, checked: Checked[]): string[] {
  return checked
    .filter((c) => c.strays.length)
    .map(
      (c) =>
        `"${c.headline}" (lead ${describeItem(week, c.lead)}) hides:\n` +
        c.strays.map((s) => `    ${describeItem(week, s)}`).join('\n'),
    );
}

async function checkWeek(name: string): Promise<void> {
  const week = loadRealWeek(name);
  let stories: DigestStory[] = [];
  const path = await runRealPath(week, 'batch', (db, now) => {
    stories = topStories(db, week, now);
  });
  assert.equal(stories.length, TOP_N, `a real week fills the top ${TOP_N}`);
  const membersOf = new Map<number, string[]>();
  for (const [item, story] of path.pred) membersOf.set(story, [...(membersOf.get(story) ?? []), item]);
  const checked = stories.map((s) => {
    const lead = path.itemOfArticle.get(s.lead.id);
    assert.ok(lead, `the headline "${s.lead.title}" (article ${s.lead.id}) maps back to an item`);
    return checkStory(week, s, membersOf.get(s.storyId) ?? [], lead);
  });
  const problems = [...duplicateEvents(week, checked), ...hiddenEvents(week, checked)];
  if (problems.length) assert.fail(`${name}, top ${TOP_N}:\n${problems.join('\n')}`);
}

const weeks = realWeekNames();
// Reported as TODO, not as a pass: on 2026-12-01 en-2025-11-24's top 15 still holds one wrong merge — two
// Tether stories four days apart (a mining shutdown; the CEO answering S&P's downgrade), which share the
// company's name and the crypto vocabulary around it. The other weeks must pass.
const KNOWN_FAILING: Record<string, string> = {
  'en-2025-11-24': 'issue 8: one company, two events (Tether) merged in the top 15',
};
const skip = weeks.length
  ? false
  : `no real weeks in ${REALDATA_DIR} (../shared/realdata is not part of the repository; set REALDATA_DIR)`;

test(
  'a digest of a real week: each event once in the top 15, no headline hides an unrelated event',
  { skip },
  async (t) => {
    // One week at a time: each runs the whole ingest and analysis path.
    for (const name of weeks) await t.test(name, { todo: KNOWN_FAILING[name] ?? false }, () => checkWeek(name));
  },
);
