// Feed discovery on a site's HTML page: alternate links of feed types, relative ones resolved
// (against <base href> too), each once, other links and non-http schemes ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverFeedLinks, MAX_DISCOVERED } from '../../src/feeds/discover.js';

const PAGE = `<!doctype html><html><head>
<title>Example Security Blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Example &raquo; Feed" href="https://blog.example.com/feed/">
<link rel="alternate" type="application/atom+xml" title="Example &raquo; Comments" href="https://blog.example.com/comments/feed.atom">
<link rel="alternate" type="application/rss+xml" title="Podcast" href="podcast.xml">
<link rel="alternate" type="application/rss+xml" href="https://blog.example.com/feed/">
<link rel="alternate" type="text/html" hreflang="zh" href="/zh/">
<link rel="alternate" type="application/json" title="oEmbed" href="/oembed.json">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body><a href="/feed.xml">RSS</a></body></html>`;

test('a page with two alternate feed links and a relative one: all three, absolute, once each', () => {
  assert.deepEqual(discoverFeedLinks(PAGE, 'https://blog.example.com/2025/11/post.html'), [
    { url: 'https://blog.example.com/feed/', title: 'Example » Feed', type: 'rss' },
    { url: 'https://blog.example.com/comments/feed.atom', title: 'Example » Comments', type: 'atom' },
    { url: 'https://blog.example.com/2025/11/podcast.xml', title: 'Podcast', type: 'rss' },
  ]);
});

test('relative links follow <base href>; JSON Feed and case-insensitive attributes count', () => {
  const html = `<HEAD><BASE HREF="https://cdn.example.org/site/"><LINK REL="Alternate Feed" TYPE="Application/RSS+XML" HREF="rss.xml">
    <link rel="alternate" type="application/feed+json" href="feed.json"></HEAD>`;
  assert.deepEqual(
    discoverFeedLinks(html, 'https://example.org/').map((f) => [f.url, f.type]),
    [
      ['https://cdn.example.org/site/rss.xml', 'rss'],
      ['https://cdn.example.org/site/feed.json', 'json'],
    ],
  );
});

test('nothing to find: a page without feed links, broken markup, or a flood of links capped', () => {
  assert.deepEqual(discoverFeedLinks('<html><body>Just a page</body></html>', 'https://x.test/'), []);
  assert.deepEqual(
    discoverFeedLinks('<link rel="alternate" type="application/rss+xml" href="http://[bad', 'https://x.test/'),
    [],
  );
  for (const inherited of ['constructor', '__proto__', 'toString']) {
    const page = `<link rel="alternate" type="${inherited}" href="/feed.xml">`;
    assert.deepEqual(discoverFeedLinks(page, 'https://x.test/'), [], `type="${inherited}" is no feed type`);
  }
  const many = Array.from(
    { length: 50 },
    (_, i) => `<link rel="alternate" type="application/rss+xml" href="/f${i}">`,
  ).join('');
  assert.equal(discoverFeedLinks(many, 'https://x.test/').length, MAX_DISCOVERED);
});
