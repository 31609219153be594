/**
 * Measures the lexical half of the citation check on the corpus QA sets, to choose its threshold
 * (src-main/core/chat/citationCheck/thresholds.ts).
 *
 * Each QA pair becomes an answer-like sentence: the question restated with its gold answer
 * ("<question> : <answer>"). It is scored against its gold paragraph (should be supported), against a
 * random paragraph of ANOTHER article (should not) and against another paragraph of the SAME article
 * (a harder negative: same topic, other facts). For each threshold the script prints the share of
 * supported pairs accepted (TPR), the share of each kind of negative accepted (FPR) and the balanced
 * accuracies; the threshold is chosen by the mean of the two balanced accuracies.
 *
 *   npx tsx scripts/measure-citation-check.ts [--seed 7]
 *
 * The corpus is found at $PHARE_CORPUS or ../shared/corpus beside the checkout.
 *
 * Measured 2026-11-22 (seed 7; both sets together, 2,674 supported pairs):
 *
 * | threshold | TPR (gold) | FPR (other article) | FPR (same article) | bal. acc. (other) | bal. acc. (same) |
 * |---|---|---|---|---|---|
 * | 0.30 | 0.975 | 0.004 | 0.172 | 0.985 | 0.901 |
 * | 0.35 | 0.958 | 0.001 | 0.116 | 0.978 | 0.921 |
 * | **0.40** | 0.952 | 0.001 | 0.099 | 0.975 | 0.927 |
 * | 0.45 | 0.918 | 0.000 | 0.056 | 0.959 | 0.931 |
 * | 0.50 | 0.913 | 0.000 | 0.053 | 0.957 | 0.930 |
 * | 0.60 | 0.816 | 0.000 | 0.023 | 0.908 | 0.896 |
 *
 * PIAF alone at 0.40: TPR 0.938, FPR 0.001 / 0.108; XQuAD alone: TPR 0.995, FPR 0.002 / 0.071.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lexicalOverlap, contentStems } from '../src-main/core/chat/citationCheck/contentWords';
import { LEXICAL_SUPPORT_THRESHOLD } from '../src-main/core/chat/citationCheck/thresholds';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = process.env.PHARE_CORPUS ?? resolve(repoRoot, '../shared/corpus');

interface Question {
  question: string;
  answers: string[];
  context_id: string;
  doc_id: string;
}
interface Context {
  context_id: string;
  doc_id: string;
  text: string;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Small deterministic generator, so every run picks the same negatives. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface PairScores {
  supported: number[];
  otherArticle: number[];
  sameArticle: number[];
}

export function scoreQaSet(dir: string, seed: number): PairScores {
  const questions = readJsonl<Question>(join(dir, 'questions.jsonl'));
  const contexts = readJsonl<Context>(join(dir, 'contexts.jsonl'));
  const byId = new Map(contexts.map((c) => [c.context_id, c]));
  const stems = new Map(contexts.map((c) => [c.context_id, contentStems(c.text)]));
  const next = random(seed);
  const pick = (list: Context[]) => list[Math.floor(next() * list.length)];
  const scores: PairScores = { supported: [], otherArticle: [], sameArticle: [] };
  for (const q of questions) {
    const gold = byId.get(q.context_id);
    if (!gold || q.answers.length === 0) continue;
    const claim = `${q.question.trim().replace(/\?$/, '').trim()} : ${q.answers[0]}.`;
    scores.supported.push(lexicalOverlap(claim, stems.get(gold.context_id)!));
    const other = pick(contexts.filter((c) => c.doc_id !== q.doc_id));
    scores.otherArticle.push(lexicalOverlap(claim, stems.get(other.context_id)!));
    const siblings = contexts.filter((c) => c.doc_id === q.doc_id && c.context_id !== q.context_id);
    if (siblings.length) scores.sameArticle.push(lexicalOverlap(claim, stems.get(pick(siblings).context_id)!));
  }
  return scores;
}

const share = (values: number[], threshold: number) => values.filter((v) => v >= threshold).length / Math.max(1, values.length);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function report(name: string, scores: PairScores): void {
  console.log(
    `\n${name}: ${scores.supported.length} supported pairs; mean overlap supported ${mean(scores.supported).toFixed(3)}, ` +
      `other article ${mean(scores.otherArticle).toFixed(3)}, same article ${mean(scores.sameArticle).toFixed(3)}`,
  );
  console.log('| threshold | TPR (gold) | FPR (other article) | FPR (same article) | balanced acc. (other) | balanced acc. (same) |');
  console.log('|---|---|---|---|---|---|');
  for (let t = 0.2; t <= 0.81; t += 0.05) {
    const tpr = share(scores.supported, t);
    const fprOther = share(scores.otherArticle, t);
    const fprSame = share(scores.sameArticle, t);
    const mark = Math.abs(t - LEXICAL_SUPPORT_THRESHOLD) < 1e-6 ? ' **(chosen)**' : '';
    console.log(
      `| ${t.toFixed(2)}${mark} | ${tpr.toFixed(3)} | ${fprOther.toFixed(3)} | ${fprSame.toFixed(3)} | ` +
        `${((tpr + 1 - fprOther) / 2).toFixed(3)} | ${((tpr + 1 - fprSame) / 2).toFixed(3)} |`,
    );
  }
}

const seedArg = process.argv.indexOf('--seed');
const seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 7;
const piaf = scoreQaSet(join(corpusDir, 'qa/piaf_fr'), seed);
const xquad = scoreQaSet(join(corpusDir, 'qa/xquad_en'), seed);
report('PIAF (French)', piaf);
report('XQuAD (English)', xquad);
report('Both', {
  supported: [...piaf.supported, ...xquad.supported],
  otherArticle: [...piaf.otherArticle, ...xquad.otherArticle],
  sameArticle: [...piaf.sameArticle, ...xquad.sameArticle],
});
