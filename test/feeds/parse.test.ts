import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeFeedBytes } from '../../src/feeds/decode.js';
import { NotAFeedError } from '../../src/feeds/errors.js';
import { normalizeFeed } from '../../src/feeds/normalize.js';
import { parseFeedText, sniffFormat } from '../../src/feeds/parse.js';
import type { NormalizedItem } from '../../src/news/article.js';

const NOW = Date.UTC(2025, 6, 23, 12, 0, 0);
const FINAL_URL = 'https://feeds.example.net/security.xml';

async function items(xml: string, finalUrl = FINAL_URL): Promise<NormalizedItem[]> {
  return normalizeFeed(await parseFeedText(xml), { finalUrl, now: NOW });
}

/** Asserts that parsing rejects with a NotAFeedError whose message matches. */
async function rejectsAsNotAFeed(text: string, message: RegExp, reason = 'not_feed'): Promise<void> {
  await assert.rejects(parseFeedText(text), (err: unknown) => {
    assert.ok(err instanceof NotAFeedError, `expected NotAFeedError, got ${String(err)}`);
    assert.match(err.message, message);
    assert.equal(err.reason, reason);
    return true;
  });
}

const rss = (itemsXml: string, channelExtra = '') =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.com/</link>${channelExtra}${itemsXml}</channel></rss>`;

test('sniffFormat looks at content, not at what the server claims', () => {
  assert.equal(sniffFormat('  \n<?xml version="1.0"?><!-- c --><rss/>'), 'xml');
  assert.equal(sniffFormat('<!-- once served as <html> by mistake --><rss version="2.0"/>'), 'xml');
  assert.equal(sniffFormat('\uFEFF{"version":"https://jsonfeed.org/version/1.1"}'), 'json');
  assert.equal(sniffFormat('<!DOCTYPE html><html><body>x</body></html>'), 'html');
  assert.equal(sniffFormat('<head><title>Moved</title></head>'), 'html');
  assert.equal(sniffFormat(' \n\t'), 'empty');
  assert.equal(sniffFormat('Warning: database error'), 'unknown');
});

test('JSON Feed 1.0: items, author, dates, relative URLs', async () => {
  const doc = {
    version: 'https://jsonfeed.org/version/1',
    title: 'Blog',
    home_page_url: 'https://blog.example.org/',
    items: [
      {
        id: 1,
        url: '/posts/1',
        title: 'First',
        content_text: 'a < b & c',
        date_published: '2025-07-01T10:00:00Z',
        author: { name: 'Ann' },
      },
      { id: '2', external_url: 'https://other.example/x', content_html: '<p>Second body</p>' },
    ],
  };
  const feed = await parseFeedText(JSON.stringify(doc));
  assert.equal(feed.format, 'json');
  assert.equal(feed.items.length, 2);
  assert.equal(feed.items[0]!.guid, '1');
  assert.equal(feed.items[0]!.author, 'Ann');
  const out = normalizeFeed(feed, { finalUrl: FINAL_URL, now: NOW });
  assert.equal(out[0]!.url, 'https://blog.example.org/posts/1');
  assert.equal(out[0]!.bodyText, 'a < b & c');
  assert.equal(out[0]!.publishedAt, Date.UTC(2025, 6, 1, 10));
  assert.equal(out[1]!.url, 'https://other.example/x');
  assert.equal(out[1]!.title, 'Second body', 'a title made from the body has no full stop of its own');
});

test('JSON Feed 1.1: authors array and language; a bare "1.1" version is accepted by shape', async () => {
  const item = { id: 'a', url: 'https://x.example/a', title: 'A', authors: [{ name: 'Bo' }] };
  const official = await parseFeedText(
    JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'X', language: 'zh-CN', items: [item] }),
  );
  assert.equal(official.language, 'zh-CN');
  assert.equal(official.items[0]!.author, 'Bo');
  const loose = await parseFeedText(JSON.stringify({ version: '1.1', title: 'X', items: [item, item] }));
  assert.equal(loose.items.length, 2);
});

test('JSON that is not a JSON Feed, and malformed JSON, are NotAFeedError', async () => {
  await rejectsAsNotAFeed('{"status":"ok","data":[1,2]}', /not a JSON Feed/);
  await rejectsAsNotAFeed('{\n  "verion": "1.0"\n', /malformed JSON/);
});

test('Atom xml:base on the feed and on an entry resolves relative links', async () => {
  const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/blog/">
    <title>B</title>
    <entry xml:base="2025/"><title>In 2025</title><link href="post.html"/><id>urn:1</id></entry>
    <entry><title>Feed base</title><link rel="alternate" type="text/html" href="other.html"/><id>urn:2</id></entry>
  </feed>`;
  const out = await items(xml);
  assert.deepEqual(
    out.map((i) => i.url),
    ['https://example.org/blog/2025/post.html', 'https://example.org/blog/other.html'],
  );
});

