// /settings: digest time and time zone, delivery mode, content languages, topics, quiet hours
// and interface language, through an inline keyboard or typed sub-commands.
import { html, type SafeHtml } from '../../format/html.js';
import { t, tHtml, topicLabel, type UiLanguage } from '../../format/i18n.js';
import { TOPIC_KEYS } from '../../news/article.js';
import { isValidTimezone } from '../../news/timezone.js';
import { updateChatSettings, type ChatRow, type ChatSettings, type WeekDay } from '../../store/chats.js';
import { CALLBACKS, type SettingCallback } from '../callbacks.js';
import type { Button, CommandHandler, HandlerContext, Reply } from '../types.js';
import { chatRow, refuseUnlessAdmin, reply } from './common.js';
import { ownValue } from '../../news/own-key.js';

export const TOPICS = TOPIC_KEYS;
const TIMES = ['07:00', '08:00', '09:00', '12:00', '18:00', '21:00'];
const ZONES = [
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];
const MODES = ['digest', 'instant', 'both'] as const;
const LANGUAGE_SETS = ['en,zh', 'en', 'zh'];
const QUIET_PRESETS = ['off', '22:00-07:00', '23:00-08:00'];
// The button cycles off → Monday → … → Sunday → off; typed, any day at once.
const WEEKLY = ['off', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const next = <T>(list: readonly T[], current: T): T => list[(list.indexOf(current) + 1) % list.length]!;
const button = CALLBACKS.setting.build;

function summary(chat: ChatRow, lang: UiLanguage): SafeHtml {
  const topics = chat.topics
    ? chat.topics
        .split(',')
        .map((k) => topicLabel(lang, k))
        .join(', ')
    : tHtml(lang, 'allTopics');
  return tHtml(lang, 'settingsHeader', {
    time: chat.digest_time,
    tz: chat.timezone,
    mode: chat.delivery_mode,
    languages: chat.content_languages,
    topics,
    quiet: chat.quiet_start ? `${chat.quiet_start}–${chat.quiet_end}` : tHtml(lang, 'noQuiet'),
    weekly: chat.weekly_day ?? 'off',
  });
}

// Two a row: the topic names are the digest headings', too long for four buttons to show whole.
function topicRows(chosen: Set<string>, lang: UiLanguage): Button[][] {
  return [0, 2, 4, 6].map((start) =>
    TOPICS.slice(start, start + 2).map((k) => ({
      text: `${chosen.has(k) ? '✅' : '▫️'} ${topicLabel(lang, k)}`,
      callbackData: button('topic', k),
    })),
  );
}

function keyboard(chat: ChatRow, lang: UiLanguage): Button[][] {
  const quiet = chat.quiet_start ? `${chat.quiet_start}-${chat.quiet_end}` : 'off';
  const weekly = chat.weekly_day ?? 'off';
  return [
    TIMES.slice(0, 3).map((v) => ({ text: v === chat.digest_time ? `• ${v}` : v, callbackData: button('time', v) })),
    TIMES.slice(3).map((v) => ({ text: v === chat.digest_time ? `• ${v}` : v, callbackData: button('time', v) })),
    [{ text: `🌍 ${chat.timezone}`, callbackData: button('tz', next(ZONES, chat.timezone)) }],
    [
      { text: `📬 ${chat.delivery_mode}`, callbackData: button('mode', next(MODES, chat.delivery_mode)) },
      {
        text: `🗞 ${chat.content_languages}`,
        callbackData: button('langs', next(LANGUAGE_SETS, chat.content_languages)),
      },
    ],
    ...topicRows(new Set(chat.topics ? chat.topics.split(',') : []), lang),
    [
      { text: `🌙 ${quiet}`, callbackData: button('quiet', next(QUIET_PRESETS, quiet)) },
      { text: `📊 ${weekly}`, callbackData: button('weekly', next(WEEKLY, weekly)) },
      { text: lang === 'zh' ? 'English' : '中文', callbackData: button('ui', lang === 'zh' ? 'en' : 'zh') },
    ],
  ];
}

export function settingsView(chat: ChatRow, lang: UiLanguage): Reply {
  return {
    html: html`${summary(chat, lang)}\n\n${tHtml(lang, 'settingsUsage')}`.value,
    keyboard: keyboard(chat, lang),
  };
}

/** One change, from a button or typed text. Returns the columns to write, or a reason. */
export function parseSetting(
  chat: ChatRow,
  field: string,
  value: string,
): ChatSettings | 'badTime' | 'badTimezone' | null {
  switch (field) {
    case 'time':
      return TIME.test(value) ? { digest_time: value } : 'badTime';
    case 'tz':
      return isValidTimezone(value) ? { timezone: value } : 'badTimezone';
    case 'mode':
      return (MODES as readonly string[]).includes(value) ? { delivery_mode: value as ChatRow['delivery_mode'] } : null;
    case 'langs':
      return LANGUAGE_SETS.includes(value) ? { content_languages: value } : null;
    case 'ui':
      return value === 'en' || value === 'zh' ? { ui_language: value } : null;
    case 'empty':
      return value === 'note' || value === 'skip' ? { empty_digest: value } : null;
    case 'weekly': {
      // `on` is the default day, Monday; `monday`, `Mon` and `mon` are all Monday.
      const day = value.toLowerCase() === 'on' ? 'mon' : value.toLowerCase().slice(0, 3);
      if (!(WEEKLY as readonly string[]).includes(day)) return null;
      return { weekly_day: day === 'off' ? null : (day as WeekDay) };
    }
    case 'topic': {
      if (!(TOPICS as readonly string[]).includes(value)) return null;
      const set = new Set(chat.topics ? chat.topics.split(',') : []);
      if (set.has(value)) set.delete(value);
      else set.add(value);
      return { topics: TOPICS.filter((k) => set.has(k)).join(',') };
    }
    case 'quiet': {
      if (value === 'off') return { quiet_start: null, quiet_end: null };
      const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(value);
      return m && TIME.test(m[1]!) && TIME.test(m[2]!) && m[1] !== m[2]
        ? { quiet_start: m[1]!, quiet_end: m[2]! }
        : 'badTime';
    }
    default:
      return null;
  }
}

const TYPED_FIELDS: Record<string, string> = {
  time: 'time',
  tz: 'tz',
  timezone: 'tz',
  mode: 'mode',
  quiet: 'quiet',
  languages: 'langs',
  empty: 'empty',
  weekly: 'weekly',
};

export const settings: CommandHandler = async (ctx) => {
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  const chat = chatRow(ctx);
  const [word, ...rest] = ctx.args.trim().split(/\s+/);
  if (!word) return [settingsView(chat, ctx.lang)];
  const field = ownValue(TYPED_FIELDS, word.toLowerCase());
  const change = field ? parseSetting(chat, field, rest.join(' ')) : null;
  if (change === null) return reply(tHtml(ctx.lang, 'settingsUsage'));
  if (change === 'badTime') return reply(tHtml(ctx.lang, 'badTime'));
  if (change === 'badTimezone') return reply(tHtml(ctx.lang, 'badTimezone', { tz: rest.join(' ').slice(0, 64) }));
  updateChatSettings(ctx.env.db, chat.id, change, ctx.env.clock());
  return [...reply(tHtml(ctx.lang, 'settingSaved')), settingsView(chatRow(ctx), ctx.lang)];
};

/** A settings button (callbacks.ts). Refused for non-admins in groups; a value no longer valid is stale. */
export async function settingsButton(
  ctx: HandlerContext,
  pressed: SettingCallback,
): Promise<{ toast?: string; edit?: Reply }> {
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return { toast: t(ctx.lang, 'adminsOnly') };
  const chat = chatRow(ctx);
  const change = parseSetting(chat, pressed.field, pressed.value);
  if (change === null || typeof change === 'string') return { toast: t(ctx.lang, 'staleButton') };
  updateChatSettings(ctx.env.db, chat.id, change, ctx.env.clock());
  const updated = chatRow(ctx);
  const lang = change.ui_language ?? ctx.lang;
  return { toast: t(lang, 'settingSaved'), edit: settingsView(updated, lang) };
}
