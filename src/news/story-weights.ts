// Written by scripts/fit-pair-model.ts (`npm run -s fit:stories -- --write`) from ../shared/realdata
// weeks en-2025-11-24, zh-2025-W25, zh-2025-W29; do not edit by hand — refit when the pair signals change.
// Logistic weights in the order of pairFeatureVector (story-score.ts).
export interface PairWeights { en: readonly number[]; zh: readonly number[] }

/** The fitted probability a pair needs to link, per language: best F1 with precision ≥ 0.9 on each week. */
export const PAIR_THRESHOLDS = { en: 0.6, zh: 0.65 };

export const PAIR_WEIGHTS: PairWeights = {
  en: [
    -5.539, 5.363, 3.459, 3.195, -0.691, 2.452, -1.16, 4.006,
    3.523, -1.049, 1.376, 1.047, -0.114, 2.134, 0.191, 1.199,
  ],
  zh: [
    -6.434, 5.353, 1.792, 4.277, 0.012, 3.028, 0.208, 4.006,
    3.523, -1.768, 0.377, 0.055, -2.008, 0.888, 9.211, -0.146,
  ],
};
