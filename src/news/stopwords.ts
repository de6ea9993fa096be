// English stopwords, one home for every tokenizer that drops them: summaries (summarize.ts), the
// "already said" overlap of follow-ups (facts.ts) and story features (story-features.ts).
//
// Two sets, not one, because the story pair model's weights (story-weights.ts) were fitted on the
// exact terms story-features.ts produces: a word added to or taken from STORY_STOPWORDS moves the
// clustering figures until the next `npm run fit:stories -- --write`. Measured with `npm run eval`:
// story features on all of STOPWORDS ∪ STORY_STOPWORDS drop cluster_pair_recall 0.903 → 0.883 and
// en-2025-11-24 pair precision 0.929 → 0.925. Both sets share CORE; what each adds is named below.
const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

// Articles, prepositions, pronouns, auxiliaries and reporting verbs ("says", "new"): in any news text
// whatever it is about.
const CORE = words(`a an the and or of to in on for by with from at as is are was were be been has have had it
  its this that these those their they them he she his her we our you your not no but if than then into over after
  before about also more most some any all can could may might will would should says said say new who which what
  when where while via per up out one two such only just here there according how why`);

// More function words. Story features count them as terms only because the pair model was fitted
// that way: they belong in STORY_STOPWORDS too, at the next refit (measure it then).
const FITTED_AS_STORY_TERMS = words('being did do does i must shall so us very whom');

// Headline filler: counts, time words, hedges and light verbs ("several", "today", "uses") that two
// unrelated headlines share, so matching on them pairs unrelated stories. Summaries keep them: there
// they are ordinary words of a sentence, and dropping them changes which sentence is picked (9 of the
// 1,350 real-week article summaries).
const HEADLINE_FILLER = words(`amid three four five six seven eight nine ten less other others own today yesterday
  now last next however meanwhile several many multiple get gets got make makes use used using way ways need needs
  help helps`);

/** The English stopwords of summaries and follow-up overlap. */
export const STOPWORDS: ReadonlySet<string> = new Set([...CORE, ...FITTED_AS_STORY_TERMS]);

/** The English stopwords of story features: the set the pair model was fitted on. */
export const STORY_STOPWORDS: ReadonlySet<string> = new Set([...CORE, ...HEADLINE_FILLER]);
