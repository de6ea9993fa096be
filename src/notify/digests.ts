// The minutely digest tick: finds chats whose local digest time has come, builds their digest,
// and in one transaction claims (chat, period) and writes the outbox rows. The claim's primary
// key makes this exactly-once across racing ticks, processes and restarts.
import type { UiLanguage } from '../format/i18n.js';
import { duePeriods } from '../news/schedule.js';
import { subscribedChats, type ChatRow } from '../store/chats.js';
import type { Db } from '../store/db.js';
import { claimDigest, isDigestPlanned, lastDigestEnd } from '../store/digests.js';
import { cveBadges } from '../store/cve-records.js';
import { storiesFirstSeenBetween, type AnalysedDoc } from '../store/stories.js';
import { DigestBuilder, type DigestModel } from '../digest/build.js';
import { chatLanguage, digestSettings } from '../digest/chat-settings.js';
import { renderDigest } from '../digest/render.js';
import { summarizeStories, type SummarizerDeps, type SummaryResult } from '../digest/summaries.js';
import { queueMessages, recipientOf } from './queue.js';

export interface PlanDeps extends SummarizerDeps {
  topN: number;
  /** Told of each digest claimed, with how late it was planned (metrics; optional). */
  onClaimed?: (d: { status: 'planned' | 'empty_skipped'; lagMs: number }) => void;
}

const DAY = 86_400_000;

/** Since the last digest, but never before the chat subscribed and never more than a day back. */
export function digestWindowStart(db: Db, chat: ChatRow, end: number): number {
  return Math.max(lastDigestEnd(db, chat.id) ?? end - DAY, chat.subscribed_at ?? 0, end - DAY);
}

interface DueDigest {
  chat: ChatRow;
  periodKey: string;
  start: number;
  /** When the chat's digest time came; planning later than that is lag. */
  scheduledAt: number;
}

function dueDigests(db: Db, now: number): DueDigest[] {
  const out: DueDigest[] = [];
  for (const chat of subscribedChats(db)) {
    if (chat.delivery_mode === 'instant') continue;
    for (const p of duePeriods(now, chat.timezone, chat.digest_time)) {
      // A chat that subscribed after this period's digest time gets the next one, not a "quiet day" note
      // for a window it was not subscribed in (300 chats subscribing at 10:00 got 300 such notes).
      if (chat.subscribed_at !== null && p.scheduledAt < chat.subscribed_at) continue;
      // Only the newest due period: after downtime a missed digest is sent once, not twice.
      if (isDigestPlanned(db, chat.id, p.periodKey)) continue;
      out.push({ chat, periodKey: p.periodKey, start: digestWindowStart(db, chat, now), scheduledAt: p.scheduledAt });
    }
  }
  // Yesterday's and today's period both due for one chat: keep the latest only.
  const latest = new Map<number, DueDigest>();
  for (const d of out)
    if (!latest.has(d.chat.id) || latest.get(d.chat.id)!.periodKey < d.periodKey) latest.set(d.chat.id, d);
  return [...latest.values()];
}

/** Builds the digest models for chats sharing one window start (one builder per window). */
export function buildModels(
  db: Db,
  due: Array<{ chat: ChatRow; start: number }>,
  now: number,
  topN: number,
): Map<number, DigestModel> {
  const models = new Map<number, DigestModel>();
  const byStart = new Map<number, Array<{ chat: ChatRow; start: number }>>();
  for (const d of due) byStart.set(d.start, [...(byStart.get(d.start) ?? []), d]);
  for (const [start, group] of byStart) {
    const docs = storiesFirstSeenBetween(db, start, now);
    const builder = new DigestBuilder(
      docs,
      cveBadges(
        db,
        docs.flatMap((d) => d.cves),
      ),
      { start, end: now, now },
    );
    // Chats with the same settings share one model: 10,000 chats are a few hundred kinds of
    // digest, and one model per chat was most of planning's memory.
    const byKey = new Map<string, DigestModel>();
    for (const d of group) {
      const settings = digestSettings(d.chat, topN);
      const key = JSON.stringify(settings);
      let model = byKey.get(key);
      if (!model) byKey.set(key, (model = builder.build(settings)));
      models.set(d.chat.id, model);
    }
  }
  return models;
}

