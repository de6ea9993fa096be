// Written by scripts/fit-pair-model.ts (`npm run -s fit:stories -- --write`) from ../shared/realdata
// weeks en-2025-11-24, zh-2025-W25, zh-2025-W29; do not edit by hand — refit when the pair signals change.
// Logistic weights in the order of pairFeatureVector (story-score.ts).
export interface PairWeights { en: readonly number[]; zh: readonly number[] }

/** The fitted probability a pair needs to link, per language: the best F0.5 on those weeks. */
export const PAIR_THRESHOLDS = { en: 0.55, zh: 0.6 };

export const PAIR_WEIGHTS: PairWeights = {
  en: [-5.819, 5.454, 3.727, 3.11, -0.433, 2.217, -0.58, 4.354, 3.024, -0.98, 1.209, 1.12, 0.559, 2.083, 0.469, 0.998],
  zh: [-6.183, 5.399, 1.169, 3.331, -0.249, 2.906, 0.267, 4.354, 3.024, -2.146, 0.75, 0.017, -0.725, 1.367, 8.652, -0.137],
};
