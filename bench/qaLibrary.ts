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

/**
 * Ingests copies of the QA documents until the library holds at least `minChunks` chunks. The first
 * pass ingests the articles as they are; later passes bundle each set's articles into one Markdown
 * file per copy (one `#` heading per article), because what is measured is search over many chunks,
 * and a few large files fill the library much faster than thousands of small ones.
 */
export async function buildQaLibrary(client: ContractClient, minChunks: number, maxCopies = 60): Promise<{ chunks: number; documents: number }> {
  const sets = QA_SETS.map((set) => {
    const dir = corpusPath('qa', set, 'docs');
    return { set, files: readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => join(dir, f)) };
  });
  const workDir = mkdtempSync(join(tmpdir(), 'phare-bench-qa-'));
  let chunks = 0;
  let documents = 0;
  for (let copy = 0; copy < maxCopies && (copy === 0 || chunks < minChunks); copy++) {
    const paths =
      copy === 0
        ? sets.flatMap((s) => s.files)
        : sets.map(({ set, files }) => {
            const bundle = files
              .map((file) => {
                const [title, ...rest] = readFileSync(file, 'utf8').split('\n');
                return `# ${title} (${copy})\n\n${rest.join('\n')}`;
              })
              .join('\n\n');
            const path = join(workDir, `${set}-copy${copy}.md`);
            writeFileSync(path, bundle);
            return path;
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
