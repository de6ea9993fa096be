import type { ChatRow } from '../../src/store/chats.js';
import type { BotSettings } from '../../src/telegram/types.js';

/** A chat row as the store would return it, without a database: for pure views such as /settings. */
export const chatRowOf = (over: Partial<ChatRow> = {}): ChatRow => ({
  id: 1,
  type: 'private',
  title: 'c',
  thread_id: null,
  ui_language: null,
  subscribed: 1,
  active: 1,
  deactivated_reason: null,
  timezone: 'UTC',
  digest_time: '08:00',
  delivery_mode: 'digest',
  content_languages: 'en,zh',
  topics: '',
  quiet_start: null,
  quiet_end: null,
  subscribed_at: null,
  empty_digest: 'note',
  weekly_day: null,
  muted_feeds: '',
  foreign_feeds: null,
  ...over,
});

/** The bot's settings as a test's handlers see them: the defaults, operators as given. */
export const botSettingsOf = (adminIds: Iterable<number> = []): BotSettings => ({
  defaultTimezone: 'UTC',
  defaultDigestTime: '09:00',
  adminIds: new Set(adminIds),
  maxWatchesPerChat: 20,
  digestTopN: 10,
  paidBroadcastPerSecond: 0,
  cveSources: [],
  chatFeeds: { allowed: false, max: 5, total: 200 },
});
