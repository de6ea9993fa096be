// Written by scripts/fit-pair-model.ts (`npm run -s fit:stories -- --write`) from ../shared/realdata
// weeks en-2025-11-24, zh-2025-W25, zh-2025-W29; do not edit by hand — refit when the pair signals change.
// Logistic weights in the order of pairFeatureVector (story-score.ts).
export interface PairWeights { en: readonly number[]; zh: readonly number[] }

/** The fitted probability a pair needs to link, per language: best F1 with precision ≥ 0.9 on each of those weeks. */
export const PAIR_THRESHOLDS = { en: 0.6, zh: 0.65 };

export const PAIR_WEIGHTS: PairWeights = {
  en: [-5.536, 5.345, 3.453, 3.2, -0.688, 2.454, -0.724, 3.999, 3.517, -1.043, 1.386, 1.027, -0.133, 2.132, 0.17, 1.202],
  zh: [-6.453, 5.313, 1.786, 4.275, 0.035, 3.008, 0.204, 3.999, 3.517, -1.712, 0.365, 0.047, -1.973, 0.913, 9.238, -0.154],
};
