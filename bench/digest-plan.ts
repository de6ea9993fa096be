// Digest planning as production runs it: 10,000 subscribed chats whose digest time has come, with
// varied languages, topics, time zones and lengths, over a day of 2,000 analysed articles. This
// process prepares the database; bench/digest-plan-child.mjs plans on the compiled build with the
// production heap flags, so digest_plan_peak_rss_mb is what a server sees.
import { spawnSync } from 'node:child_process';
import pino from 'pino';
import { analysePending } from '../src/digest/analyse.js';
import { ensureChat, subscribeChat, updateChatSettings } from '../src/store/chats.js';
import { tempDb } from '../test/helpers/fixtures.js';
import { chatSettings, rng, syntheticDay } from './digest.js';
import { ROOT, runCompiledChild } from './production.js';

const DAY = 86_400_000;

/** HH:MM in `timezone` one minute before `at`: the chat's digest has just come due. */
function justDue(at: number, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return parts.format(new Date(at - 60_000));
}

function prepare(chats: number, articles: number, now: number): ReturnType<typeof tempDb> {
  const t = tempDb();
  syntheticDay(t.db, now, articles);
  analysePending({ db: t.db, clock: () => now - 3_600_000, log: pino({ level: 'silent' }), windowMs: 72 * 3_600_000 });
  const r = rng(11);
  t.db.transaction(() => {
    for (let id = 1; id <= chats; id++) {
      const c = chatSettings(r);
      ensureChat(
        t.db,
        { id, type: 'private', title: `u${id}` },
        { timezone: c.timezone, digestTime: '09:00' },
        now - 2 * DAY,
      );
      subscribeChat(t.db, id, null, now - 2 * DAY);
      updateChatSettings(
        t.db,
        id,
        {
          ui_language: c.lang,
          content_languages: c.settings.languages.join(','),
          topics: c.settings.topics.join(','),
          digest_time: justDue(now, c.timezone),
        },
        now - 2 * DAY,
      );
    }
  })();
  return t;
}

export async function digestPlanBench(chats = 10_000, articles = 2_000): Promise<Record<string, number>> {
  const now = Date.now();
  const t = prepare(chats, articles, now);
  t.db.close();
  try {
    const r = await runCompiledChild<{ planned: number; seconds: number; messages: number; maxRssMb: number }>(
      'digest-plan-child.mjs',
      [t.path, String(now)],
    );
    return {
      digest_plan_chats: r.planned,
      digest_plan_messages: r.messages,
      digest_plan_s: Math.round(r.seconds * 10) / 10,
      digest_plan_peak_rss_mb: r.maxRssMb,
    };
  } finally {
    t.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv.includes('--no-build')) spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const r = await digestPlanBench();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
}
