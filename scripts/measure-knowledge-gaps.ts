/**
 * Measures the knowledge-gap rule (metrics/metricsRecorder.ts WEAK_COVERAGE) on the corpus QA sets: a
 * library holds every other article of PIAF and XQuAD; each question is searched as an answer would
 * (top 3 passages, the retriever of the app) and its coverage computed (the share of its content words
 * in the best of those passages). Questions about an article the library holds should not be gaps;
 * questions about an article left out should. For each threshold: the share of each kind called a gap.
 *
 *   npx tsx scripts/measure-knowledge-gaps.ts
 *
 * Measured 2026-12-07 (full-text search, no embedding model; 1,377 questions about articles in the
 * library, 1,297 about articles left out):
 *
 * | threshold | gaps among questions the library covers | gaps among questions it does not cover |
 * |---|---|---|
 * | 0.3 | 0.054 | 0.489 |
 * | 0.4 | 0.109 | 0.707 |
 * | **0.5** | 0.168 | 0.808 |
 * | 0.6 | 0.347 | 0.954 |
 * | 0.7 | 0.557 | 0.988 |
 *
 * 0.5 gives the best balanced accuracy (0.82). Most false gaps are PIAF's terse questions ("Combien
 * d'employeurs"), whose one or two content words a short passage may lack.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIngestJob } from '../src-shared/ingestJob';
import { questionCoverage } from '../src-main/core/chat/answerService';
import { createCore } from '../src-main/core/core';
import { createInProcessClient } from '../src-main/core/inProcessClient';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = process.env.PHARE_CORPUS ?? resolve(repoRoot, '../shared/corpus');

interface Question {
  question: string;
  doc_id: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'phare-gaps-'));
const core = await createCore({ dataDir, background: false });
const client = createInProcessClient(core);
const held = new Set<string>();
const paths: string[] = [];
for (const set of ['piaf_fr', 'xquad_en']) {
  const files = readdirSync(join(corpusDir, 'qa', set, 'docs')).filter((f) => f.endsWith('.txt')).sort();
  files.forEach((file, i) => {
    if (i % 2 === 0) paths.push(join(corpusDir, 'qa', set, 'docs', file));
    else held.add(file.replace(/\.txt$/, ''));
  });
}
await runIngestJob(client, { method: 'library.ingestPaths', input: { paths } });

const coverages: Array<{ inLibrary: boolean; coverage: number }> = [];
for (const set of ['piaf_fr', 'xquad_en']) {
  const questions = readFileSync(join(corpusDir, 'qa', set, 'questions.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Question);
  for (const q of questions) {
    const hits = await client.call('search.query', { query: q.question, topK: 3 });
    coverages.push({ inLibrary: !held.has(q.doc_id), coverage: hits.length ? questionCoverage(q.question, hits) : 0 });
  }
}
const inside = coverages.filter((c) => c.inLibrary);
const outside = coverages.filter((c) => !c.inLibrary);
console.log(`questions: ${inside.length} about articles in the library, ${outside.length} about articles left out`);
console.log('| threshold | gaps among questions the library covers | gaps among questions it does not cover |');
console.log('|---|---|---|');
for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  const share = (list: typeof coverages) => (list.filter((c) => c.coverage < threshold).length / list.length).toFixed(3);
  console.log(`| ${threshold} | ${share(inside)} | ${share(outside)} |`);
}
await core.dispose();
rmSync(dataDir, { recursive: true, force: true });
