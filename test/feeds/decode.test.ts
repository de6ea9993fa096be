import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeFeedBytes, headerCharset, normalizeCharset, prologCharset } from '../../src/feeds/decode.js';

const ZH_TITLE = '微软发布紧急安全更新修复远程代码执行漏洞';
const zhRss = (prolog = '') =>
  `${prolog}<rss version="2.0"><channel><title>安全资讯</title><item><title>${ZH_TITLE}</title>` +
  '<description>攻击者可以利用该漏洞在目标系统上执行任意代码</description></item></channel></rss>';
const RU_TITLE = 'Новости безопасности';
const ruRss = (prolog = '') => `${prolog}<rss version="2.0"><channel><title>${RU_TITLE}</title></channel></rss>`;

test('GBK bytes declared gb2312 in the prolog decode through gb18030', () => {
  const bytes = iconv.encode(zhRss('<?xml version="1.0" encoding="gb2312"?>'), 'gbk');
  const out = decodeFeedBytes(bytes);
  assert.equal(out.charset, 'gb18030');
  assert.equal(out.source, 'prolog');
  assert.ok(out.text.includes(ZH_TITLE));
  // The string is no longer GBK, so the prolog must not claim it is.
  assert.match(out.text, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
});

test('the HTTP charset beats the XML prolog', () => {
  const bytes = iconv.encode(ruRss('<?xml version="1.0" encoding="koi8-r"?>'), 'windows-1251');
  const out = decodeFeedBytes(bytes, 'application/rss+xml; charset=windows-1251');
  assert.equal(out.source, 'header');
  assert.equal(out.charset, 'windows-1251');
  assert.ok(out.text.includes(RU_TITLE));
  // Without the header the (wrong) prolog is all we have, and it is obeyed.
  assert.ok(!decodeFeedBytes(bytes).text.includes(RU_TITLE));
});

test('a UTF-8 header over GBK bytes is a lie: the prolog decides', () => {
  const bytes = iconv.encode(zhRss('<?xml version="1.0" encoding="GBK"?>'), 'gbk');
  const out = decodeFeedBytes(bytes, 'text/xml; charset=utf-8');
  assert.equal(out.source, 'prolog');
  assert.ok(out.text.includes(ZH_TITLE));
});

test('a UTF-8 header over undeclared GBK bytes falls through to detection', () => {
  const bytes = iconv.encode(zhRss(), 'gbk');
  const out = decodeFeedBytes(bytes, 'text/xml; charset=UTF-8');
  assert.equal(out.source, 'detected');
  assert.equal(out.charset, 'gb18030');
  assert.ok(out.text.includes(ZH_TITLE));
});

test('a Latin-1 prolog over valid multi-byte UTF-8 is stale: the bytes win', () => {
  const bytes = Buffer.from(
    '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Café €</title></channel></rss>',
    'utf8',
  );
  const out = decodeFeedBytes(bytes);
  assert.equal(out.charset, 'utf-8');
  assert.ok(out.text.includes('Café €'));
});

test('genuine ISO-8859-1 bytes decode as windows-1252', () => {
  const bytes = Buffer.from(
    '<?xml version="1.0" encoding="iso-8859-1"?><rss><channel><title>Caf\xe9</title></channel></rss>',
    'latin1',
  );
  const out = decodeFeedBytes(bytes);
  assert.equal(out.charset, 'windows-1252');
  assert.equal(out.source, 'prolog');
  assert.ok(out.text.includes('Café'));
});

test('a UTF-8 BOM is used and stripped', () => {
  const bytes = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(`<rss><channel><title>${ZH_TITLE}</title></channel></rss>`),
  ]);
  const out = decodeFeedBytes(bytes, 'text/xml; charset=iso-8859-1');
  assert.equal(out.source, 'bom');
  assert.equal(out.charset, 'utf-8');
  assert.ok(out.text.startsWith('<rss>'));
  assert.ok(out.text.includes(ZH_TITLE));
});