test('Atom: alternate links win over self/enclosure, and a self link alone is no article URL', async () => {
  const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>
    <entry><title>One</title><link rel="self" href="https://api.example/1.atom"/><link rel="enclosure" type="audio/mpeg" href="https://cdn.example/1.mp3"/><link href="https://example.org/1"/></entry>
    <entry><title>Two</title><link rel="self" href="https://api.example/2.atom"/><id>urn:uuid:2</id></entry>
  </feed>`;
  const out = await items(xml);
  assert.equal(out[0]!.url, 'https://example.org/1');
  assert.equal(out[1]!.url, null);
  assert.equal(out[1]!.guid, 'urn:uuid:2');
});

test('Atom in a prefixed namespace (a:feed, p0:entry) is still Atom', async () => {
  const prefixed = `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title>
    <a:entry><a:title>Prefixed</a:title><a:link href="https://example.org/p"/><a:updated>2025-07-01T00:00:00Z</a:updated></a:entry></a:feed>`;
  const feed = await parseFeedText(prefixed);
  assert.equal(feed.format, 'atom');
  assert.equal(feed.title, 'P');
  assert.equal(feed.items[0]!.title, 'Prefixed');
  assert.equal(feed.items[0]!.link, 'https://example.org/p');
  const mixed = `<feed xmlns="http://www.w3.org/2005/Atom"><title>M</title>
    <p0:entry xmlns:p0="http://www.w3.org/2005/Atom"><p0:title>Inner</p0:title></p0:entry></feed>`;
  assert.equal((await parseFeedText(mixed)).items[0]!.title, 'Inner');
});

test('RSS keeps atom:link apart from its own link', async () => {
  const xml = rss(
    '<item><title>x</title><link>https://example.com/x</link></item>',
    '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="https://feeds.example.com/rss"/>',
  );
  const feed = await parseFeedText(xml);
  assert.equal(feed.link, 'https://example.com/');
  assert.equal(feed.items[0]!.link, 'https://example.com/x');
});

test('Atom 0.3 entries with issued/modified dates', async () => {
  const xml = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
    <entry><title>E</title><link rel="alternate" type="text/html" href="https://example.org/e"/><issued>2004-05-01T12:00:00Z</issued><modified>2004-05-02T12:00:00Z</modified></entry></feed>`;
  const out = await items(xml);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.url, 'https://example.org/e');
  assert.equal(out[0]!.publishedAt, Date.UTC(2004, 4, 1, 12));
  assert.equal(out[0]!.dateMissing, false);
});

