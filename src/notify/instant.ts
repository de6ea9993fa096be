// Instant delivery: chats in 'instant' or 'both' mode get each new story once, as soon as it is
// first seen. A later report of the same story is not sent again as a story; when it adds
// something new it goes out as a short update (digest/updates.ts).
import type { UiLanguage } from '../format/i18n.js';
import { assessNovelty, type Novelty } from '../news/novelty.js';
import { subscribedChats, type ChatRow } from '../store/chats.js';
import { claimInstantStories } from '../store/digests.js';
import {
  claimInstantUpdate,
  instantRecipients,
  joinedStoryIds,
  sentUpdates,
  type InstantRecipient,
} from '../store/instant.js';
import { cveBadges } from '../store/cve-records.js';
import { cachedOutput } from '../store/llm.js';
import { storyArticles, type AnalysedDoc } from '../store/stories.js';
import { DigestBuilder, groupByStory, pickLead } from '../digest/build.js';
import { chatLanguage, digestSettings, showsArticle } from '../digest/chat-settings.js';
import { renderInstant, renderUpdates, type StoryUpdate } from '../digest/render.js';
import { summarizeStories, type SummarizerDeps } from '../digest/summaries.js';
import type { PlanDeps } from './digests.js';
import { queueMessages, recipientOf } from './queue.js';

/** Queues new stories for instant chats; returns the number of messages queued. */
export async function queueInstantStories(deps: PlanDeps, newStoryIds: number[]): Promise<number> {
  if (!newStoryIds.length) return 0;
  const chats = subscribedChats(deps.db).filter((c) => c.delivery_mode !== 'digest');
  if (!chats.length) return 0;
  const now = deps.clock();
  const docs = storyArticles(deps.db, newStoryIds);
  const builder = new DigestBuilder(
    docs,
    cveBadges(
      deps.db,
      docs.flatMap((d) => d.cves),
    ),
    { start: 0, end: now, now },
  );
  let queued = 0;
  for (const chat of chats) {
    // Stories that began before the chat subscribed are backlog, not news for it.
    const model = builder.build({ ...digestSettings(chat, 50) });
    const fresh = model.stories.filter((s) => s.lead.fetchedAt >= (chat.subscribed_at ?? 0));
    if (!fresh.length) continue;
    const lang = chatLanguage(chat);
    const { summaries, headlines } = await summarizeStories(deps, fresh, lang);
    deps.db
      .transaction(() => {
        const claimed = new Set(
          claimInstantStories(
            deps.db,
            chat.id,
            fresh.map((s) => ({ storyId: s.storyId, leadArticleId: s.lead.id })),
          ),
        );
        const stories = fresh.filter((s) => claimed.has(s.storyId));
        if (!stories.length) return;
        const messages = renderInstant(stories, { lang, timezone: chat.timezone, summaries, headlines });
        queued += queueMessages(deps.db, recipientOf(chat), messages, 'alert', now).length;
      })
      .immediate();
  }
  return queued;
}

/** Updates a chat may get per story in 24 h: enough to follow a developing story, not a feed. */
export const UPDATES_PER_STORY_PER_DAY = 3;
const DAY = 86_400_000;

export interface UpdateDeps extends SummarizerDeps {
  /** Defaults to UPDATES_PER_STORY_PER_DAY; 0 sends no updates. */
  updatesPerStoryPerDay?: number;
}

interface UpdatePass {
  byStory: Map<number, AnalysedDoc[]>;
  /** Articles analysed in this pass: the candidates. */
  joined: Set<number>;
  /** Articles already sent as updates, by `chat:story`. */
  sent: Map<string, number[]>;
  builder: DigestBuilder;
  /**
   * Verdicts by candidate and baseline ids. Most chats share a baseline (the same lead, no
   * updates yet), so each follow-up is assessed about once per UI language, not once per chat.
   */
  verdicts: Map<string, Novelty>;
  cap: number;
  now: number;
}

/**
 * Follow-ups: articles of this analysis pass that joined a story created in an earlier pass go
 * to each instant chat that was sent that story, as a one-line update, when they add something
 * to what the chat read (news/novelty.ts) — at most `cap` per story per chat in 24 h, each
 * article once per chat. Chats never sent the story get nothing: for them it is not news they
 * follow. Returns the number of messages queued.
 */