test('UTF-16 BOMs (LE and BE) and a UTF-32LE BOM are honoured', () => {
  const xml = `<?xml version="1.0" encoding="utf-16"?><rss><channel><title>${RU_TITLE}</title></channel></rss>`;
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml, 'utf-16le')]);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(xml, 'utf-16be')]);
  const le32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(xml, 'utf-32le')]);
  for (const [bytes, charset] of [
    [le, 'utf-16le'],
    [be, 'utf-16be'],
    [le32, 'utf-32le'],
  ] as const) {
    const out = decodeFeedBytes(bytes);
    assert.equal(out.charset, charset);
    assert.equal(out.source, 'bom');
    assert.ok(out.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><rss>'), charset);
    assert.ok(out.text.includes(RU_TITLE), charset);
  }
});

test('UTF-16 without a BOM is recognised from its zero bytes, with or without a prolog', () => {
  const withProlog = `<?xml version="1.0" encoding="utf-16"?><rss><channel><title>${RU_TITLE}</title></channel></rss>`;
  const bare = `<rss><channel><title>${ZH_TITLE}</title></channel></rss>`;
  assert.equal(decodeFeedBytes(iconv.encode(withProlog, 'utf-16le')).charset, 'utf-16le');
  assert.ok(decodeFeedBytes(iconv.encode(withProlog, 'utf-16le')).text.includes(RU_TITLE));
  const be = decodeFeedBytes(iconv.encode(bare, 'utf-16be'));
  assert.equal(be.charset, 'utf-16be');
  assert.equal(be.source, 'detected');
  assert.ok(be.text.includes(ZH_TITLE));
});

test('a UTF-16 label over 8-bit bytes is ignored', () => {
  const out = decodeFeedBytes(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><rss/>'), 'text/xml; charset=utf-16');
  assert.equal(out.charset, 'utf-8');
  assert.ok(out.text.endsWith('<rss/>'));
});

test('bogus charset labels are skipped, never thrown on', () => {
  assert.equal(normalizeCharset('bogus'), null);
  for (const inherited of ['constructor', '__proto__', 'toString']) assert.equal(normalizeCharset(inherited), null);
  assert.equal(headerCharset('text/xml; charset=x-no-such-thing'), null);
  const bytes = Buffer.from(
    `<?xml version="1.0" encoding="bogus"?><rss><channel><title>${ZH_TITLE}</title></channel></rss>`,
  );
  const out = decodeFeedBytes(bytes, 'text/xml; charset=nonsense');
  assert.equal(out.charset, 'utf-8');
  assert.ok(out.text.includes(ZH_TITLE));
});

test('charset labels: quotes, aliases and GB family mapping', () => {
  assert.equal(headerCharset("application/atom+xml; charset='gb2312'"), 'gb18030');
  assert.equal(headerCharset('text/xml; charset="GBK"'), 'gb18030');
  assert.equal(headerCharset('text/xml;charset = us-ascii'), 'windows-1252');
  assert.equal(headerCharset('text/html'), null);
  assert.equal(prologCharset(Buffer.from("<?xml version='1.0' encoding='Big5'?><rss/>")), 'big5');
  // A prolog must be at the start; one after other content is not a declaration.
  assert.equal(prologCharset(Buffer.from('<rss/><?xml version="1.0" encoding="big5"?>')), null);
});

test('invalid UTF-8 and empty input never throw', () => {
  const broken = Buffer.concat([
    Buffer.from('<rss><channel><title>A'),
    Buffer.from([0xc3, 0x28, 0xff, 0x00]),
    Buffer.from('B</title></channel></rss>'),
  ]);
  const out = decodeFeedBytes(broken, 'text/xml; charset=utf-8');
  assert.notEqual(out.charset, 'utf-8');
  assert.ok(out.text.startsWith('<rss><channel><title>A'));
  assert.ok(out.text.endsWith('B</title></channel></rss>'));
  const empty = decodeFeedBytes(Buffer.alloc(0));
  assert.equal(empty.text, '');
});
