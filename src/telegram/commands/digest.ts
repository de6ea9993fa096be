// /digest: this chat's digest for the last 24 hours, now, without touching the schedule.
import { t } from '../../format/i18n.js';
import { chatLanguage, digestSettings } from '../../digest/chat-settings.js';
import { previewDigest } from '../../digest/preview.js';
import type { CommandHandler } from '../types.js';
import { chatRow } from './common.js';

export const digest: CommandHandler = async (ctx) => {
  const chat = chatRow(ctx);
  const lang = chat.ui_language ? chatLanguage(chat) : ctx.lang;
  const preview = await previewDigest(ctx.env.summarizer, {
    settings: digestSettings(chat, ctx.env.settings.digestTopN),
    lang,
    timezone: chat.timezone,
    hours: 24,
  });
  return [{ html: t(lang, 'digestPreviewNote') }, ...preview.messages.map((html) => ({ html }))];
};
