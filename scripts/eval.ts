/*
 * Labelled-set figures for the issue notes: `npm run -s eval` prints `name: value` lines.
 *
 * The script is a list of sections, each an independent evaluation returning its metrics; a new
 * evaluation (e.g. story clustering pair precision/recall) is one more entry in SECTIONS. Metric
 * names are prefixed by their section so lines stay unique and greppable.
 *
 * topics: primary topic from classifyTopics() against the hand label, per topic and macro-
 * averaged, on test/fixtures/topics-labelled.ts. The lexicon was tuned on LABELLED_TOPICS, so
 * those figures are optimistic; HELD_OUT_TOPICS was never tuned on and is the honest check.
 *
 * cluster: scripts/eval-cluster.ts (the hand-written labelled set); realdata: scripts/eval-realdata.ts (four
 * real labelled weeks, pure and through the real ingest path). Lines starting with `#` are comments.
 */
import { pathToFileURL } from 'node:url';
import { TOPIC_KEYS } from '../src/news/article.js';
import { evaluateTopics } from '../src/news/topics.js';
import { HELD_OUT_TOPICS, LABELLED_TOPICS } from '../test/fixtures/topics-labelled.js';
import { clusterSection } from './eval-cluster.js';
import { realdataSection } from './eval-realdata.js';

export interface Metric {
  name: string;
  value: number;
  /** Digits after the point; 3 unless given (counts give 0). */
  decimals?: number;
}

/** A comment for the reader (timings, skipped data), printed as `# note`; not a metric. */
export interface Note {
  note: string;
}

export type EvalLine = Metric | Note;

export interface EvalSection {
  name: string;
  run(): EvalLine[] | Promise<EvalLine[]>;
}

const topicsSection: EvalSection = {
  name: 'topics',
  run() {
    const main = evaluateTopics(LABELLED_TOPICS);
    const heldOut = evaluateTopics(HELD_OUT_TOPICS);
    const metrics: Metric[] = [{ name: 'topic_items', value: LABELLED_TOPICS.length, decimals: 0 }];
    for (const t of TOPIC_KEYS) {
      const m = main.perTopic[t];
      metrics.push(
        { name: `topic_${t}_precision`, value: m.precision },
        { name: `topic_${t}_recall`, value: m.recall },
        { name: `topic_${t}_f1`, value: m.f1 },
      );
    }
    metrics.push(
      { name: 'topic_accuracy', value: main.accuracy },
      { name: 'topic_macro_f1', value: main.macroF1 },
      { name: 'topic_heldout_items', value: HELD_OUT_TOPICS.length, decimals: 0 },
      { name: 'topic_heldout_accuracy', value: heldOut.accuracy },
      { name: 'topic_heldout_macro_f1', value: heldOut.macroF1 },
    );
    return metrics;
  },
};

export const SECTIONS: EvalSection[] = [topicsSection, clusterSection, realdataSection];

export async function runEval(
  sections: EvalSection[] = SECTIONS,
  write = (line: string) => console.log(line),
): Promise<void> {
  for (const section of sections) {
    write(`# ${section.name}`);
    for (const l of await section.run())
      write('note' in l ? `# ${l.note}` : `${l.name}: ${l.value.toFixed(l.decimals ?? 3)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runEval();
}
