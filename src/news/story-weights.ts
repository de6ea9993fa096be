// Written by scripts/fit-pair-model.ts (`npm run -s fit:stories -- --write`) from ../shared/realdata
// weeks en-2025-11-24, zh-2025-W25, zh-2025-W29; do not edit by hand — refit when the pair signals change.
// Logistic weights in the order of pairFeatureVector (story-score.ts).
export interface PairWeights { en: readonly number[]; zh: readonly number[] }

/** The fitted probability a pair needs to link, per language: the lowest with precision ≥ 0.9 on those weeks. */
export const PAIR_THRESHOLDS = { en: 0.55, zh: 0.65 };

export const PAIR_WEIGHTS: PairWeights = {
  en: [-5.622, 5.441, 3.499, 3.066, -0.641, 2.631, -0.647, 4.127, 2.774, -0.907, 1.272, 1.016, -0.347, 2.041, 0.495, 0.948],
  zh: [-5.914, 5.127, 1.036, 3.758, -0.477, 3.733, 0.265, 4.127, 2.774, -2.135, 0.599, -0.076, -2.358, 1.314, 8.083, 0.158],
};
