// Written by scripts/fit-pair-model.ts (`npm run -s fit:stories -- --write`) from ../shared/realdata
// weeks en-2025-11-24, zh-2025-W25, zh-2025-W29; do not edit by hand — refit when the pair signals change.
// Logistic weights in the order of pairFeatureVector (story-score.ts).
export interface PairWeights { en: readonly number[]; zh: readonly number[] }

/** The fitted probability a pair needs to link, per language: the best F1 on those weeks. */
export const PAIR_THRESHOLDS = { en: 0.55, zh: 0.55 };

export const PAIR_WEIGHTS: PairWeights = {
  en: [-5.789, 5.51, 3.332, 3.054, -0.394, 2.331, -0.469, 4.355, 2.983, -1.041, 1.259, 1.032, 0.335, 1.991, 0.452, 0.943],
  zh: [-6.238, 5.39, 0.742, 3.11, -0.327, 3.288, 0.257, 4.355, 2.983, -2.121, 0.766, -0.036, -1, 1.211, 8.71, -0.107],
};
