/**
 * Builds a library of at least N chunks from the corpus QA documents (PIAF in French, XQuAD in
 * English), repeating them with a distinguishing first line when one pass is not enough, and loads
 * the questions to use as queries.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContractClient } from '../src-shared/rpc';
import { ingestAndWait } from './benchCore';
import { corpusPath } from './benchLib';

export interface QaQuestion {
  id: string;
  question: string;
  answers: string[];
  lang: string;
}

const QA_SETS = ['piaf_fr', 'xquad_en'];

export function loadQuestions(limitPerSet: number): QaQuestion[] {
  return QA_SETS.flatMap((set) =>
    readFileSync(corpusPath('qa', set, 'questions.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, limitPerSet)
      .map((line) => JSON.parse(line) as QaQuestion),
  );
}

/** Ingests copies of the QA documents until the library holds at least `minChunks` chunks. */
export async function buildQaLibrary(client: ContractClient, minChunks: number, maxCopies = 40): Promise<{ chunks: number; documents: number }> {
  const sources = QA_SETS.flatMap((set) => {
    const dir = corpusPath('qa', set, 'docs');
    return readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => join(dir, f));
  });
  const workDir = mkdtempSync(join(tmpdir(), 'phare-bench-qa-'));
  let chunks = 0;
  let documents = 0;
  for (let copy = 0; copy < maxCopies && chunks < minChunks; copy++) {
    const paths = sources.map((source, i) => {
      if (copy === 0) return source;
      const text = readFileSync(source, 'utf8');
      const [title, ...rest] = text.split('\n');
      const file = join(workDir, `copy${copy}-${i}.txt`);
      writeFileSync(file, [`${title} (${copy})`, ...rest].join('\n'));
      return file;
    });
    const results = await ingestAndWait(client, paths);
    for (const r of results) {
      if (r.status === 'ready') {
        chunks += r.chunks;
        documents++;
      }
    }
  }
  return { chunks, documents };
}
