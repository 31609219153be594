/**
 * Feedback as files: JSONL (one Feedback per line, snapshot included, for scripts), CSV (one row per
 * feedback, for a spreadsheet) and the training/evaluation JSONL (question, the passages the answer was
 * made from, answer, corrected answer, rating, comment).
 *
 * CSV is written as every export of the app writes it (export/csv.ts: RFC 4180, formula guard).
 */
import type { Feedback, FeedbackExport, TrainingRecord } from '../../../src-shared/feedback';
import { csvCell, CSV_MIME } from '../export/csv';

export const JSONL_MIME = 'application/x-ndjson';

/** The text of a chunk as the library holds it now (null when it is gone). */
export type ChunkTexts = ReadonlyMap<string, { text: string; ordinal: number; documentId: string }>;

const CSV_COLUMNS = [
  'id',
  'messageId',
  'conversationId',
  'version',
  'createdAt',
  'updatedAt',
  'thumbs',
  'rating',
  'comment',
  'correction',
  'wrongSources',
  'needsAttention',
  'withdrawn',
  'collection',
  'mode',
  'model',
  'language',
  'question',
  'answer',
  'sources',
] as const;

/** A file name with the local day: `phare-feedback-2026-12-07.jsonl`. */
export function exportFileName(kind: 'feedback' | 'feedback-training', extension: 'jsonl' | 'csv', now = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `phare-${kind}-${day}.${extension}`;
}

export function feedbackJsonl(feedback: readonly Feedback[], now = new Date()): FeedbackExport {
  return { fileName: exportFileName('feedback', 'jsonl', now), mime: JSONL_MIME, content: jsonLines(feedback), count: feedback.length };
}

export function feedbackCsv(feedback: readonly Feedback[], now = new Date()): FeedbackExport {
  const lines = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const f of feedback) {
    const s = f.snapshot;
    const cells: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null> = {
      id: f.id,
      messageId: f.messageId,
      conversationId: f.conversationId,
      version: f.version,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      thumbs: f.thumbs,
      rating: f.rating,
      comment: f.comment,
      correction: f.correction,
      wrongSources: f.wrongSources.join(' '),
      needsAttention: f.needsAttention,
      withdrawn: f.withdrawn,
      collection: s.collection,
      mode: s.mode,
      model: s.model,
      language: s.language,
      question: s.question,
      answer: s.answer,
      sources: s.sources.map((src) => `[${src.n}] ${src.title} p. ${src.page}`).join('; '),
    };
    lines.push(CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
  }
  return { fileName: exportFileName('feedback', 'csv', now), mime: CSV_MIME, content: lines.join('\r\n') + '\r\n', count: feedback.length };
}

/** One TrainingRecord per feedback; each source's text is its chunks' current text, or the snapshot's snippet when they are gone. */
export function trainingJsonl(feedback: readonly Feedback[], chunks: ChunkTexts, now = new Date()): FeedbackExport {
  const records = feedback.map((f): TrainingRecord => {
    const s = f.snapshot;
    return {
      question: s.question,
      contexts: s.sources.map((src) => {
        const found = src.chunkIds.map((id) => chunks.get(id)).filter((c) => c !== undefined);
        found.sort((a, b) => a.ordinal - b.ordinal);
        return {
          documentId: src.documentId,
          title: src.title,
          page: src.page,
          text: found.length > 0 ? found.map((c) => c.text).join('\n\n') : src.snippet,
          wrong: f.wrongSources.includes(src.n),
        };
      }),
      answer: s.answer,
      correctedAnswer: f.correction,
      rating: f.rating,
      thumbs: f.thumbs,
      comment: f.comment,
      model: s.model,
      language: s.language,
      createdAt: f.createdAt,
    };
  });
  return { fileName: exportFileName('feedback-training', 'jsonl', now), mime: JSONL_MIME, content: jsonLines(records), count: records.length };
}

function jsonLines(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v) + '\n').join('');
}
