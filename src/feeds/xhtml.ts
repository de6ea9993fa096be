// Atom's inline XHTML content, rewritten as the HTML string it is before the XML parser sees it. Pure.
const XHTML_OPENER = /<((?:[\w.-]+:)?(?:content|summary))(\s[^<>]*?\btype\s*=\s*["']xhtml["'][^<>]*)>/gi;

/**
 * Atom `type="xhtml"` content is markup inside the feed's XML, and an XML tree keeps no order between an
 * element's text and its children: "<p><a>Scott Hanselman</a>: <em>Plex is great</em></p>" came out as
 * ": Scott HanselmanPlex is great". Such content is passed on as the HTML string it is (in CDATA, prefixes such
 * as h:p dropped), which the HTML-to-text step reads in document order. A linear scan: a construct without
 * its end tag stops the rewriting there.
 */
export function xhtmlAsHtml(xml: string): string {
  if (!/type\s*=\s*["']xhtml["']/i.test(xml)) return xml;
  let out = '',
    at = 0;
  XHTML_OPENER.lastIndex = 0;
  for (let m = XHTML_OPENER.exec(xml); m; m = XHTML_OPENER.exec(xml)) {
    const [opener, name, attrs] = m as unknown as [string, string, string];
    const end = xml.indexOf(`</${name}>`, m.index + opener.length);
    if (end < 0) break;
    const inner = xml.slice(m.index + opener.length, end).replace(/<(\/?)[\w.-]+:(?=\w)/g, '<$1');
    const asHtml = attrs.replace(/\btype\s*=\s*(["'])xhtml\1/i, 'type="html"'); // not an xmlns value
    out += `${xml.slice(at, m.index)}<${name}${asHtml}><![CDATA[${inner.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
    at = end;
    XHTML_OPENER.lastIndex = end;
  }
  return out + xml.slice(at);
}
