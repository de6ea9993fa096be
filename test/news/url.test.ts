import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalUrl, resolveHttpUrl } from '../../src/news/url.js';

test('canonical URLs drop tracking params and fragments and lower-case the host', () => {
  assert.equal(
    canonicalUrl('https://WWW.Example.COM/Path/A?utm_source=rss&utm_medium=x&id=7&fbclid=1&gclid=2#comments'),
    'https://www.example.com/Path/A?id=7',
  );
});

test('WeChat article URLs keep only __biz, mid and idx', () => {
  assert.equal(
    canonicalUrl('https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=abc&chksm=xyz&scene=21#wechat_redirect'),
    'https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1',
  );
});

test('relative links resolve against xml:base, then the channel link, then the final URL', () => {
  assert.equal(
    resolveHttpUrl('post/1', ['http://a.test/base/', 'http://b.test/', 'http://c.test/feed']),
    'http://a.test/base/post/1',
  );
  assert.equal(
    resolveHttpUrl('post/1', [undefined, 'http://b.test/x/', 'http://c.test/feed']),
    'http://b.test/x/post/1',
  );
  assert.equal(resolveHttpUrl('/post/1', [undefined, undefined, 'http://c.test/feed']), 'http://c.test/post/1');
  assert.equal(
    resolveHttpUrl('sub/', ['../other/', 'http://b.test/x/y/']),
    'http://b.test/x/other/sub/',
    'a relative base resolves against the next one',
  );
});

test('javascript:, data:, mailto: and junk links are dropped', () => {
  for (const bad of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,x',
    'mailto:a@b',
    'http://',
    '',
    '  ',
  ]) {
    assert.equal(resolveHttpUrl(bad, ['http://example.test/']), null, bad);
  }
});