test('RDF / RSS 1.0 and RSS without a version attribute are parsed', async () => {
  const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel rdf:about="https://example.org/"><title>R</title><link>https://example.org/</link></channel>
    <item rdf:about="https://example.org/1"><title>One</title><link>https://example.org/1</link><dc:date>2025-07-01T08:00:00+08:00</dc:date></item>
    <item rdf:about="https://example.org/2"><title>Two</title></item></rdf:RDF>`;
  const out = await items(rdf);
  assert.deepEqual(
    out.map((i) => i.title),
    ['One', 'Two'],
  );
  assert.equal(out[0]!.publishedAt, Date.UTC(2025, 6, 1, 0));
  // No <link>: the rdf:about URI is the item's address.
  assert.equal(out[1]!.url, 'https://example.org/2');
  const noVersion = '<rss><channel><title>N</title><item><title>Versionless</title></item></channel></rss>';
  assert.equal((await parseFeedText(noVersion)).items[0]!.title, 'Versionless');
});

test("an RSS item whose link is an Atom element (.NET SyndicationFeed's a10:link) gets that link", async () => {
  const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:a10="http://www.w3.org/2005/Atom"><channel><title>N</title>
    <item><guid isPermaLink="false">5</guid><a10:link href="http://www.example.com/5" /><title>Five</title></item>
    <item><a10:link rel="self" href="http://www.example.com/feed/6" /><a10:link href="http://www.example.com/6" />
      <title>Six</title></item>
    <item><link>http://www.example.com/7</link><a10:link href="http://www.example.com/other" /><title>Seven</title></item>
  </channel></rss>`;
  const out = await items(xml);
  assert.deepEqual(
    out.map((i) => i.url),
    ['http://www.example.com/5', 'http://www.example.com/6', 'http://www.example.com/7'],
  );
});

test('broken RDF goes through the lenient pass without losing the lower-cased root or items', async () => {
  const rdf = `<!-- a comment first --><?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
    <channel><title>Fish & Chips</title></channel><item><title>A & B</title><link>https://example.org/?a=1&b=2</link></item></rdf:RDF>`;
  const feed = await parseFeedText(rdf);
  assert.equal(feed.title, 'Fish & Chips');
  assert.equal(feed.items.length, 1);
  assert.equal(feed.items[0]!.link, 'https://example.org/?a=1&b=2');
});

test('RSS with bare & is recovered by the lenient pass', async () => {
  // gofeed issue 305: a bare `&` must not stop later entities in the same text from decoding.
  const xml = rss(
    '<item><title>Fish & Chips &amp; more &lt;3</title><link>https://example.com/?a=1&b=2</link></item><item><title>Second</title></item>',
  );
  const out = await items(xml);
  assert.equal(out.length, 2);
  assert.equal(out[0]!.title, 'Fish & Chips & more <3');
  assert.equal(out[0]!.url, 'https://example.com/?a=1&b=2');
});