/**
 * One summary per story and language, shared by every chat that shows it. Summaries are keyed by
 * lead id, and chats with other content languages can see the same lead with different other
 * sources: the story is summarised over all of them, in the order they were first seen.
 */
async function summariesByLanguage(deps: PlanDeps, models: Iterable<[ChatRow, DigestModel]>) {
  const stories = new Map<UiLanguage, Map<number, { lead: AnalysedDoc; others: AnalysedDoc[] }>>();
  const seen = new Set<DigestModel>();
  for (const [chat, model] of models) {
    // A shared model has one UI language (it is part of its settings): once is enough.
    if (seen.has(model)) continue;
    seen.add(model);
    const lang = chatLanguage(chat);
    const m = stories.get(lang) ?? new Map<number, { lead: AnalysedDoc; others: AnalysedDoc[] }>();
    for (const s of model.stories) {
      const known = m.get(s.lead.id);
      if (!known) m.set(s.lead.id, { lead: s.lead, others: [...s.others] });
      else for (const o of s.others) if (!known.others.some((k) => k.id === o.id)) known.others.push(o);
    }
    stories.set(lang, m);
  }
  const out = new Map<UiLanguage, SummaryResult>();
  for (const [lang, m] of stories) out.set(lang, await summarizeStories(deps, [...m.values()], lang));
  return out;
}

export async function planDueDigests(deps: PlanDeps): Promise<{ planned: number; skipped: number }> {
  const now = deps.clock();
  const due = dueDigests(deps.db, now);
  if (!due.length) return { planned: 0, skipped: 0 };
  const models = buildModels(deps.db, due, now, deps.topN);
  const summaries = await summariesByLanguage(
    deps,
    due.map((d) => [d.chat, models.get(d.chat.id)!] as [ChatRow, DigestModel]),
  );
  let planned = 0;
  let skipped = 0;
  // Rendered once per shared model and time zone (the date line is local).
  const rendered = new Map<DigestModel, Map<string, string[]>>();
  const render = (model: DigestModel, chat: ChatRow): string[] => {
    const byZone = rendered.get(model) ?? new Map<string, string[]>();
    rendered.set(model, byZone);
    let messages = byZone.get(chat.timezone);
    if (!messages) {
      const lang = chatLanguage(chat);
      const s = summaries.get(lang)!;
      const opts = { lang, timezone: chat.timezone, summaries: s.summaries, headlines: s.headlines, date: now };
      byZone.set(chat.timezone, (messages = renderDigest(model, opts)));
    }
    return messages;
  };
  for (const d of due) {
    const model = models.get(d.chat.id)!;
    const empty = model.stories.length === 0;
    const skip = empty && d.chat.empty_digest === 'skip';
    const messages = skip ? [] : render(model, d.chat);
    const record = {
      chatId: d.chat.id,
      periodKey: d.periodKey,
      status: skip ? ('empty_skipped' as const) : ('planned' as const),
      windowStart: d.start,
      windowEnd: now,
      stories: model.stories.length,
      messages: messages.length,
    };
    const claimed = deps.db
      .transaction(() => {
        if (!claimDigest(deps.db, record, now)) return false;
        queueMessages(deps.db, recipientOf(d.chat), messages, 'digest', now);
        if (skip) skipped++;
        else planned++;
        return true;
      })
      .immediate();
    // After the commit, so a rolled-back claim is never counted.
    if (claimed) deps.onClaimed?.({ status: record.status, lagMs: now - d.scheduledAt });
  }
  deps.log.info({ planned, skipped }, 'digests planned');
  return { planned, skipped };
}
