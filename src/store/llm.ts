// SQL for LLM output caching and the daily token budget.
import type { Db } from './db.js';

export function cachedOutput(db: Db, contentHash: string, kind: string, model: string): string | undefined {
  return db
    .prepare('SELECT output FROM llm_cache WHERE content_hash = ? AND kind = ? AND model = ?')
    .pluck()
    .get(contentHash, kind, model) as string | undefined;
}

export function cacheOutput(
  db: Db,
  contentHash: string,
  kind: string,
  model: string,
  output: string,
  now: number,
): void {
  db.prepare(
    'INSERT OR REPLACE INTO llm_cache (content_hash, kind, model, output, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(contentHash, kind, model, output, now);
}

export function tokensUsed(db: Db, day: string): number {
  return (db.prepare('SELECT tokens FROM llm_usage WHERE day = ?').pluck().get(day) as number | undefined) ?? 0;
}

export function addTokens(db: Db, day: string, tokens: number): void {
  db.prepare(
    `INSERT INTO llm_usage (day, tokens) VALUES (?, ?) ON CONFLICT (day) DO UPDATE
      SET tokens = tokens + excluded.tokens`,
  ).run(day, tokens);
}
