/*
 * Story clustering figures on test/fixtures/cluster-labelled.ts: pairwise precision and recall over every pair
 * of labelled articles (predicted "same story" against the label) and B-cubed (every article weighs the same,
 * singletons included), with the production defaults.
 * `clusterSection` plugs into scripts/eval.ts's SECTIONS; run alone: `npx tsx scripts/eval-cluster.ts`.
 *
 * The thresholds were tuned on the first 128 articles; the 33 held-out ones were written afterwards and never
 * tuned on, so `cluster_heldout_*` (pairs involving a held-out article; for B-cubed, the mean over held-out
 * articles of their scores in the whole clustering) is the more honest figure.
 */
import { pathToFileURL } from 'node:url';
import { evaluateClustering, LABELLED } from '../test/fixtures/cluster-labelled.js';
import { bcubed } from './bcubed.js';
import type { EvalSection, Metric } from './eval.js';

export const clusterSection: EvalSection = {
  name: 'cluster',
  run(): Metric[] {
    const r = evaluateClustering();
    const gold = new Map(LABELLED.map((d) => [d.id, d.story]));
    const pred = new Map(r.groups.flatMap((g, k) => g.map((id) => [id, k] as const)));
    const heldOut = new Set(LABELLED.filter((d) => d.heldOut).map((d) => d.id));
    const all = bcubed(gold, pred),
      held = bcubed(gold, pred, (id) => heldOut.has(id));
    return [
      { name: 'cluster_docs', value: LABELLED.length, decimals: 0 },
      { name: 'cluster_stories', value: new Set(LABELLED.map((d) => d.story)).size, decimals: 0 },
      { name: 'cluster_pairs', value: r.pairs, decimals: 0 },
      { name: 'cluster_same_story_pairs', value: r.positives, decimals: 0 },
      { name: 'cluster_pair_precision', value: r.precision },
      { name: 'cluster_pair_recall', value: r.recall },
      { name: 'cluster_bcubed_P', value: all.P },
      { name: 'cluster_bcubed_R', value: all.R },
      { name: 'cluster_heldout_pairs', value: r.heldOut.pairs, decimals: 0 },
      { name: 'cluster_heldout_pair_precision', value: r.heldOut.precision },
      { name: 'cluster_heldout_pair_recall', value: r.heldOut.recall },
      { name: 'cluster_heldout_bcubed_P', value: held.P },
      { name: 'cluster_heldout_bcubed_R', value: held.R },
    ];
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const m of clusterSection.run() as Metric[]) console.log(`${m.name}: ${m.value.toFixed(m.decimals ?? 3)}`);
}
