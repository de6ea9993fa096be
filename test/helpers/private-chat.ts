// A person typing to the bot in a private chat, for end-to-end tests over the fake Bot API: send a
// message and wait for the bot's next call of a method to that chat.
import type { ApiCall, FakeBotApi } from './fake-bot-api.js';

let messageId = 1;

/** The first `method` call to `chatId` after the first `seen` calls, within 10 s. */
export async function nextCall(api: FakeBotApi, chatId: number, method: string, seen: number): Promise<ApiCall> {
  const end = Date.now() + 10_000;
  for (;;) {
    const call = api.calls.slice(seen).find((c) => c.method === method && Number(c.payload.chat_id) === chatId);
    if (call) return call;
    if (Date.now() > end) throw new Error(`no ${method} to ${chatId}: ${JSON.stringify(api.calls.slice(seen))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends `text` from user `chatId` in their private chat; resolves with the bot's `method` call back. */
export function say(api: FakeBotApi, chatId: number, text: string, method = 'sendMessage'): Promise<ApiCall> {
  const seen = api.calls.length;
  api.pushUpdate({
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'u' },
      from: { id: chatId, is_bot: false, first_name: 'u', language_code: 'en' },
      text,
    },
  });
  return nextCall(api, chatId, method, seen);
}
