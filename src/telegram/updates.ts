// Telegram update objects → Incoming. Pure.
import type { ChatType } from '../store/chats.js';
import type { Incoming } from './types.js';

// @GroupAnonymousBot: the sender of messages an anonymous group admin posts as the group.
export const GROUP_ANONYMOUS_BOT_ID = 1087968824;

export interface TgChat {
  id: number;
  type: string;
  title?: string;
  username?: string;
  first_name?: string;
}
export interface TgUser {
  id: number;
  language_code?: string;
}
export interface TgMessage {
  chat: TgChat;
  from?: TgUser;
  sender_chat?: TgChat;
  text?: string;
  caption?: string;
  message_thread_id?: number;
  is_topic_message?: boolean;
}

const CHAT_TYPES = new Set(['private', 'group', 'supergroup', 'channel']);

export function chatOf(chat: TgChat): Incoming['chat'] {
  const type = (CHAT_TYPES.has(chat.type) ? chat.type : 'private') as ChatType;
  return { id: chat.id, type, title: chat.title ?? chat.username ?? chat.first_name ?? '' };
}

export function incomingFromMessage(m: TgMessage): Incoming {
  const anonymousAdmin = m.from?.id === GROUP_ANONYMOUS_BOT_ID && m.sender_chat?.id === m.chat.id;
  return {
    chat: chatOf(m.chat),
    user: m.from ? { id: m.from.id, languageCode: m.from.language_code, anonymousAdmin } : null,
    threadId: m.is_topic_message && m.message_thread_id ? m.message_thread_id : null,
    text: m.text ?? m.caption ?? '',
  };
}