export function queueStoryUpdates(deps: UpdateDeps, analysedIds: number[], newStoryIds: number[]): number {
  const cap = deps.updatesPerStoryPerDay ?? UPDATES_PER_STORY_PER_DAY;
  if (!analysedIds.length || cap <= 0) return 0;
  const storyIds = joinedStoryIds(deps.db, analysedIds, newStoryIds);
  if (!storyIds.length) return 0;
  const chats = new Map(
    subscribedChats(deps.db)
      .filter((c) => c.delivery_mode !== 'digest')
      .map((c) => [c.id, c]),
  );
  const recipients = instantRecipients(deps.db, storyIds).filter((r) => chats.has(r.chatId));
  if (!recipients.length) return 0;
  const now = deps.clock();
  const docs = storyArticles(deps.db, storyIds);
  const sent = new Map<string, number[]>();
  for (const u of sentUpdates(deps.db, storyIds))
    sent.set(`${u.chatId}:${u.storyId}`, [...(sent.get(`${u.chatId}:${u.storyId}`) ?? []), u.articleId]);
  const pass: UpdatePass = {
    byStory: groupByStory(docs),
    joined: new Set(analysedIds),
    sent,
    builder: new DigestBuilder(
      docs,
      cveBadges(
        deps.db,
        docs.flatMap((d) => d.cves),
      ),
      { start: 0, end: now, now },
    ),
    verdicts: new Map(),
    cap,
    now,
  };
  let queued = 0;
  for (const [chatId, list] of groupBy(recipients, (r) => r.chatId))
    queued += queueChatUpdates(deps, chats.get(chatId)!, list, pass);
  return queued;
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

function queueChatUpdates(deps: UpdateDeps, chat: ChatRow, recipients: InstantRecipient[], pass: UpdatePass): number {
  const lang = chatLanguage(chat);
  // The chat's content languages and topics, judged on the story as it now stands — the same
  // filters a new story passes (no top-N: that is for ranking a digest).
  const wanted = new Set(
    pass.builder.build(digestSettings(chat, Number.MAX_SAFE_INTEGER)).stories.map((s) => s.storyId),
  );
  return deps.db
    .transaction(() => {
      const updates = recipients
        .filter((r) => wanted.has(r.storyId))
        .flatMap((r) => claimStoryUpdates(deps, chat, r, pass));
      if (!updates.length) return 0;
      const messages = renderUpdates(updates, lang);
      return queueMessages(deps.db, recipientOf(chat), messages, 'alert', pass.now).length;
    })
    .immediate();
}

/** The updates of one story for one chat, claimed; call inside the outbox transaction. */
function claimStoryUpdates(deps: UpdateDeps, chat: ChatRow, r: InstantRecipient, pass: UpdatePass): StoryUpdate[] {
  const docs = pass.byStory.get(r.storyId) ?? [];
  const byId = new Map(docs.map((d) => [d.id, d]));
  const shown = digestSettings(chat, 0);
  const earlier = docs.filter((d) => !pass.joined.has(d.id));
  const lead = r.leadArticleId === null ? undefined : byId.get(r.leadArticleId);
  // What the chat read: the lead and the updates sent. Without a recorded lead (sent before
  // migration 006, or the lead was pruned) every earlier article stands in: more to repeat, so
  // fewer updates, never more.
  const baseline = lead
    ? [lead, ...(pass.sent.get(`${chat.id}:${r.storyId}`) ?? []).flatMap((id) => byId.get(id) ?? [])]
    : earlier;
  const candidates = docs
    .filter((d) => pass.joined.has(d.id) && d.fetchedAt >= (chat.subscribed_at ?? 0) && showsArticle(shown, d))
    .sort((a, b) => a.fetchedAt - b.fetchedAt || a.id - b.id);
  const visible = earlier.filter((d) => showsArticle(shown, d));
  const headlineDoc = lead ?? (visible.length ? pickLead(visible, chatLanguage(chat)) : undefined);
  if (!candidates.length || !headlineDoc) return [];
  const storyHeadline = sentHeadline(deps, headlineDoc, chatLanguage(chat));
  const out: StoryUpdate[] = [];
  for (const article of candidates) {
    const novelty = verdict(pass, article, baseline);
    deps.log.debug({ chatId: chat.id, storyId: r.storyId, articleId: article.id, ...novelty }, 'follow-up assessed');
    if (!novelty.novel) continue;
    if (
      !claimInstantUpdate(
        deps.db,
        { chatId: chat.id, storyId: r.storyId, articleId: article.id },
        pass.now,
        pass.cap,
        DAY,
      )
    )
      continue;
    // Later follow-ups of this pass are judged against this one too: two outlets reporting the
    // same arrest in one cycle make one update.
    baseline.push(article);
    out.push({ storyHeadline, article });
  }
  return out;
}

function verdict(pass: UpdatePass, article: AnalysedDoc, baseline: AnalysedDoc[]): Novelty {
  const key = `${article.id}|${baseline.map((d) => d.id).join(',')}`;
  let v = pass.verdicts.get(key);
  if (!v) pass.verdicts.set(key, (v = assessNovelty(article, baseline)));
  return v;
}

/** The lead's headline as the chat got it: translated when summarizeStories translated it (cached). */
function sentHeadline(deps: UpdateDeps, lead: AnalysedDoc, lang: UiLanguage): string {
  if (!deps.llm || lead.language === lang) return lead.title;
  return cachedOutput(deps.db, lead.contentHash, `headline:${lang}`, deps.llm.model)?.split('\n')[0] || lead.title;
}
