/**
 * When a cited sentence counts as supported by the passage(s) it cites.
 *
 * LEXICAL_SUPPORT_THRESHOLD was chosen by `npx tsx scripts/measure-citation-check.ts` (see the figures
 * there): answer-like sentences built from the corpus QA sets (2,674 pairs, PIAF and XQuAD), scored
 * against their gold paragraph and against paragraphs that do not hold the answer. 0.40 has the best
 * mean of the two balanced accuracies (random other article 0.975, other paragraph of the same article
 * 0.927): 95.2% of supported sentences pass, 0.1% of sentences checked against an unrelated paragraph
 * and 9.9% of those checked against a same-topic paragraph wrongly pass. The same-article case is the
 * realistic one (a wrong citation usually points at an on-topic chunk): the judge, when a chat model
 * is loaded, is what catches those.
 */
export const LEXICAL_SUPPORT_THRESHOLD = 0.4;

/**
 * Cosine similarity (unit vectors) above which the embedding model alone vouches for a sentence. Not
 * measured here (no real embedding model can be had on the build machines): set high, because
 * multilingual embedders such as e5 give unrelated passages 0.7 or more. Lexical overlap and the judge
 * decide in the other cases; the similarity is always stored for later tuning.
 */
export const EMBEDDING_SUPPORT_THRESHOLD = 0.85;

/** A sentence this close to verbatim is supported whatever a (small, fallible) judge says. */
export const LEXICAL_VERBATIM_THRESHOLD = 0.9;

/**
 * Per sentence, and in all for one answer, so the check never holds an answer back for long: on a CPU
 * a 1-3B judge reads a ~500-token passage in about 5 s (prompt processing ~105 tok/s measured for a
 * 1.1B model), so the budget covers three or four sentences; the rest keep the lexical verdict.
 */
export const JUDGE_TIMEOUT_MS = 10_000;
export const JUDGE_TOTAL_BUDGET_MS = 20_000;
/**
 * Budget left under which the judge is not asked: no judge reads a passage that fast, and a sentence
 * whose wait ended a moment early (a timer fires by the event loop's clock, which can lag the real one
 * by a few milliseconds on a busy machine) would otherwise start a request it cannot finish (seen in CI).
 */
export const JUDGE_MIN_TIME_LEFT_MS = 100;
