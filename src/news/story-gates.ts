// Story clustering, the rules that decide a pair before the model does: a repost joins, and a few kinds of
// pair are kept apart whatever their words share (advisories of other CVEs, one feed's different posts,
// explainers, different vulnerability classes, a batch of fixes and one of its advisories, a threat actor as the
// only link). Pure.
import { minhashSimilarity, type ArticleFeatures } from './story-features.js';
import { differentFlaws, isEventWord } from './story-kinds.js';
import type { PairEvidence, PairGate, ScoreOptions, TermStats } from './story-pair.js';

/** Rules that decide a pair before the model: 'repost' and 'cve-batch' join it, the others keep it apart. */

// Threat actors, as the features spell them (stems, lexicon tokens): they recur across separate events in one
// week (LockBit, Lazarus, Scattered Lapsus$ Hunters, five vendors' analyses of 银狐 samples), so sharing one
// says less than sharing a victim.
export const ACTOR = new RegExp(
  `^(${[
    String.raw`apt\d*|.*(typhoon|bear|panda|kitten|spider|chollima|blizzard|sleet|tempest)`,
    'lockbit|lazarus|kimsuky|andariel|sandworm|turla|clop|cl0p|akira|qilin|play|medusa|rhysida|blackcat|alphv',
    'scatter(ed)?|lapsu.*|hunter|shinyhunter.*|salt|volt|silk|ransomhub|blackbasta|conti|revil|everest|underground',
    'killnet|noname.*|anonymous|silver|fox|银狐|oceanlotus|海莲花|bitter|sidewinder|patchwork',
  ].join('|')})$`,
);

