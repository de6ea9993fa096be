// Instant delivery: chats in 'instant' or 'both' mode get each new story once, as soon as it is
// first seen; a later report of the same story (a follow-up source) is not sent again.
import { quietUntil } from '../news/schedule.js';
import { subscribedChats } from '../store/chats.js';
import { claimInstantStories } from '../store/digests.js';
import { exploitedCves } from '../store/kev.js';
import { enqueue } from '../store/outbox.js';
import { storyArticles } from '../store/stories.js';
import { messagePayload } from '../format/payload.js';
import { DigestBuilder } from './build.js';
import { chatLanguage, digestSettings, type PlanDeps } from './plan.js';
import { renderInstant } from './render.js';
import { summarizeLeads } from './summaries.js';

/** Queues new stories for instant chats; returns the number of messages queued. */
export async function queueInstantStories(deps: PlanDeps, newStoryIds: number[]): Promise<number> {
  if (!newStoryIds.length) return 0;
  const chats = subscribedChats(deps.db).filter((c) => c.delivery_mode !== 'digest');
  if (!chats.length) return 0;
  const now = deps.clock();
  const docs = storyArticles(deps.db, newStoryIds);
  const builder = new DigestBuilder(docs, exploitedCves(deps.db, docs.flatMap((d) => d.cves)), { start: 0, end: now, now });
  let queued = 0;
  for (const chat of chats) {
    // Stories that began before the chat subscribed are backlog, not news for it.
    const model = builder.build({ ...digestSettings(chat, 50) });
    const fresh = model.stories.filter((s) => s.lead.fetchedAt >= (chat.subscribed_at ?? 0));
    if (!fresh.length) continue;
    const lang = chatLanguage(chat);
    const { summaries, headlines } = await summarizeLeads(deps, fresh.map((s) => s.lead), lang);
    deps.db.transaction(() => {
      const claimed = new Set(claimInstantStories(deps.db, chat.id, fresh.map((s) => s.storyId)));
      const stories = fresh.filter((s) => claimed.has(s.storyId));
      if (!stories.length) return;
      const messages = renderInstant(stories, { lang, timezone: chat.timezone, summaries, headlines });
      const notBefore = quietUntil(now, chat.timezone, chat.quiet_start, chat.quiet_end) ?? 0;
      enqueue(deps.db, messages.map((html) => ({ chatId: chat.id, kind: 'alert' as const, method: 'sendMessage' as const, payload: messagePayload({ html }, chat.thread_id), priority: 1, notBefore })), now);
      queued += messages.length;
    })();
  }
  return queued;
}
