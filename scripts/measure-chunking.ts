/**
 * Measures full-text retrieval on the corpus QA sets for several chunk sizes and overlaps, to choose
 * DEFAULT_CHUNKING (src-main/core/ingest/chunkingDefaults.ts).
 *
 * The PIAF (French) and XQuAD (English) documents go into ONE library, as a user's would, through the
 * real ingestion service; every question is then asked as a full-text query through the retriever.
 * A hit at k: one of the top k chunks contains a gold answer (after NFC and whitespace folding).
 *
 *   npx tsx scripts/measure-chunking.ts [--sizes 600,1000] [--overlaps 0,150] [--policies detect,both]
 *
 * The corpus is found at $PHARE_CORPUS or ../shared/corpus beside the checkout.
 *
 * Measured 2026-11-22 (120 documents, 2,042 PIAF and 632 XQuAD questions; 'auto' fuses the French and
 * English indices with the question's language at full weight, 'detect' uses only the question's
 * language's index, 'both' weighs them equally):
 *
 * | size | overlap | FTS languages | chunks | PIAF hit@5 | PIAF hit@10 | XQuAD hit@5 | XQuAD hit@10 |
 * |------|---------|---------------|--------|------------|-------------|-------------|--------------|
 * |  500 |       0 | both          |   1009 |      0.808 |       0.865 |       0.981 |        0.989 |
 * |  700 |     200 | both          |    754 |      0.868 |       0.901 |       0.992 |        0.997 |
 * |  800 |       0 | auto          |    618 |      0.880 |       0.913 |       0.989 |        0.994 |
 * |  800 |     150 | auto          |    628 |      0.878 |       0.913 |       0.991 |        0.994 |
 * | 1000 |       0 | auto          |    533 |      0.897 |       0.926 |       0.994 |        0.998 |
 * | 1000 |     150 | auto          |    536 |      0.896 |       0.926 |       0.994 |        0.998 |
 * | 1000 |     150 | detect        |    536 |      0.890 |       0.923 |       0.992 |        0.997 |
 * | 1200 |       0 | auto          |    479 |      0.905 |       0.928 |       0.995 |        0.998 |
 * | 1200 |     150 | auto          |    479 |      0.905 |       0.928 |       0.995 |        0.998 |
 * | 1200 |     150 | detect        |    479 |      0.896 |       0.927 |       0.992 |        0.997 |
 * | 1300 |       0 | both          |    431 |      0.905 |       0.933 |       0.995 |        0.998 |
 * (rows 500, 700 and 1300 were measured before a chunker fix that keeps a heading with its text: ~3 chunks of 540 differ)
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from '../src-shared/domain';
import { createEventBus } from '../src-main/core/eventBus';
import { DEFAULT_CHUNKING } from '../src-main/core/ingest/chunkingDefaults';
import { createIngestService } from '../src-main/core/ingest/ingestService';
import { createRetriever, type FullTextLanguagePolicy } from '../src-main/core/retrieval/retriever';
import { defaultSettings } from '../src-main/core/settings/defaultSettings';
import { openLibraryStore } from '../src-main/core/store/libraryStore';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = process.env.PHARE_CORPUS ?? resolve(repoRoot, '../shared/corpus');

interface Question {
  question: string;
  answers: string[];
}

const SETS = [
  { name: 'PIAF (fr)', folder: 'qa/piaf_fr' },
  { name: 'XQuAD (en)', folder: 'qa/xquad_en' },
];

function arg(name: string, fallback: string): string[] {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback).split(',').map((s) => s.trim()).filter(Boolean);
}

const fold = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

function baseSettings(chunkSize: number, chunkOverlap: number): Settings {
  return { ...defaultSettings(), topK: 10, chunkSize, chunkOverlap };
}

async function measure(chunkSize: number, chunkOverlap: number, policies: FullTextLanguagePolicy[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-measure-'));
  const store = await openLibraryStore(dataDir);
  try {
    const events = createEventBus();
    const ingest = createIngestService({
      store,
      dataDir,
      events,
      getSettings: () => baseSettings(chunkSize, chunkOverlap),
      getEmbedder: async () => null,
    });
    const files = SETS.flatMap((set) => {
      const docs = join(corpusDir, set.folder, 'docs');
      return readdirSync(docs)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => join(docs, f));
    });
    const started = Date.now();
    const job = ingest.startJob(files, {});
    const done = await ingest.waitForJob(job.jobId);
    const ingestMs = Date.now() - started;
    const failed = done.results.filter((r) => r.status !== 'ready');
    if (failed.length) throw new Error(`ingestion failed: ${JSON.stringify(failed.slice(0, 3))}`);
    const chunks = done.results.reduce((n, r) => n + r.chunks, 0);
    await ingest.dispose();
    // Measure on folded indices, as a library is shortly after an ingestion (maintenance runs in the background).
    await store.maintenanceIdle();

    const rows: string[] = [];
    for (const policy of policies) {
      const retriever = createRetriever({ store, getEmbedder: async () => null, options: { fullTextLanguages: policy } });
      const cells: string[] = [];
      for (const set of SETS) {
        const questions = readFileSync(join(corpusDir, set.folder, 'questions.jsonl'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Question);
        let hit5 = 0;
        let hit10 = 0;
        for (const q of questions) {
          const hits = await retriever.search({ query: q.question, topK: 10, mode: 'fulltext' });
          const answers = q.answers.map(fold);
          const rank = hits.findIndex((h) => answers.some((a) => fold(h.text).includes(a)));
          if (rank >= 0 && rank < 5) hit5++;
          if (rank >= 0) hit10++;
        }
        cells.push(`${(hit5 / questions.length).toFixed(3)} | ${(hit10 / questions.length).toFixed(3)}`);
      }
      rows.push(`| ${chunkSize} | ${chunkOverlap} | ${policy} | ${chunks} | ${cells.join(' | ')} | ${(ingestMs / 1000).toFixed(1)} s |`);
    }
    return rows;
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const sizes = arg('sizes', `400,600,800,${DEFAULT_CHUNKING.chunkSize},1500`).map(Number);
  const overlaps = arg('overlaps', `0,${DEFAULT_CHUNKING.chunkOverlap}`).map(Number);
  const policies = arg('policies', 'auto') as FullTextLanguagePolicy[];
  console.log(`corpus: ${corpusDir}`);
  console.log('| chunk size | overlap | FTS languages | chunks | PIAF hit@5 | PIAF hit@10 | XQuAD hit@5 | XQuAD hit@10 | ingest |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    for (const overlap of overlaps) {
      if (overlap >= size / 2) continue;
      for (const row of await measure(size, overlap, policies)) console.log(row);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