/** idf-weighted cosine of the two headlines' terms. */
export function titleCosine(a: ArticleFeatures, b: ArticleFeatures, stats: TermStats): number {
  const sb = new Set(b.title);
  let dot = 0,
    na = 0,
    nb = 0;
  for (const t of a.title) {
    const w = stats.idf(t) ** 2;
    na += w;
    if (sb.has(t)) dot += w;
  }
  for (const t of b.title) nb += stats.idf(t) ** 2;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

const sharesHeadline = (x: ArticleFeatures, y: ArticleFeatures) => x.title.some((t) => y.terms[t] !== undefined);

/** One feed's two posts are one story only when one headline repeats the other's (a repost, an update). */
function sameSeries(a: ArticleFeatures, b: ArticleFeatures, stats: TermStats): boolean {
  if (titleCosine(a, b, stats) < 0.8 && minhashSimilarity(a.minhash, b.minhash) < 0.5) return false;
  const [short, long] = a.title.length <= b.title.length ? [a, b] : [b, a];
  const inLong = new Set(long.title);
  if (!short.title.every((t) => inLong.has(t))) return false;
  return a.marks.length === b.marks.length && a.marks.every((m) => b.marks.includes(m));
}

/**
 * Two posts of one feed, or of one publisher's feeds (Microsoft's security and Sentinel blogs on one host), for
 * the same-feed rule. A link aggregator's posts (a subreddit) are many sources' articles under one feed name:
 * two of them are as independent as two outlets.
 */
export const oneFeed = (a: ArticleFeatures, b: ArticleFeatures) =>
  (a.feedId === b.feedId || (a.publisher !== '' && a.publisher === b.publisher)) && !(a.aggregated && b.aggregated);

const cveNumber = (cve: string) => cve.split('-').map(Number) as [number, number, number];
/**
 * One research release published as a post per CVE (a CNA's disclosure pages): the same feed within the hour,
 * headline CVEs from one block of numbers, and text alike. ../shared/realdata's labels: one release, even with
 * several CVEs, is one event.
 */
function cveBatch(a: ArticleFeatures, b: ArticleFeatures, dup: number): boolean {
  if (!oneFeed(a, b) || Math.abs(a.published - b.published) > 3_600_000 || dup < 0.15) return false;
  return a.mainCves.some((x) =>
    b.mainCves.some((y) => {
      const [[, yx, nx], [, yy, ny]] = [cveNumber(x), cveNumber(y)];
      return yx === yy && Math.abs(nx - ny) <= 20;
    }),
  );
}

// Who issues bulletins about other vendors' bugs, and the words of a batch's headline: names two batch
// announcements share without being about one vendor.
const NOT_VENDORS = new Set('cnnvd cncert cisa cert nvd ncsc jpcert kev patch tuesday cpu update'.split(' '));
const vendorsOf = (f: ArticleFeatures) =>
  f.title.filter((t) => f.names.includes(t) && !NOT_VENDORS.has(t) && !isEventWord(t));

/** Both headlines name one vendor (Oracle in "Oracle 2025年7月补丁日…" and "CNNVD关于Oracle多个安全漏洞的通报"). */
export function sameVendor(a: ArticleFeatures, b: ArticleFeatures): boolean {
  const inB = new Set(vendorsOf(b));
  return vendorsOf(a).some((t) => inB.has(t));
}

/** Two batch announcements that name vendors, none shared: CNNVD's bulletins on Oracle's and on Microsoft's. */
const differentVendors = (a: ArticleFeatures, b: ArticleFeatures) =>
  a.bundle && b.bundle && vendorsOf(a).length > 0 && vendorsOf(b).length > 0 && !sameVendor(a, b);

/**
 * A vendor's batch of fixes (Patch Tuesday, an Oracle CPU) and a single advisory of one of its CVEs are two
 * events, closely linked (the realdata README): the batch's summary lists the CVE, which is no reason to merge.
 * The advisory names its CVE in the headline, or it is the one CVE of its text, or its headline names no vendor
 * of the batch's ("CISA Adds Two Known Exploited Vulnerabilities" and "A Vulnerability in CWP …").
 */
const bundleAndAdvisory = (batch: ArticleFeatures, single: ArticleFeatures) =>
  batch.bundle &&
  !single.bundle &&
  !batch.mainCves.length &&
  (single.mainCves.length > 0 || single.cves.length === 1 || !sameVendor(batch, single));

/** The rare words both headlines hold are all a threat actor's name (and there is one). */
function actorOnly(a: ArticleFeatures, b: ArticleFeatures, stats: TermStats): boolean {
  const inB = new Set(b.title),
    top = stats.maxIdf();
  const rare = a.title.filter((t) => inB.has(t) && !isEventWord(t) && stats.idf(t) >= 0.5 * top);
  return rare.length > 0 && rare.every((t) => ACTOR.test(t));
}

export function pairGate(
  a: ArticleFeatures,
  b: ArticleFeatures,
  stats: TermStats,
  cve: PairEvidence['cve'],
  dup: number,
  opts: Pick<ScoreOptions, 'duplicate'>,
): PairGate {
  if (cve === 'disjoint') return cveBatch(a, b, dup) ? 'cve-batch' : 'disjoint-cves'; // else: two CVEs' advisories
  // A feed's posts share boilerplate and series titles: only a repeated headline or the same CVE joins them.
  if (oneFeed(a, b) && cve !== 'main' && !sameSeries(a, b, stats)) return 'same-feed';
  if (dup >= opts.duplicate) return 'repost'; // a repost is one story whatever else differs
  if (cve === 'main') return null;
  // An explainer, advice post or round-up reports no one event: on the real weeks all but one repost are singletons.
  if (a.noEvent || b.noEvent) return 'no-event';
  if (cve === null && differentFlaws(a.flaws, b.flaws)) return 'different-flaws';
  if (bundleAndAdvisory(a, b) || bundleAndAdvisory(b, a)) return 'bundle-and-advisory';
  if (differentVendors(a, b)) return 'different-vendors';
  if (cve === null && actorOnly(a, b, stats)) return 'actor-only';
  // Nothing of either headline in the other article: no headline coverage, no rare shared headline word, so
  // the model cannot reach a threshold (text alone tops out near 0.1). Most candidate pairs end here, before
  // the costly signals.
  return sharesHeadline(a, b) || sharesHeadline(b, a) ? null : 'unrelated-headlines';
}
