// Story clustering: which articles report the same event. Pure — documents, options and the batch they
// arrive in are the only inputs. Features come from cluster-features.ts; this file scores pairs and groups.
//
// Precision first: a wrong merge hides a story from the digest; a missed merge only shows it twice. A pair
// links only on *specific* agreement — a shared CVE list, a shared distinctive name (Casio, FortiManager,
// Rhysida), a TF-IDF cosine that generic words cannot reach alone — and never against a contradiction
// (disjoint CVE lists, disjoint headline names, headlines in different countries, beyond the window).
import type { ArticleDoc } from './article.js';
import { buildClusterContext, type ClusterContext, type ClusterOptions, type Features, type Sparse } from './cluster-features.js';

export { buildClusterContext, DEFAULT_THRESHOLD, DEFAULT_WINDOW_MS, type ClusterContext, type ClusterOptions } from './cluster-features.js';
// ── Pairs ─────────────────────────────────────────────────────────────────────────────────────────────────
export interface Evidence {
  veto: 'time' | 'cve' | 'names' | 'place' | null; // why the pair can never be one story
  text: number; // TF-IDF cosine (×1.5 for two Chinese articles)
  name: number; // cosine of the name vectors
  corroboration: number; // independent agreements: names (a compound once), places, figures, CVEs, same day
  coverage: number; // share of a multi-name headline's names the other article mentions (worse side)
  cve: boolean; // the shared CVEs are most of both lists
  score: number;
}

const DAY_MS = 24 * 3_600_000;

function countShared<T>(a: Iterable<T>, b: { has(k: T): boolean }): number {
  let n = 0;
  for (const k of a) if (b.has(k)) n++;
  return n;
}

function sparseDot(a: Sparse, b: Sparse): number {
  let s = 0;
  for (let i = 0, j = 0; i < a.ids.length && j < b.ids.length; ) {
    if (a.ids[i]! < b.ids[j]!) i++;
    else if (a.ids[i]! > b.ids[j]!) j++;
    else s += a.w[i++]! * b.w[j++]!;
  }
  return s;
}

function dot(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const [k, v] of a) s += v * (b.get(k) ?? 0);
  return s;
}

/** Hard contradictions: too far apart, different CVEs, different headline names or countries. */
function vetoOf(a: Features, b: Features, windowMs: number): Evidence['veto'] {
  if (Math.abs(a.published - b.published) > windowMs) return 'time';
  // Articles about CVEs name them; disjoint lists are different bugs (two Fortinet flaws).
  if (a.cves.size && b.cves.size && !countShared(a.cves, b.cves)) return 'cve';
  // Casio vs Nidec: each headline's names appear nowhere in the other article.
  if (a.primary.size && b.primary.size && !countShared(a.primary, b.names) && !countShared(b.primary, a.names)) return 'names';
  const [pa, pb] = [a.titlePlaces, b.titlePlaces];
  return pa.size && pb.size && !countShared(pa, b.places) && !countShared(pb, a.places) ? 'place' : null;
}

// A round-up headline ("Firefox zero-day, Qualcomm flaw, Casio ransomware") names several stories; the other
// article should mention most. One-name headlines are not judged: a miss there is as likely a paraphrase
// ("Russian FSB hackers" for Star Blizzard).
const coverage = (heads: string[], other: ReadonlyMap<string, number>) => (heads.length < 2 ? 1 : countShared(heads, other) / heads.length);

/**
 * The pair score: the stronger of two routes, plus 0.3 for a strong CVE match, scaled down for a poorly covered
 * round-up headline.
 * - text: TF-IDF cosine plus a little name agreement, same language only. Chinese bigram vectors are about twice
 *   as long as English word vectors for the same content, so their cosines run lower (×1.5).
 * - names: the name cosine — the only route across languages — needing two independent agreements, as one
 *   shared name may be in several stories (LockBit). No shared event kind: ×0.7.
 */
