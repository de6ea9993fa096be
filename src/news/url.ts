// Pure URL helpers: resolving feed links and the canonical form used as a cross-feed dedupe key.

const TRACKING_PARAMS = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|_hsenc|_hsmi|igshid|spm)$/i;
// WeChat article URLs carry volatile share/session params; these three identify the article.
const WEIXIN_KEEP = new Set(['__biz', 'mid', 'idx']);

/**
 * Resolves `href` against the given bases in order (item xml:base, feed xml:base, channel link,
 * final URL) and returns an absolute http(s) URL, or null for `javascript:`, `data:`, `mailto:`
 * and anything else a reader should never be sent to.
 */
export function resolveHttpUrl(
  href: string | undefined | null,
  bases: Array<string | undefined | null>,
): string | null {
  const raw = href?.trim();
  if (!raw) return null;
  let base: string | undefined;
  for (const candidate of [...bases].reverse()) {
    if (!candidate) continue;
    try {
      base = new URL(candidate.trim(), base).href;
    } catch {
      // an unusable base is skipped, the next one still applies
    }
  }
  try {
    const url = new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Canonical form: lower-case host, no fragment, no tracking params, WeChat reduced to its id. */
export function canonicalUrl(absolute: string): string {
  const url = new URL(absolute);
  url.hash = '';
  url.hostname = url.hostname.toLowerCase();
  const keep =
    url.hostname === 'mp.weixin.qq.com' ? (k: string) => WEIXIN_KEEP.has(k) : (k: string) => !TRACKING_PARAMS.test(k);
  const params = [...url.searchParams.entries()].filter(([k]) => keep(k));
  url.search = '';
  for (const [k, v] of params) url.searchParams.append(k, v);
  return url.href;
}
