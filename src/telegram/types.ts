// Transport-free shapes of what comes in and goes out, shared by the Telegram adapter and
// console mode, so every command handler runs the same in both.
import type { Logger } from 'pino';
import type { UiLanguage } from '../format/i18n.js';
import type { Button, Reply } from '../format/payload.js';
import type { ChatType } from '../store/chats.js';
import type { SummarizerDeps } from '../digest/summaries.js';
import type { Db } from '../store/db.js';

export type { Button, Reply };

export interface SearchTimer {
  timeSearch<T>(search: () => T): T;
}

export interface Incoming {
  chat: { id: number; type: ChatType; title: string };
  /** null for channel posts; `anonymousAdmin` when a group admin posts as the group. */
  user: { id: number; languageCode?: string; anonymousAdmin?: boolean } | null;
  /** Forum topic the message was written in. */
  threadId: number | null;
  text: string;
  /** A file sent to the bot (an operator's OPML import); its caption, if any, is `text`. */
  document?: IncomingDocument;
}

export interface IncomingDocument {
  fileId: string;
  fileName: string | null;
  mimeType: string | null;
  /** Bytes, as Telegram reports it. */
  size: number | null;
}

/**
 * A small file sent with sendDocument, kept inline in the outbox payload under this key so the
 * row stays JSON. The transport turns it into an upload (telegraf InputFile) at send time.
 */
export const INLINE_DOCUMENT_KEY = 'document_inline';
export interface InlineDocument {
  filename: string;
  text: string;
}

export interface BotSettings {
  defaultTimezone: string;
  defaultDigestTime: string;
  adminIds: ReadonlySet<number>;
  maxWatchesPerChat: number;
  digestTopN: number;
  /** PAID_BROADCAST_PER_SECOND: 0 = off. */
  paidBroadcastPerSecond: number;
  /** The CVE data sources that are on (KEV_URL, EPSS_URL, CVE_RECORDS_URL, NVD_URL not `off`). */
  cveSources: readonly CveSourceName[];
  /**
   * ALLOW_CHAT_FEEDS, MAX_CHAT_FEEDS and MAX_CHAT_FEEDS_TOTAL: whether chat admins may add feeds for
   * their chat, how many each, and how many chats' own feeds this server fetches in all.
   */
  chatFeeds: { allowed: boolean; max: number; total: number };
}

export type CveSourceName = 'kev' | 'epss' | 'cve5' | 'nvd';

/** What the sender has done since start, for /stats. */
export interface DeliveryStats {
  /** Most sends in flight allowed (SEND_CONCURRENCY), and the most there were at once. */
  maxInFlight: number;
  peakInFlight: number;
  paidSent: number;
  /** Why Telegram refused paid broadcasts, if it did. */
  paidUnavailable: string | null;
}

/** What handlers may use. Telegram-side checks are functions so console mode can answer them. */
export interface HandlerEnv {
  db: Db;
  clock: () => number;
  log: Logger;
  settings: BotSettings;
  /** Rejects with TelegramUnansweredError when Telegram gave no answer (not the same as "no"). */
  isChatAdmin(chatId: number | string, userId: number): Promise<boolean>;
  /**
   * Resolves a chat by `@username` or by id (as text): its type, and whether the bot is an admin
   * there (may post, for a channel); null when the bot cannot see it. Rejects with
   * TelegramUnansweredError when Telegram gave no answer.
   */
  resolveChannel(ref: string): Promise<{ id: number; type: ChatType; title: string; botIsAdmin: boolean } | null>;
  /** Summaries for /digest previews (extractive, or the LLM when configured). */
  summarizer: SummarizerDeps;
  /** Observes search latency (/metrics); absent in tests and the CLI. */
  searchTimer?: SearchTimer;
  /** Test-fetches an admin-added feed URL through the SSRF guard; returns a reason on failure. */
  validateFeedUrl(url: string): Promise<
    | { ok: true; title: string }
    /** `candidates`: the URL was a web page that links to these feeds. */
    | { ok: false; reason: string; candidates?: Array<{ url: string; title: string }> }
  >;
  /** The sender's figures; absent where nothing is sent to Telegram (tests, the CLI). */
  delivery?: () => DeliveryStats;
  /**
   * Fetches a CVE's records now, within each source's budget, queueing what cannot be fetched; true
   * when a source still owes an answer. Absent when no record source is on.
   */
  lookupCve?(cveId: string): Promise<boolean>;
  /** Downloads a file sent to the bot (getFile), refusing more than `maxBytes`. Absent in console mode. */
  downloadFile?(fileId: string, maxBytes: number): Promise<Buffer>;
}

export interface HandlerContext {
  env: HandlerEnv;
  msg: Incoming;
  lang: UiLanguage;
  args: string;
}

export type CommandHandler = (ctx: HandlerContext) => Promise<Reply[]>;