function evidence(a: Features, b: Features, windowMs: number): Evidence {
  const e: Evidence = { veto: vetoOf(a, b, windowMs), text: 0, name: 0, corroboration: 0, coverage: 1, cve: false, score: 0 };
  if (e.veto) return e;
  const cves = countShared(a.cves, b.cves);
  // Most of both lists, or a 50-CVE roundup (or a weekly review naming two stories' CVEs) would glue them all.
  e.cve = cves * 2 > a.cves.size && cves * 2 > b.cves.size;
  e.text = sparseDot(a.terms, b.terms) * (a.zh && b.zh ? 1.5 : 1);
  e.name = dot(a.names, b.names);
  if (!e.cve && !e.name && e.text < 0.4) return e; // nothing specific in common
  const names = [...a.names.keys()].filter((k) => b.names.has(k));
  const distinct = names.filter((n) => !names.some((m) => m !== n && m.split(' ').includes(n)));
  e.corroboration = distinct.length + countShared(a.places, b.places) + countShared(a.numbers, b.numbers) +
    (e.cve ? 1 : 0) + (Math.abs(a.published - b.published) <= DAY_MS ? 1 : 0);
  e.coverage = Math.min(coverage(a.heads, b.names), coverage(b.heads, a.names));
  const byText = a.zh === b.zh ? e.text + 0.3 * e.name : 0;
  const byName = e.corroboration >= 2 ? e.name * (a.events & b.events ? 1 : 0.7) : 0;
  e.score = (Math.max(byText, byName) + (e.cve ? 0.3 : 0)) * (0.5 + 0.5 * e.coverage);
  return e;
}

function featuresOf(doc: ArticleDoc, ctx: ClusterContext): Features {
  const f = ctx.features.get(doc.id);
  if (!f) throw new Error(`article ${doc.id} is not in this cluster context`);
  return f;
}

/** The evidence for a pair of the context's batch, for tests and tuning. */
export function pairEvidence(a: ArticleDoc, b: ArticleDoc, ctx: ClusterContext): Evidence {
  return evidence(featuresOf(a, ctx), featuresOf(b, ctx), ctx.windowMs);
}

/** Do two articles of the context's batch report the same event? (Pairwise; clustering adds linkage.) */
export function sameStory(a: ArticleDoc, b: ArticleDoc, ctx: ClusterContext): boolean {
  return pairEvidence(a, b, ctx).score >= ctx.threshold;
}

// ── Clusters ──────────────────────────────────────────────────────────────────────────────────────────────
interface Link { i: number; j: number; score: number }

/**
 * Links between articles within the window, found through an inverted index over names, CVEs and rare terms
 * (batch df ≤ 1 %). A pair is scored only if it shares a name or a CVE, or its rare terms alone give a cosine
 * of 0.1: what two reports share beyond common words is what makes them one story, and skipping the rest keeps
 * a 6,000-article window far from n² pairs.
 */
function candidateLinks(feats: Features[], ctx: ClusterContext, wanted: (i: number, j: number) => boolean): Link[] {
  const rareDf = Math.max(10, 0.01 * feats.length), links: Link[] = [];
  const postings: Array<{ docs: number[]; weights: number[] }> = [], specialKeys = new Map<string, number>();
  const acc = new Float64Array(feats.length), strong = new Uint8Array(feats.length);
  for (const i of feats.map((_, k) => k).sort((x, y) => feats[x]!.published - feats[y]!.published)) {
    const f = feats[i]!, touched: number[] = [], keys: Array<[number, number]> = [];
    // Names and CVEs get keys after the term ids, with weight 0 meaning "strong".
    for (const k of [...f.names.keys(), ...f.cves]) keys.push([specialKeys.get(k) ?? specialKeys.set(k, ctx.df.length + specialKeys.size).get(k)!, 0]);
    f.terms.ids.forEach((id, k) => { if (ctx.df[id]! <= rareDf) keys.push([id, f.terms.w[k]!]); });
    for (const [key, w] of keys) {
      const list = (postings[key] ??= { docs: [], weights: [] });
      for (let k = list.docs.length - 1; k >= 0; k--) {
        const j = list.docs[k]!;
        if (f.published - feats[j]!.published > ctx.windowMs) break; // postings are in time order
        if (!acc[j] && !strong[j]) touched.push(j);
        if (w) acc[j] = acc[j]! + w * list.weights[k]!;
        else strong[j] = 1;
      }
      list.docs.push(i);
      list.weights.push(w);
    }
    for (const j of touched) {
      const specific = strong[j] || acc[j]! * (f.zh && feats[j]!.zh ? 1.5 : 1) >= 0.1;
      acc[j] = strong[j] = 0;
      const score = specific && wanted(i, j) ? evidence(f, feats[j]!, ctx.windowMs).score : 0;
      if (score >= ctx.threshold) links.push({ i, j, score });
    }
  }
  return links.sort((x, y) => y.score - x.score);
}