test('hostile element names (__proto__, constructor) in broken XML are plain data', async () => {
  const xml = rss(
    '<item><title>A & B</title><__proto__><polluted>1</polluted></__proto__><constructor>x</constructor><link>https://example.com/p</link></item>',
  );
  const out = await items(xml);
  assert.equal(out[0]!.title, 'A & B');
  assert.equal(out[0]!.url, 'https://example.com/p');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('a truncated document keeps the items before the cut', async () => {
  const xml = rss('<item><title>Complete</title><link>https://example.com/1</link></item>').replace(
    '</channel></rss>',
    '<item><title>Cut',
  );
  const out = await items(xml);
  assert.deepEqual(
    out.map((i) => i.title),
    ['Complete', 'Cut'],
  );
});

test('an HTML page is NotAFeedError with reason blocked', async () => {
  await rejectsAsNotAFeed(
    '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>challenge</body></html>',
    /HTML page/,
    'blocked',
  );
  await rejectsAsNotAFeed('<html><body>405 Not Allowed</body></html>', /HTML page/, 'blocked');
});

test('empty body, non-XML text, unknown roots and hopeless XML are NotAFeedError', async () => {
  await rejectsAsNotAFeed('', /empty document/);
  await rejectsAsNotAFeed('   \r\n', /empty document/);
  await rejectsAsNotAFeed('Service Unavailable', /neither XML nor JSON/);
  await rejectsAsNotAFeed('<note><to>Tove</to></note>', /not RSS, RDF or Atom/);
  await rejectsAsNotAFeed('<!-- only a comment -->', /malformed XML/);
});

test('DTD entity declarations (billion laughs) are refused quickly with a clear error', async () => {
  const lol = ['<!ENTITY lol "lol">'];
  for (let i = 1; i < 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  const xml = `<?xml version="1.0"?><!DOCTYPE rss [${lol.join('')}]><rss version="2.0"><channel><title>&lol9;</title></channel></rss>`;
  const started = performance.now();
  await rejectsAsNotAFeed(xml, /DTD entities/);
  assert.ok(performance.now() - started < 500, 'refusal must not expand anything');
});

test('<script> in titles is removed, escaped or in CDATA', async () => {
  const xml = rss(
    '<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Patch Tuesday</title><link>https://example.com/1</link></item>' +
      '<item><title><![CDATA[<script>document.cookie</script><b>Zero-day</b> in VPN]]></title><link>https://example.com/2</link></item>',
  );
  const out = await items(xml);
  assert.equal(out[0]!.title, 'Patch Tuesday');
  assert.equal(out[1]!.title, 'Zero-day in VPN');
});

test('NUL bytes and invalid UTF-8 produce cleaned items', async () => {
  const bytes = Buffer.concat([
    Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><item><title>Bad\u0000',
    ),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from(
      'Bytes\u0007</title><link>https://example.com/nul</link><description>x\u0000y</description></item></channel></rss>',
    ),
  ]);
  const decoded = decodeFeedBytes(bytes);
  const out = normalizeFeed(await parseFeedText(decoded.text), { finalUrl: FINAL_URL, now: NOW });
  assert.equal(out.length, 1);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(out[0]!.title + out[0]!.bodyText, /[\u0000-\u0008]/);
  assert.match(out[0]!.title, /^Bad.*Bytes$/);
  assert.equal(out[0]!.url, 'https://example.com/nul');
});

test('a GBK feed decodes and parses end to end', async () => {
  const xml =
    '<?xml version="1.0" encoding="gb2312"?>' +
    rss(
      '<item><title>勒索软件攻击</title><link>https://example.cn/1</link><pubDate>2025-07-01 10:00:00</pubDate></item>',
    ).replace(/^<\?xml version="1.0"\?>/, '');
  const decoded = decodeFeedBytes(iconv.encode(xml, 'gbk'), 'text/xml; charset=utf-8');
  const out = await items(decoded.text);
  assert.equal(out[0]!.title, '勒索软件攻击');
  assert.equal(out[0]!.language, 'zh');
  // A zone-less date in a Chinese feed is Beijing time.
  assert.equal(out[0]!.publishedAt, Date.UTC(2025, 6, 1, 2));
});

test('items without links or GUIDs are kept with a content key; permalink GUIDs become the URL', async () => {
  const xml = rss(
    '<item><title>No link, no guid</title><pubDate>Tue, 01 Jul 2025 10:00:00 GMT</pubDate></item>' +
      '<item><title>Guid only</title><guid>https://example.com/g1</guid></item>' +
      '<item><title>Opaque guid</title><guid isPermaLink="false">https://example.com/not-a-link</guid></item>' +
      '<item><description>   </description></item>',
  );
  const out = await items(xml);
  assert.equal(out.length, 3, 'an item with nothing to show is dropped');
  assert.equal(out[0]!.url, null);
  assert.equal(out[0]!.guid, null);
  assert.match(out[0]!.contentKey, /^[0-9a-f]{40}$/);
  assert.equal(out[1]!.url, 'https://example.com/g1');
  assert.equal(out[2]!.url, null);
  assert.equal(out[2]!.guid, 'https://example.com/not-a-link');
});

test('invalid or missing dates: dateMissing and publishedAt = now; future dates clamp to now', async () => {
  const xml = rss(
    '<item><title>Bad date</title><pubDate>not a date</pubDate></item>' +
      '<item><title>31 June</title><pubDate>2025-06-31T10:00:00Z</pubDate></item>' +
      '<item><title>No date</title></item>' +
      '<item><title>Future</title><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>',
  );
  const out = await items(xml);
  for (const item of out.slice(0, 3)) {
    assert.equal(item.dateMissing, true, item.title);
    assert.equal(item.publishedAt, NOW, item.title);
  }
  assert.equal(out[3]!.dateMissing, false);
  assert.equal(out[3]!.publishedAt, NOW);
});

test('a malformed document does not poison the next parse (each settles, concurrently too)', async () => {
  const broken = rss('<item><title>A & B</title></item>').replace(
    '<?xml version="1.0"?>',
    '<!-- x --><?xml version="1.0"?>',
  );
  const good = rss('<item><title>Good</title></item>');
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('parse never settled')), 2000).unref(),
  );
  const results = await Promise.race([
    Promise.all([broken, good, broken, good, '<!-- c -->'].map((t) => parseFeedText(t).catch((e: Error) => e))),
    timeout,
  ]);
  assert.equal((results[1] as { items: Array<{ title?: string }> }).items[0]!.title, 'Good');
  assert.equal((results[2] as { items: Array<{ title?: string }> }).items[0]!.title, 'A & B');
  assert.ok(results[4] instanceof NotAFeedError);
});

