/**
 * Builds a library of at least N chunks from the corpus QA documents (PIAF in French, XQuAD in
 * English), repeating them with a distinguishing first line when one pass is not enough, and loads
 * the questions to use as queries.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentRecord } from '../src-shared/domain';
import type { ContractClient } from '../src-shared/rpc';
import type { StoredChunk } from '../src-main/core/store/schema';
import { ingestAndWait } from './benchCore';
import { corpusPath } from './benchLib';

export interface QaQuestion {
  id: string;
  question: string;
  answers: string[];
  lang: string;
}

/** A question as the corpus gives it: where its answer is, in which paragraph of which article. */
export interface QaRecord extends QaQuestion {
  answer_starts: number[];
  context_id: string;
  doc_id: string;
  title: string;
}

/** A gold paragraph (contexts.jsonl). */
export interface QaContext {
  context_id: string;
  doc_id: string;
  title: string;
  text: string;
}

export type QaSet = 'piaf_fr' | 'xquad_en';
const QA_SETS: QaSet[] = ['piaf_fr', 'xquad_en'];

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}

/** Every question of one set, in the file's order. */
export function loadQaSet(set: QaSet): QaRecord[] {
  return readJsonl<QaRecord>(corpusPath('qa', set, 'questions.jsonl'));
}

/** Every gold paragraph of one set, in the file's order. */
export function loadQaContexts(set: QaSet): QaContext[] {
  return readJsonl<QaContext>(corpusPath('qa', set, 'contexts.jsonl'));
}

/** The folder of one set's articles (one .txt per article: its title, then its paragraphs). */
export function qaDocsDir(set: QaSet): string {
  return corpusPath('qa', set, 'docs');
}

export function loadQuestions(limitPerSet: number): QaQuestion[] {
  return QA_SETS.flatMap((set) => loadQaSet(set).slice(0, limitPerSet));
}

/** The paragraphs (over 40 characters) of every QA article, with their article's title. */
export function qaParagraphs(): Array<{ title: string; text: string }> {
  const out: Array<{ title: string; text: string }> = [];
  for (const set of QA_SETS) {
    const dir = qaDocsDir(set);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
      const [title, ...rest] = readFileSync(join(dir, file), 'utf8').split('\n');
      for (const p of rest.join('\n').split(/\n\s*\n/)) if (p.trim().length > 40) out.push({ title, text: p.trim() });
    }
  }
  return out;
}

/**
 * A ready one-page document of `texts.length` chunks, built the way ingestion stores one, for the
 * benchmarks that fill a large library through the store directly (`commitDocument`) because ingesting
 * 100,000 chunks would take too long. `embedderId` is the model its vectors come from (null: none).
 */
export function syntheticDocument(
  id: string,
  texts: Array<{ title: string; text: string }>,
  embedderId: string | null,
): { doc: DocumentRecord; chunks: StoredChunk[] } {
  const chunks: StoredChunk[] = texts.map(({ title, text }, ordinal) => ({
    id: randomUUID(), documentId: id, collection: 'default', ordinal, text, ftsText: `${title}\n${text}`, pageStart: 1, pageEnd: 1,
    headingPath: [], charStart: 0, charEnd: text.length, tokenCount: Math.ceil(text.length / 4), blacklisted: false, whitelisted: false, satisfaction: null,
  }));
  const now = new Date().toISOString();
  const doc: DocumentRecord = {
    id, collection: 'default', title: id, sourcePath: id, storedPath: '', sha256: id, mime: 'text/plain', sizeBytes: 0, pages: 1,
    chunks: chunks.length, status: 'ready', error: null, ocrPages: 0, ocrMeanConfidence: null, lowConfidencePages: [], ocrMode: 'auto',
    validation: null, language: 'und', createdAt: now, updatedAt: now, chunkerSettings: '', embedder: embedderId ?? '',
  };
  return { doc, chunks };
}

/**
 * Ingests copies of the QA documents until the library holds at least `minChunks` chunks. The first
 * pass ingests the articles as they are; later passes bundle each set's articles into one Markdown
 * file per copy (one `#` heading per article), because what is measured is search over many chunks,
 * and a few large files fill the library much faster than thousands of small ones.
 */
export async function buildQaLibrary(client: ContractClient, minChunks: number, maxCopies = 60): Promise<{ chunks: number; documents: number }> {
  const sets = QA_SETS.map((set) => {
    const dir = qaDocsDir(set);
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
