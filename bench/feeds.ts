// Writes realistic feed files for the ingest bench: RSS 2.0 and Atom, English and Chinese,
// some Chinese feeds GBK-encoded with a gb2312 prolog (as many Chinese hosts serve them),
// ~600-character HTML descriptions with links, entities and markup, a quarter with full content.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { FEED_NAMES_EN, FEED_NAMES_ZH, paragraph, pickTopics, Rng, title } from './corpus.js';

export interface FeedFile {
  path: string;
  name: string;
  url: string;
  lang: 'en' | 'zh';
  format: 'rss' | 'atom';
  encoding: 'utf-8' | 'gbk';
}

interface Entry {
  title: string;
  link: string;
  guid: string;
  published: number;
  description: string;
  content: string | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** Plain text → the kind of HTML feeds carry: paragraphs, a link, bold, a typographic entity. */
function toHtml(rng: Rng, text: string, host: string): string {
  const sentences = text.split(/(?<=[.。])\s*/).filter(Boolean);
  const paras: string[] = [];
  for (let i = 0; i < sentences.length; i += 3) {
    let p = esc(sentences.slice(i, i + 3).join(' '));
    if (rng.chance(0.5))
      p = p.replace(
        /[A-Za-z]{3,}|[\u4e00-\u9fff]{2,4}/,
        (w) => `<a href="https://${host}/tag/${encodeURIComponent(w)}?utm_source=rss">${w}</a>`,
      );
    if (rng.chance(0.3)) p = p.replace(/ (\w{6,}) /, ' <b>$1</b> ');
    paras.push(`<p>${p}${rng.chance(0.3) ? ' &amp; more &#8230;' : ''}</p>`);
  }
  return paras.join('\n');
}

function makeEntry(rng: Rng, lang: 'en' | 'zh', host: string, n: number, published: number): Entry {
  const topics = pickTopics(rng);
  const descText = paragraph(rng, lang, topics, lang === 'en' ? 480 : 330);
  const full = rng.chance(0.25)
    ? toHtml(rng, `${descText} ${paragraph(rng, lang, topics, lang === 'en' ? 1500 : 700)}`, host)
    : null;
  const slug = `${new Date(published).toISOString().slice(0, 10).replace(/-/g, '/')}/post-${n}`;
  return {
    title: title(rng, lang, topics),
    link: `https://${host}/${slug}?utm_source=rss&utm_medium=feed`,
    guid: `https://${host}/?p=${100_000 + n}`,
    published,
    description: toHtml(rng, descText, host),
    content: full,
  };
}

/** RFC 822 date; Chinese feeds write local time with +0800. */
const rfc822 = (ms: number, zh: boolean) =>
  new Date(ms + (zh ? 8 * 3_600_000 : 0)).toUTCString().replace('GMT', zh ? '+0800' : '+0000');

function rss(file: FeedFile, entries: Entry[]): string {
  const zh = file.lang === 'zh';
  const items = entries.map(
    (e) => `<item>
<title>${esc(e.title)}</title>
<link>${esc(e.link)}</link>
<guid isPermaLink="false">${esc(e.guid)}</guid>
<pubDate>${rfc822(e.published, zh)}</pubDate>
<dc:creator>${zh ? '安全编辑部' : 'Staff Writer'}</dc:creator>
<description>${cdata(e.description)}</description>${e.content ? `\n<content:encoded>${cdata(e.content)}</content:encoded>` : ''}
</item>`,
  );
  const encoding = file.encoding === 'gbk' ? 'gb2312' : 'UTF-8';
  return `<?xml version="1.0" encoding="${encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>${esc(file.name)}</title><link>${esc(file.url)}</link><language>${zh ? 'zh-CN' : 'en-US'}</language>
<description>Security news</description>
${items.join('\n')}
</channel></rss>
`;
}

function atom(file: FeedFile, entries: Entry[]): string {
  const items = entries.map(
    (e) => `<entry>
<title type="html">${esc(e.title)}</title>
<link rel="alternate" type="text/html" href="${esc(e.link)}"/>
<id>${esc(e.guid)}</id>
<published>${new Date(e.published).toISOString()}</published>
<updated>${new Date(e.published + 3_600_000).toISOString()}</updated>
<author><name>Staff Writer</name></author>
<summary type="html">${esc(e.description)}</summary>${e.content ? `\n<content type="html">${esc(e.content)}</content>` : ''}
</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${file.lang}">
<title>${esc(file.name)}</title><link href="${esc(file.url)}"/><id>${esc(file.url)}</id>
<updated>${new Date(entries[0]?.published ?? 0).toISOString()}</updated>
${items.join('\n')}
</feed>
`;
}

/** The nth feed's shape: 3 of 5 English, Chinese ones cycle RSS/GBK-RSS/Atom. */
function feedShape(n: number): Pick<FeedFile, 'lang' | 'format' | 'encoding'> {
  if (n % 5 < 3) return { lang: 'en', format: n % 2 ? 'atom' : 'rss', encoding: 'utf-8' };
  const kind = Math.floor(n / 5 + (n % 5)) % 3;
  if (kind === 0) return { lang: 'zh', format: 'rss', encoding: 'gbk' };
  return { lang: 'zh', format: kind === 1 ? 'rss' : 'atom', encoding: 'utf-8' };
}

/** Writes `feeds` files of `items` entries each into `dir`; dates end at `anchor`. */
export function writeFeedFiles(dir: string, feeds: number, items: number, anchor: number, seed = 1): FeedFile[] {
  const rng = new Rng(seed);
  const files: FeedFile[] = [];
  for (let n = 0; n < feeds; n++) {
    const shape = feedShape(n);
    const names = shape.lang === 'en' ? FEED_NAMES_EN : FEED_NAMES_ZH;
    const host = `feed${n}.bench.example`;
    const file: FeedFile = {
      ...shape,
      name: `${names[n % names.length]} #${n}`,
      url: `https://${host}/feed`,
      path: join(dir, `feed-${n}.xml`),
    };
    const entries: Entry[] = [];
    for (let i = 0; i < items; i++)
      entries.push(makeEntry(rng, shape.lang, host, i, anchor - (items - i) * 600_000 - rng.int(300_000)));
    entries.reverse(); // newest first, as feeds list them
    const xml = file.format === 'rss' ? rss(file, entries) : atom(file, entries);
    writeFileSync(file.path, shape.encoding === 'gbk' ? iconv.encode(xml, 'gbk') : Buffer.from(xml, 'utf8'));
    files.push(file);
  }
  return files;
}
