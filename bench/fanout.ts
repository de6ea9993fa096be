// Fan-out: N messages to N chats through the fake Bot API, which enforces Telegram's limits
// (30/s overall, ~1/s per chat) and answers 429 past them. Prints msgs/s, 429s and lost messages.
import pino from 'pino';
import { Telegram } from 'telegraf';
import { DEFAULT_PACING } from '../src/telegram/pacer.js';
import { Sender } from '../src/telegram/sender.js';
import { ensureChat } from '../src/store/chats.js';
import { enqueue } from '../src/store/outbox.js';
import { FAKE_TOKEN, FakeBotApi } from '../test/helpers/fake-bot-api.js';
import { tempDb } from '../test/helpers/fixtures.js';

export async function fanout(messages: number): Promise<Record<string, number>> {
  const api = await new FakeBotApi({ enforceLimits: true }).start();
  const t = tempDb();
  const now = Date.now();
  t.db.transaction(() => {
    for (let i = 1; i <= messages; i++) {
      ensureChat(t.db, { id: i, type: 'private', title: `u${i}` }, { timezone: 'UTC', digestTime: '09:00' }, now);
    }
  })();
  enqueue(
    t.db,
    Array.from({ length: messages }, (_, i) => ({
      chatId: i + 1,
      kind: 'digest' as const,
      method: 'sendMessage' as const,
      payload: { text: `digest ${i + 1}` },
      priority: 2,
    })),
    now,
  );
  const telegram = new Telegram(FAKE_TOKEN, { apiRoot: api.apiRoot });
  const sender = new Sender({
    db: t.db,
    transport: { call: (m, p) => telegram.callApi(m as never, p as never) },
    clock: Date.now,
    log: pino({ level: 'silent' }),
    pacing: DEFAULT_PACING,
  });
  const started = Date.now();
  sender.start();
  while (new Set(api.sent().map((c) => c.payload.chat_id)).size < messages && Date.now() - started < messages * 100) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  await sender.stop();
  const delivered = new Set(api.sent().map((c) => c.payload.chat_id)).size;
  const result = {
    fanout_messages: messages,
    fanout_msgs_per_s: Math.round((delivered / seconds) * 10) / 10,
    fanout_429: api.calls.filter((c) => c.error?.startsWith('429')).length,
    fanout_lost: messages - delivered,
  };
  await api.close();
  t.cleanup();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await fanout(Number(process.env.BENCH_FANOUT_MESSAGES ?? 10_000));
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
}
