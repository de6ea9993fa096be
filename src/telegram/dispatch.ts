// Routes a message or a button press to its handler, the same way for Telegram and console mode:
// command parsing, interface language, per-user rate limit, and an error boundary that logs the
// error and shows the user a plain apology, never internal error text.
import { t, uiLanguageFor, type UiLanguage } from '../format/i18n.js';
import { getChat } from '../store/chats.js';
import { parseCallback } from './callbacks.js';
import { channelCommand } from './commands/channel.js';
import { myFeeds } from './commands/chat-feeds.js';
import { digest } from './commands/digest.js';
import { addFeed, feedStatus, removeFeed, sources, stats } from './commands/feeds.js';
import { exportFeeds, importDocument } from './commands/opml.js';
import { cve } from './commands/cve.js';
import { latest, search, searchMore, type CallbackResult } from './commands/search.js';
import { settings, settingsButton } from './commands/settings.js';
import { help, lang, start, stop, subscribeChannel } from './commands/subscription.js';
import { trend } from './commands/trend.js';
import { unwatch, watch, watches } from './commands/watch.js';
import { TelegramUnansweredError } from './errors.js';
import { UserRateLimiter } from './rate-limit.js';
import type { CommandHandler, HandlerContext, HandlerEnv, Incoming, Reply } from './types.js';
import { ownValue } from '../news/own-key.js';

/** Handlers by command name. Buttons have their table beside this one: callbacks.ts. */
export const COMMANDS: Record<string, CommandHandler> = {
  start,
  stop,
  help,
  search,
  latest,
  cve,
  trend,
  watch,
  watches,
  unwatch,
  settings,
  sources,
  myfeeds: myFeeds,
  lang,
  digest,
  subscribe: subscribeChannel,
  channel: channelCommand,
  addfeed: addFeed,
  removefeed: removeFeed,
  feedstatus: feedStatus,
  stats,
  export: exportFeeds,
};

/** The menu shown by Telegram clients (setMyCommands), in this order; operator commands are left out. */
const MENU_COMMANDS = [
  'search',
  'latest',
  'cve',
  'trend',
  'watch',
  'watches',
  'digest',
  'settings',
  'sources',
  'start',
  'stop',
  'lang',
  'help',
] as const;

export const MENU: Record<UiLanguage, Array<{ command: string; description: string }>> = {
  en: MENU_COMMANDS.map((command) => ({ command, description: t('en', `menu_${command}`) })),
  zh: MENU_COMMANDS.map((command) => ({ command, description: t('zh', `menu_${command}`) })),
};

export class Dispatcher {
  private readonly limiter = new UserRateLimiter();

  constructor(
    private readonly env: HandlerEnv,
    private readonly botUsername?: string,
  ) {}

  private language(msg: Incoming): UiLanguage {
    return getChat(this.env.db, msg.chat.id)?.ui_language ?? uiLanguageFor(msg.user?.languageCode);
  }

  /** Splits "/search@mybot casio" into ["search", "casio"]; null for other bots' commands. */
  parseCommand(text: string): { name: string; args: string } | null {
    const m = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
    if (!m) return null;
    if (m[2] && this.botUsername && m[2].toLowerCase() !== this.botUsername.toLowerCase()) return null;
    return { name: m[1]!.toLowerCase(), args: m[3] ?? '' };
  }

  async handleMessage(msg: Incoming): Promise<Reply[]> {
    if (msg.document) return this.handleDocument(msg);
    const command = this.parseCommand(msg.text);
    // Plain text in a private chat is a search; in groups only commands are for us.
    const route =
      command ??
      (msg.chat.type === 'private' && msg.text.trim() && !msg.text.startsWith('/')
        ? { name: 'search', args: msg.text }
        : null);
    if (!route) return [];
    const lang = this.language(msg);
    const handler = ownValue(COMMANDS, route.name);
    if (!handler) return msg.chat.type === 'private' ? [{ html: t(lang, 'unknownCommand') }] : [];
    const gate = this.gate(msg, lang);
    if (gate) return gate;
    return this.guard(lang, { command: route.name, chatId: msg.chat.id }, () =>
      handler({ env: this.env, msg, lang, args: route.args }),
    );
  }

  /** A file in a private chat is an OPML import (operators only); files in groups are not for us. */
  private async handleDocument(msg: Incoming): Promise<Reply[]> {
    if (msg.chat.type !== 'private') return [];
    const lang = this.language(msg);
    const gate = this.gate(msg, lang);
    if (gate) return gate;
    return this.guard(lang, { command: 'document', chatId: msg.chat.id }, () =>
      importDocument({ env: this.env, msg, lang, args: '' }),
    );
  }

  async handleCallback(msg: Incoming, data: string): Promise<CallbackResult> {
    const lang = this.language(msg);
    if (this.gate(msg, lang)) return { toast: t(lang, 'rateLimited') };
    const ctx: HandlerContext = { env: this.env, msg, lang, args: '' };
    try {
      const pressed = parseCallback(data);
      if (pressed?.kind === 'searchPage') return await searchMore(ctx, pressed);
      if (pressed?.kind === 'setting') return await settingsButton(ctx, pressed);
      return { toast: t(lang, 'staleButton') };
    } catch (err) {
      if (err instanceof TelegramUnansweredError) return { toast: t(lang, 'telegramUnanswered') };
      this.env.log.error({ err, data, chatId: msg.chat.id }, 'callback handler failed');
      return { toast: t(lang, 'internalError') };
    }
  }

  private gate(msg: Incoming, lang: UiLanguage): Reply[] | null {
    if (!msg.user) return null;
    const decision = this.limiter.check(msg.user.id, this.env.clock());
    if (decision === 'ok') return null;
    return decision === 'warn' ? [{ html: t(lang, 'rateLimited') }] : [];
  }

  private async guard(lang: UiLanguage, where: Record<string, unknown>, run: () => Promise<Reply[]>): Promise<Reply[]> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof TelegramUnansweredError) {
        this.env.log.warn({ err, ...where }, 'a command needed an answer from Telegram and got none');
        return [{ html: t(lang, 'telegramUnanswered') }];
      }
      this.env.log.error({ err, ...where }, 'command handler failed');
      return [{ html: t(lang, 'internalError') }];
    }
  }
}
