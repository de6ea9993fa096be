// Small feed documents written for the tests, and a temp database helper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/store/db.js';

export interface FixtureItem {
  title: string;
  link?: string;
  guid?: string;
  date?: string;
  description?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(items: FixtureItem[], opts: { title?: string; language?: string; encoding?: string } = {}): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title>${i.link ? `<link>${esc(i.link)}</link>` : ''}` +
        `${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''}${i.date ? `<pubDate>${i.date}</pubDate>` : ''}` +
        `<description>${esc(i.description ?? '')}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="${opts.encoding ?? 'UTF-8'}"?>
<rss version="2.0"><channel><title>${esc(opts.title ?? 'Test feed')}</title><link>http://example.test/</link>
${opts.language ? `<language>${opts.language}</language>` : ''}
${body}
</channel></rss>`;
}

export function opml(feeds: Array<{ url: string; title: string; language?: string }>): string {
  const lines = feeds.map(
    (f) =>
      `<outline type="rss" text="${esc(f.title)}" title="${esc(f.title)}" xmlUrl="${esc(f.url)}"${f.language ? ` language="${f.language}"` : ''}/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>t</title></head><body>${lines.join('')}</body></opml>`;
}

export interface TempDb {
  db: Db;
  dir: string;
  path: string;
  cleanup(): void;
}

export function tempDir(prefix = 'secbrief-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempDb(now = Date.UTC(2025, 6, 24)): TempDb {
  const dir = tempDir();
  const path = join(dir, 'test.db');
  const db = openDatabase(path);
  migrate(db, now);
  return {
    db,
    dir,
    path,
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
