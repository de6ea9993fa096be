// What a chat's stored preferences mean: the language the bot speaks to it, and what its digests,
// instant stories and follow-ups include. One home, because the commands, the CLI preview and
// every notification read the same row the same way.
import type { UiLanguage } from '../format/i18n.js';
import type { ChatRow } from '../store/chats.js';

export interface DigestSettings {
  /** Content languages the chat wants, e.g. ['en', 'zh']. */
  languages: string[];
  /** Topics the chat wants; empty = all. */
  topics: string[];
  topN: number;
  /** Preferred language for a story's lead article. */
  uiLanguage: string;
  /**
   * Feeds whose articles the chat does not get, lead and "also" alike: those it muted (/sources
   * mute) and other chats' own feeds (ALLOW_CHAT_FEEDS). Sorted, so equal settings compare equal.
   */
  hiddenFeeds: number[];
}

type ChatPrefs = Pick<ChatRow, 'ui_language' | 'content_languages' | 'topics'> &
  Partial<Pick<ChatRow, 'muted_feeds' | 'foreign_feeds'>>;

const idList = (list: string | null | undefined): number[] => (list ?? '').split(',').filter(Boolean).map(Number);

/** The feed ids a chat muted, sorted (so equal settings compare equal). */
export const mutedFeedIds = (chat: Partial<Pick<ChatRow, 'muted_feeds'>>): number[] =>
  idList(chat.muted_feeds).sort((a, b) => a - b);

/** Other chats' own feeds (ALLOW_CHAT_FEEDS): not this chat's to see. */
export const foreignFeedIds = (chat: Partial<Pick<ChatRow, 'foreign_feeds'>>): number[] => idList(chat.foreign_feeds);

/** Muted feeds and other chats' own feeds: what the chat's notifications leave out. */
export const hiddenFeedIds = (chat: Partial<Pick<ChatRow, 'muted_feeds' | 'foreign_feeds'>>): number[] =>
  [...new Set([...idList(chat.muted_feeds), ...idList(chat.foreign_feeds)])].sort((a, b) => a - b);

/** Whether a chat with these settings sees an article at all: its language, and not a muted source. */
export const showsArticle = (
  s: Pick<DigestSettings, 'languages' | 'hiddenFeeds'>,
  d: { language: string; feedId: number },
) => s.languages.includes(d.language) && !s.hiddenFeeds.includes(d.feedId);

/** A chat that never chose a UI language gets Chinese when it reads Chinese only. */
export const chatLanguage = (chat: Pick<ChatRow, 'ui_language' | 'content_languages'>): UiLanguage =>
  chat.ui_language ?? (chat.content_languages === 'zh' ? 'zh' : 'en');

export function digestSettings(chat: ChatPrefs, topN: number): DigestSettings {
  return {
    languages: chat.content_languages.split(',').filter(Boolean),
    topics: chat.topics ? chat.topics.split(',') : [],
    topN,
    uiLanguage: chatLanguage(chat),
    hiddenFeeds: hiddenFeedIds(chat),
  };
}
