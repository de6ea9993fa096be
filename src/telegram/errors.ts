// What a failed Bot API call means for the message, decided once here instead of string
// matching all over. Error texts: https://core.telegram.org/api/errors and the tdlib
// telegram-bot-api sources (https://github.com/tdlib/telegram-bot-api); the texts per kind are listed below.

import { redactToken } from '../log.js';

export interface ApiFailure {
  code: number | null; // HTTP-ish error_code; null for network errors
  description: string;
  retryAfterSec?: number;
  migrateToChatId?: number;
}

export type FailureKind =
  | 'rate_limited' // 429: wait retry_after for that scope
  | 'transient' // 5xx, network: retry with capped backoff
  | 'chat_gone' // blocked, kicked, deleted, not found: deactivate the chat
  | 'migrated' // group became a supergroup: move and resend
  | 'our_bug' // can't parse entities, too long, empty: dead-letter with payload
  | 'not_modified' // editing with the same text: nothing to do, counts as delivered
  | 'unauthorized' // the token is wrong or revoked: stop sending altogether
  | 'rejected'; // any other 4xx: dead-letter, it will not get better by retrying

const CHAT_GONE = [
  /bot was blocked by the user/i,
  /user is deactivated/i,
  /bot was kicked/i,
  /bot is not a member/i,
  /group chat was deleted/i,
  /chat not found/i,
  /need administrator rights in the channel chat/i,
  /have no rights to send a message/i,
  /CHAT_WRITE_FORBIDDEN/i,
];
const OUR_BUG = [
  /can't parse entities/i,
  /message is too long/i,
  /message text is empty/i,
  /text must be non-empty/i,
  /BUTTON_DATA_INVALID/i,
];

export function classifyFailure(f: ApiFailure): FailureKind {
  if (f.code === null || f.code >= 500) return 'transient';
  if (f.code === 429) return 'rate_limited';
  if (f.migrateToChatId !== undefined) return 'migrated';
  if (f.code === 401) return 'unauthorized';
  if (/message is not modified/i.test(f.description)) return 'not_modified';
  if (OUR_BUG.some((re) => re.test(f.description))) return 'our_bug';
  if ((f.code === 403 || f.code === 400) && CHAT_GONE.some((re) => re.test(f.description))) return 'chat_gone';
  return 'rejected';
}

/** Reads telegraf's TelegramError (response.error_code …) or a network error into ApiFailure. */
export function toApiFailure(err: unknown): ApiFailure {
  const response = (
    err as {
      response?: {
        error_code?: number;
        description?: string;
        parameters?: { retry_after?: number; migrate_to_chat_id?: number };
      };
    }
  )?.response;
  if (response && typeof response.error_code === 'number') {
    return {
      code: response.error_code,
      description: response.description ?? '',
      retryAfterSec: response.parameters?.retry_after,
      migrateToChatId: response.parameters?.migrate_to_chat_id,
    };
  }
  const e = err as NodeJS.ErrnoException;
  return { code: null, description: `${e?.code ?? 'network error'}: ${redactToken(e?.message ?? String(err))}` };
}

/**
 * A check the bot asked Telegram for (is this user an admin, which chat is @name) got no answer —
 * a timeout, the proxy down, a 5xx. Not the same as "no": the handler must not refuse the user as
 * a non-admin, or say a channel does not exist, because Telegram could not be asked.
 */
export class TelegramUnansweredError extends Error {
  constructor(method: string, cause: unknown) {
    super(`Telegram did not answer ${method}`, { cause: redactToken(String((cause as Error)?.message ?? cause)) });
    this.name = 'TelegramUnansweredError';
  }
}
