// Digest building at scale: one day of 2,000 synthetic articles (analysed for real: topics and
// story clustering), then digests for 10,000 chats with varied settings, rendered to HTML.
import pino from 'pino';
import { analysePending } from '../src/digest/analyse.js';
import { DigestBuilder } from '../src/digest/build.js';
import type { DigestSettings } from '../src/digest/chat-settings.js';
import { renderDigest } from '../src/digest/render.js';
import { extractiveFor } from '../src/digest/summaries.js';
import type { UiLanguage } from '../src/format/i18n.js';
import { TOPIC_KEYS } from '../src/news/article.js';
import { storeBatch } from '../src/store/articles.js';
import { upsertFeeds } from '../src/store/feeds.js';
import { cveBadges } from '../src/store/cve-records.js';
import { storiesFirstSeenBetween } from '../src/store/stories.js';
import { tempDb } from '../test/helpers/fixtures.js';
import { item } from '../test/helpers/stories.js';
import { peakRssMb } from './peak-rss.mjs';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const COMPANIES = [
  'Casio',
  'Nidec',
  'Ivanti',
  'Fortinet',
  'Citrix',
  'MOVEit',
  'Okta',
  'Cisco',
  'Atlassian',
  'SonicWall',
  'Veeam',
  'Zyxel',
  'Asahi',
  'Toyota',
  'Sony',
  'Hitachi',
  'Canon',
  'Yamaha',
  'Ricoh',
  'Kyocera',
];
const EN_EVENTS = [
  'confirms ransomware attack',
  'patches actively exploited zero-day',
  'discloses data breach',
  'targeted by state-sponsored hackers',
  'warns of phishing campaign',
  'fined by regulator over leak',
];
const ZH_EVENTS = [
  '遭勒索软件攻击',
  '修复已被利用的零日漏洞',
  '披露数据泄露事件',
  '遭国家级黑客组织攻击',
  '发布钓鱼攻击预警',
  '因数据泄露被监管罚款',
];

export function syntheticDay(db: ReturnType<typeof tempDb>['db'], now: number, articles: number): void {
  const r = rng(7);
  const feeds = Array.from({ length: 40 }, (_, i) => ({
    url: `https://feed${i}.bench.test/`,
    title: `Feed ${i}`,
    language: i < 28 ? 'en' : 'zh',
  }));
  upsertFeeds(db, feeds, 'file', now);
  let made = 0;
  for (let event = 0; made < articles; event++) {
    const company = `${COMPANIES[event % COMPANIES.length]}${event >= COMPANIES.length ? ` Unit ${Math.floor(event / COMPANIES.length)}` : ''}`;
    const kind = Math.floor(r() * EN_EVENTS.length);
    const reports = 1 + Math.floor(r() * 4);
    for (let k = 0; k < reports && made < articles; k++, made++) {
      const feedIndex = Math.floor(r() * feeds.length);
      const zh = feeds[feedIndex]!.language === 'zh';
      const title = zh
        ? `${company}${ZH_EVENTS[kind]}（第${k + 1}报）`
        : `${company} ${EN_EVENTS[kind]} (report ${k + 1})`;
      const summary = zh
        ? `${company}表示，该事件影响部分业务系统，调查仍在进行。`
        : `${company} said the incident affected some systems and an investigation is ongoing. CVE-2025-${1000 + event}.`;
      storeBatch(
        db,
        feedIndex + 1,
        [
          item({
            feed: feeds[feedIndex]!.title,
            title,
            summary,
            language: zh ? 'zh' : 'en',
            publishedAt: now - r() * 86_400_000,
          }),
        ],
        now - 3_600_000,
      );
    }
  }
}

export function chatSettings(r: () => number): { settings: DigestSettings; lang: UiLanguage; timezone: string } {
  const languages = [['en', 'zh'], ['en'], ['zh']][Math.floor(r() * 3)]!;
  const lang: UiLanguage = r() < 0.5 ? 'en' : 'zh';
  const topics = r() < 0.6 ? [] : TOPIC_KEYS.filter(() => r() < 0.4);
  const timezone = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York'][Math.floor(r() * 4)]!;
  return {
    settings: { languages, topics, topN: 5 + Math.floor(r() * 16), uiLanguage: lang, hiddenFeeds: [] },
    lang,
    timezone,
  };
}

export function digestBench(chats = 10_000, articles = 2_000): Record<string, number> {
  const t = tempDb();
  const now = Date.now();
  syntheticDay(t.db, now, articles);
  const analyseStart = performance.now();
  analysePending({ db: t.db, clock: () => now - 3_600_000, log: pino({ level: 'silent' }), windowMs: 72 * 3_600_000 });
  const analyseMs = performance.now() - analyseStart;
  const started = performance.now();
  const docs = storiesFirstSeenBetween(t.db, now - 86_400_000, now);
  const builder = new DigestBuilder(
    docs,
    cveBadges(
      t.db,
      docs.flatMap((d) => d.cves),
    ),
    { start: now - 86_400_000, end: now, now },
  );
  const summaries = new Map<number, string>();
  const r = rng(11);
  let messages = 0;
  for (let i = 0; i < chats; i++) {
    const c = chatSettings(r);
    const model = builder.build(c.settings);
    // Summaries are per lead article and shared by every chat, as in planning.
    for (const s of model.stories) if (!summaries.has(s.lead.id)) summaries.set(s.lead.id, extractiveFor(s.lead));
    messages += renderDigest(model, { lang: c.lang, timezone: c.timezone, summaries, date: now }).length;
  }
  const buildMs = performance.now() - started;
  const stories = new Set(docs.map((d) => d.storyId)).size;
  t.cleanup();
  return {
    digest_articles: articles,
    digest_stories: stories,
    analyse_ms_2000_articles: Math.round(analyseMs),
    digest_build_ms_10k_chats: Math.round(buildMs),
    digest_messages: messages,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = { ...digestBench(), digest_peak_rss_mb: peakRssMb() };
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
}
