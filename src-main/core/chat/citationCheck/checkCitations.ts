/**
 * The citation check: after an answer is written, each sentence that cites `[n]` is compared with the
 * passage(s) it cites, by lexical overlap (always), embedding similarity (when an embedding model is
 * loaded) and the chat model as judge (when one is loaded, time-boxed). The verdict per sentence:
 *   - nearly verbatim (overlap >= LEXICAL_VERBATIM_THRESHOLD): supported, whatever the judge says;
 *   - else the judge's yes/no when it gave one;
 *   - else supported when overlap or similarity clears its threshold.
 * `methods` lists the methods that took part: 'judge' only when the judge gave at least one verdict.
 * A sentence citing only numbers that are not sources is unsupported; one with no content word to
 * check ("See [1].") and uncited sentences get no verdict (null).
 */
import type { CitationCheck, CitationCheckMethod, CitationCheckSentence } from '../../../../src-shared/domain';
import type { Lang } from '../../../../src-shared/errors';
import type { ChatModel, Embedder } from '../../llm/types';
import { splitAnswerSentences } from './answerSentences';
import { contentStems, lexicalOverlap } from './contentWords';
import { askJudge, type JudgeVerdict } from './judge';
import {
  EMBEDDING_SUPPORT_THRESHOLD,
  JUDGE_TIMEOUT_MS,
  JUDGE_TOTAL_BUDGET_MS,
  JUDGE_MIN_TIME_LEFT_MS,
  LEXICAL_SUPPORT_THRESHOLD,
  LEXICAL_VERBATIM_THRESHOLD,
} from './thresholds';

export interface CitedPassage {
  n: number;
  text: string;
}

export interface CheckCitationsInput {
  answer: string;
  passages: CitedPassage[];
  lang: Lang;
  embedder?: Embedder | null;
  /** The chat model that wrote the answer, used as judge; null or absent: no judge. */
  judge?: ChatModel | null;
  signal?: AbortSignal;
  judgeTimeoutMs?: number;
  judgeBudgetMs?: number;
}

export function decideSupport(overlap: number, similarity: number | null, judge: JudgeVerdict | null): boolean {
  if (overlap >= LEXICAL_VERBATIM_THRESHOLD) return true;
  if (judge !== null) return judge === 'yes';
  return overlap >= LEXICAL_SUPPORT_THRESHOLD || (similarity !== null && similarity >= EMBEDDING_SUPPORT_THRESHOLD);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function checkCitations(input: CheckCitationsInput): Promise<CitationCheck> {
  const sentences = splitAnswerSentences(input.answer, input.lang);
  const byNumber = new Map(input.passages.map((p) => [p.n, p]));
  const toCheck = sentences.filter((s) => s.cited.some((n) => byNumber.has(n)) && contentStems(s.claim).size > 0);
  const methods: CitationCheckMethod[] = ['lexical'];
  // Each passage's stems once, however many sentences cite it.
  const passageStems = new Map<number, Set<string>>();
  const stemsOf = (p: CitedPassage) => {
    let stems = passageStems.get(p.n);
    if (!stems) passageStems.set(p.n, (stems = contentStems(p.text)));
    return stems;
  };

  // Embeddings: one call for the cited passages, one for the claims. A failure leaves similarity null.
  const similarity = new Map<number, number>();
  if (input.embedder && toCheck.length > 0) {
    try {
      const numbers = [...new Set(toCheck.flatMap((s) => s.cited.filter((n) => byNumber.has(n))))];
      const passageVectors = await input.embedder.embedDocuments(numbers.map((n) => byNumber.get(n)!.text));
      const vectorOf = new Map(numbers.map((n, i) => [n, passageVectors[i]]));
      const claimVectors = await input.embedder.embedDocuments(toCheck.map((s) => s.claim));
      toCheck.forEach((s, i) => {
        const scores = s.cited.filter((n) => vectorOf.has(n)).map((n) => dot(claimVectors[i], vectorOf.get(n)!));
        similarity.set(s.index, Math.max(...scores));
      });
      methods.push('embedding');
    } catch {
      similarity.clear();
    }
  }

  const judgeStarted = performance.now();
  const budget = input.judgeBudgetMs ?? JUDGE_TOTAL_BUDGET_MS;

  const results: CitationCheckSentence[] = [];
  for (const s of sentences) {
    const cited = s.cited;
    const base = { index: s.index, text: s.text, start: s.start, end: s.end, cited };
    if (cited.length === 0) {
      results.push({ ...base, supported: null, similarity: null, overlap: 0, judge: null });
      continue;
    }
    const passages = cited.map((n) => byNumber.get(n)).filter((p): p is CitedPassage => p !== undefined);
    if (passages.length === 0) {
      // Cites only numbers that are no source: nothing backs the sentence.
      results.push({ ...base, supported: false, similarity: null, overlap: 0, judge: null });
      continue;
    }
    if (!toCheck.includes(s)) {
      results.push({ ...base, supported: null, similarity: null, overlap: 0, judge: null });
      continue;
    }
    const overlap = Math.max(...passages.map((p) => lexicalOverlap(s.claim, stemsOf(p))));
    const sim = similarity.get(s.index) ?? null;
    let verdict: JudgeVerdict | null = null;
    const judgeTimeLeft = budget - (performance.now() - judgeStarted);
    if (input.judge && overlap < LEXICAL_VERBATIM_THRESHOLD && judgeTimeLeft >= JUDGE_MIN_TIME_LEFT_MS && !input.signal?.aborted) {
      verdict = await askJudge(input.judge, passages.map((p) => p.text).join('\n\n'), s.claim, input.lang, {
        timeoutMs: Math.min(input.judgeTimeoutMs ?? JUDGE_TIMEOUT_MS, judgeTimeLeft),
        signal: input.signal,
      });
    }
    results.push({
      ...base,
      supported: decideSupport(overlap, sim, verdict),
      similarity: sim === null ? null : round3(sim),
      overlap: round3(overlap),
      judge: verdict,
    });
  }
  // The judge counts as a method only when it gave a verdict: loaded but never asked (every sentence
  // nearly verbatim, budget spent) or never clear (timed out, no yes/no), it decided nothing.
  if (results.some((r) => r.judge !== null)) methods.push('judge');
  return { sentences: results, unsupportedCount: results.filter((r) => r.supported === false).length, methods };
}
