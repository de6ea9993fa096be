/*
 * B-cubed precision and recall of a clustering, generic over item ids, gold labels and predicted groups.
 * Shared by the hand-written labelled set (scripts/eval-cluster.ts) and the real weeks (scripts/realdata/load.ts).
 * Pairwise figures are dominated by the few large stories; B-cubed weighs every item once, so it also shows
 * what happens to the many singletons.
 */

export interface BCubed {
  P: number;
  R: number;
}

function membersOf<K, L>(labels: ReadonlyMap<K, L>, ids: K[]): Map<L, Set<K>> {
  const out = new Map<L, Set<K>>();
  for (const id of ids) {
    const l = labels.get(id)!;
    (out.get(l) ?? out.set(l, new Set()).get(l)!).add(id);
  }
  return out;
}

/**
 * For each item i (in both maps) with predicted group C(i) and gold label G(i): P_i = |C∩G|/|C|,
 * R_i = |C∩G|/|G|; the means over the items `include` accepts (all by default). Groups and labels are
 * always formed over every item in both maps, so a filter changes whose scores are averaged, not the clusters.
 */
export function bcubed<K, G, C>(
  gold: ReadonlyMap<K, G>,
  pred: ReadonlyMap<K, C>,
  include: (id: K) => boolean = () => true,
): BCubed {
  const ids = [...gold.keys()].filter((id) => pred.has(id));
  const C = membersOf(pred, ids),
    Gs = membersOf(gold, ids);
  let p = 0,
    r = 0,
    n = 0;
  for (const id of ids) {
    if (!include(id)) continue;
    const c = C.get(pred.get(id)!)!,
      g = Gs.get(gold.get(id)!)!;
    let both = 0;
    for (const x of c) if (g.has(x)) both++;
    p += both / c.size;
    r += both / g.size;
    n++;
  }
  return n ? { P: p / n, R: r / n } : { P: 1, R: 1 };
}