/**
 * Average-link agglomeration, strongest link first: two groups merge when at least half of their cross pairs
 * are links and none is vetoed (so no group spans more than the window or two CVEs' stories). Single link would
 * let one article touching two stories (a weekly round-up) chain them; complete link would split a story whose
 * Chinese report links to only some of the English ones. `locked` groups (existing stories) never merge together.
 */
function agglomerate(feats: Features[], links: Link[], windowMs: number, groups: number[][], locked: boolean[]): Int32Array {
  const n = feats.length, groupOf = new Int32Array(n);
  groups.forEach((g, gi) => g.forEach((i) => (groupOf[i] = gi)));
  const linked = new Set(links.flatMap((l) => [l.i * n + l.j, l.j * n + l.i]));
  for (const { i, j } of links) {
    const [ga, gb] = [groupOf[i]!, groupOf[j]!];
    if (ga === gb || (locked[ga] && locked[gb])) continue;
    const [a, b] = [groups[ga]!, groups[gb]!];
    let count = 0, veto = false;
    for (const x of a) {
      for (const y of b) {
        if (linked.has(x * n + y)) count++;
        else veto ||= vetoOf(feats[x]!, feats[y]!, windowMs) !== null;
      }
    }
    if (veto || count * 2 < a.length * b.length) continue;
    const [keep, drop] = locked[gb] ? [gb, ga] : [ga, gb];
    for (const x of groups[drop]!) groupOf[x] = keep;
    groups[keep]!.push(...groups[drop]!);
    groups[drop] = [];
  }
  return groupOf;
}

/** Groups of article ids (ids unique), one per story; every article is in exactly one group. */
export function clusterArticles(docs: ArticleDoc[], opts: ClusterOptions): number[][] {
  const ctx = buildClusterContext(docs, opts), feats = docs.map((d) => featuresOf(d, ctx));
  const groupOf = agglomerate(feats, candidateLinks(feats, ctx, () => true), ctx.windowMs, docs.map((_, i) => [i]), docs.map(() => false));
  const out = new Map<number, number[]>();
  groupOf.forEach((g, i) => (out.get(g) ?? out.set(g, []).get(g)!).push(docs[i]!.id));
  return [...out.values()];
}

/**
 * Incremental clustering: for each new article, the id of the recent story it joins, or a new story. New
 * stories: the group's first article in `newDocs` order maps to null (create it); each later one maps to the
 * *negative id* of that first article (-17: "the story created for article 17"). Ids must be positive. Recent
 * stories never merge with each other; a new article joins one under the same average-link rule.
 */
export function assignToStories(newDocs: ArticleDoc[], recent: Array<ArticleDoc & { storyId: number }>, opts: ClusterOptions): Map<number, number | null> {
  const newIds = new Set(newDocs.map((d) => d.id)), old = recent.filter((d) => !newIds.has(d.id));
  const ctx = buildClusterContext([...old, ...newDocs], opts), feats = [...old, ...newDocs].map((d) => featuresOf(d, ctx));
  const byStory = new Map<number, number[]>();
  old.forEach((d, i) => (byStory.get(d.storyId) ?? byStory.set(d.storyId, []).get(d.storyId)!).push(i));
  const storyOf: Array<number | null> = [...byStory.keys(), ...newDocs.map(() => null)];
  const groups = [...byStory.values(), ...newDocs.map((_, k) => [old.length + k])];
  const links = candidateLinks(feats, ctx, (i, j) => i >= old.length || j >= old.length);
  const groupOf = agglomerate(feats, links, ctx.windowMs, groups, storyOf.map((s) => s !== null));
  const leader = new Map<number, number>(), result = new Map<number, number | null>(); // group → its first new article
  newDocs.forEach((d, k) => {
    const g = groupOf[old.length + k]!, story = storyOf[g] ?? (leader.has(g) ? -leader.get(g)! : null);
    if (story === null) leader.set(g, d.id);
    result.set(d.id, story);
  });
  return result;
}
