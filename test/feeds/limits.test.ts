// Per-document limits added for the hostile suite: the DTD check covers the whole prolog and only
// the prolog, nesting depth, the item cap (newest end kept), link length, HTML depth.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotAFeedError } from '../../src/feeds/errors.js';
import { MAX_ITEMS_PER_FEED } from '../../src/feeds/limits.js';
import { MAX_URL_CHARS, normalizeFeed } from '../../src/feeds/normalize.js';
import { internalDtdSubset, parseFeedText } from '../../src/feeds/parse.js';
import { MAX_XML_DEPTH } from '../../src/feeds/xml-tree.js';
import { htmlToText, MAX_HTML_DEPTH } from '../../src/news/text.js';

const rssWith = (items: string, prolog = '') =>
  `<?xml version="1.0"?>${prolog}<rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;
const refused = (xml: string, re: RegExp) =>
  assert.rejects(
    parseFeedText(xml),
    (e: unknown) => e instanceof NotAFeedError && e.reason === 'not_feed' && re.test(e.message),
  );

test('DTD subsets are refused wherever the prolog puts them; quoted DTDs in content are not', async () => {
  await refused(rssWith('', `<!--${' '.repeat(100_000)}--><!DOCTYPE r [<!ENTITY x "y">]>`), /DTD entities/);
  await refused(rssWith('', '<?pi x?>\n<!DOCTYPE r [<!-- ] --><!ENTITY x "y">]>'), /internal DTD subset/);
  assert.equal(
    internalDtdSubset(
      '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/rss-0.91.dtd"><rss/>',
    ),
    null,
  );
  const writeup = rssWith(
    '<item><title>XXE 101</title><description><![CDATA[<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>]]></description></item>',
  );
  assert.equal((await parseFeedText(writeup)).items.length, 1);
});

test(`elements nested over ${MAX_XML_DEPTH} levels are refused, well-formed or not, without a stack overflow`, async () => {
  const deep = (n: number) => `${'<a>'.repeat(n)}x${'</a>'.repeat(n)}`;
  await refused(rssWith(`<item><title>x</title><description>${deep(5000)}</description></item>`), /nested more than/);
  await refused(
    rssWith(`<item><title>x</title><description>${'<a>'.repeat(100_000)}</description></item>`),
    /nested more than/,
  );
  assert.equal((await parseFeedText(rssWith(`<item><title>x</title><x>${deep(50)}</x></item>`))).items.length, 1);
});

test(`a feed is read up to ${MAX_ITEMS_PER_FEED} items, from its newest end`, async () => {
  const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toUTCString();
  const items = (order: number[]) =>
    order.map((i) => `<item><title>n${i}</title><pubDate>${day(i)}</pubDate></item>`).join('');
  const n = MAX_ITEMS_PER_FEED + 500;
  const newestFirst = Array.from({ length: n }, (_, i) => n - 1 - i);
  const a = await parseFeedText(rssWith(items(newestFirst)));
  assert.deepEqual([a.items.length, a.items[0]!.title], [MAX_ITEMS_PER_FEED, `n${n - 1}`]);
  const b = await parseFeedText(rssWith(items([...newestFirst].reverse())));
  assert.deepEqual(
    [b.items.length, b.items.at(-1)!.title],
    [MAX_ITEMS_PER_FEED, `n${n - 1}`],
    'oldest-first feeds keep their end',
  );
  const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${Array.from({ length: n }, (_, i) => `<entry><title>e${i}</title><updated>${new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString()}</updated></entry>`).join('')}</feed>`;
  const c = await parseFeedText(atom);
  assert.deepEqual([c.items.length, c.items.at(-1)!.title], [MAX_ITEMS_PER_FEED, `e${n - 1}`]);
  const json = JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 't',
    items: Array.from({ length: n }, (_, i) => ({ id: String(i), title: `j${i}` })),
  });
  assert.equal((await parseFeedText(json)).items.length, MAX_ITEMS_PER_FEED);
});

test(`links over ${MAX_URL_CHARS} characters are dropped, the item kept`, () => {
  const long = `https://x.test/${'a'.repeat(MAX_URL_CHARS)}`;
  const [item] = normalizeFeed(
    { format: 'rss', items: [{ title: 'kept', link: long, guid: long, rawDates: [] }] },
    { finalUrl: 'https://x.test/', now: 0 },
  );
  assert.deepEqual([item!.title, item!.url, item!.canonicalUrl], ['kept', null, null]);
});

test(`htmlToText stops at ${MAX_HTML_DEPTH} open elements and after maxChars, in time`, () => {
  const started = Date.now();
  const text = htmlToText(`${'<div>x'.repeat(200_000)}`, 20_000);
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  assert.equal(text, 'x. '.repeat(MAX_HTML_DEPTH).trim(), 'each block ends a sentence');
  assert.equal(htmlToText(`<p>${'word '.repeat(200_000)}</p>`, 100).length, 100);
});