test('Atom type="xhtml" content keeps document order and link text, prefixed XHTML too', async () => {
  const entry = (id: number, summary: string) =>
    `<entry><id>urn:${id}</id><title>T${id}</title><link href="https://e.test/${id}"/><updated>2025-07-01T00:00:00Z</updated>${summary}</entry>`;
  const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:h="http://www.w3.org/1999/xhtml"><title>F</title>
    ${entry(
      1,
      '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p><a href="https://h.test/">Scott Hanselman</a>: ' +
        '<em>Plex is great</em></p><p>Unhappy with <a href="https://t.test/">Time Warner Cable</a>, I went.</p></div></summary>',
    )}
    ${entry(
      2,
      '<content type="xhtml"><h:div><h:p>For information, see:</h:p><h:ul><h:li><h:a href="https://p.test/">Who knows an ' +
        '<h:abbr title="Extensible Markup Language">XML</h:abbr> document</h:a></h:li></h:ul></h:div></content>',
    )}
    ${entry(3, '<summary type="html">&lt;p&gt;&lt;a href="x"&gt;Escaped&lt;/a&gt;: &lt;em&gt;HTML&lt;/em&gt;&lt;/p&gt;&lt;p&gt;too&lt;/p&gt;</summary>')}
  </feed>`;
  const out = await items(xml);
  assert.equal(out[0]!.summary, 'Scott Hanselman: Plex is great. Unhappy with Time Warner Cable, I went.');
  assert.equal(out[1]!.bodyText, 'For information, see: Who knows an XML document.');
  assert.equal(out[2]!.summary, 'Escaped: HTML. too.');
});

test('xhtml content with its own xmlns prefix; an unclosed xhtml construct loses no entry', async () => {
  const entry = (id: number, summary: string) =>
    `<entry><id>urn:${id}</id><title>T${id}</title><link href="https://e.test/${id}"/>${summary}</entry>`;
  const feed = (body: string) =>
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>${body}</feed>`;
  const prefixed = await items(
    feed(
      entry(
        1,
        '<summary xmlns:x="http://www.w3.org/1999/xhtml" type="xhtml"><x:div><x:p>Hello <x:b>bold</x:b> world</x:p></x:div></summary>',
      ),
    ),
  );
  assert.equal(prefixed[0]!.summary, 'Hello bold world.');
  // The first entry's summary never ends: the lenient pass still gives both entries.
  const unclosed = '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Cut short</p></div>';
  const cut = await items(feed(`${entry(1, unclosed)}${entry(2, '')}`));
  assert.deepEqual(
    cut.map((i) => i.title),
    ['T1', 'T2'],
  );
  assert.equal(cut[0]!.summary, 'Cut short.');
});
