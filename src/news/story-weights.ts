// Written by scripts/fit-pair-model.ts (`npm run -s fit:stories -- --write`) from ../shared/realdata
// weeks en-2025-11-24, zh-2025-W25, zh-2025-W29; do not edit by hand — refit when the pair signals change.
// Logistic weights in the order of pairFeatureVector (story-score.ts).
export interface PairWeights { en: readonly number[]; zh: readonly number[] }

/** The fitted probability a pair needs to link, per language: the lowest with precision ≥ 0.9 on each of those weeks. */
export const PAIR_THRESHOLDS = { en: 0.55, zh: 0.65 };

export const PAIR_WEIGHTS: PairWeights = {
  en: [-5.605, 5.479, 3.591, 3.204, -0.628, 2.556, -0.672, 4.082, 2.534, -0.959, 1.239, 1.073, -0.406, 2.148, 0.506, 0.994],
  zh: [-6.292, 5.681, 2.113, 4.597, -0.336, 3.351, 0.312, 4.082, 2.534, -2.169, 0.108, 0.024, -2.479, 0.57, 7.429, 0.145],
};
