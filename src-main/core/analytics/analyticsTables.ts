/**
 * The analytics tables: what the app did, as flat rows an analyst can export or query, read from the
 * stores that own the data (never a copy kept on the side, so they are never stale):
 *
 * - questions: one row per question asked (conversation store), with its current answer's outcome;
 * - answers: one row per answer, regenerated ones included, with mode, model, sources and timings;
 * - feedback: one row per feedback, current version (withdrawn ones included, flagged);
 * - analysis_runs: one row per quality run with its counts and step timings;
 * - ingestion: one row per document with its ingestion result (status, format, pages, chunks, OCR, error);
 * - metrics: the metrics history (per-minute and per-hour points of every series).
 *
 * Times are ISO 8601 in UTC. Each table has one time column that `since` filters on.
 */
import { extname } from 'node:path';
import type { AnalyticsTable } from '../../../src-shared/monitoring';
import type { Answer, DocumentRecord } from '../../../src-shared/domain';
import type { FeedbackSummary } from '../../../src-shared/feedback';
import type { AnalysisRun } from '../../../src-shared/quality';
import type { ConversationRow, MessageRow } from '../conversations/conversationStore';
import type { CsvValue } from '../export/csv';
import type { HistoryRow } from '../metrics/historyStore';

export type ColumnType = 'text' | 'integer' | 'number' | 'boolean' | 'time';
export interface AnalyticsColumn {
  name: string;
  type: ColumnType;
}

export interface AnalyticsTableData {
  name: AnalyticsTable;
  columns: readonly AnalyticsColumn[];
  rows: CsvValue[][];
}

/** Where the rows come from; core.ts binds these to the stores and services that own the data. */
export interface AnalyticsSources {
  messages(since?: string): Promise<Array<Omit<MessageRow, 'trace'>>>;
  conversations(): Promise<ConversationRow[]>;
  feedback(since?: string): Promise<FeedbackSummary[]>;
  runs(): Promise<AnalysisRun[]>;
  documents(): Promise<DocumentRecord[]>;
  metricSamples(since?: string): Promise<HistoryRow[]>;
}

const t = (name: string): AnalyticsColumn => ({ name, type: 'text' });
const i = (name: string): AnalyticsColumn => ({ name, type: 'integer' });
const n = (name: string): AnalyticsColumn => ({ name, type: 'number' });
const b = (name: string): AnalyticsColumn => ({ name, type: 'boolean' });
const time = (name: string): AnalyticsColumn => ({ name, type: 'time' });

/** Each table's columns, in order; the first `time` column listed in TIME_COLUMN is what `since` filters on. */
export const ANALYTICS_COLUMNS: Record<AnalyticsTable, readonly AnalyticsColumn[]> = {
  questions: [
    t('id'),
    t('conversation_id'),
    time('asked_at'),
    t('question'),
    i('question_chars'),
    t('collection'),
    b('conversation_removed'),
    i('answers'),
    t('answer_id'),
    t('outcome'),
  ],
  answers: [
    t('id'),
    t('question_id'),
    t('conversation_id'),
    time('created_at'),
    t('outcome'),
    t('error_code'),
    t('mode'),
    t('model'),
    b('remote'),
    // Replaced by a regeneration (the newer answer is the current one).
    b('replaced'),
    i('sources'),
    i('unsupported_sentences'),
    i('answer_chars'),
    n('retrieval_ms'),
    n('prompt_ms'),
    n('ttft_ms'),
    n('generation_ms'),
    n('total_ms'),
    i('tokens'),
    n('tokens_per_second'),
  ],
  feedback: [
    t('id'),
    t('message_id'),
    t('conversation_id'),
    i('version'),
    time('created_at'),
    time('updated_at'),
    t('thumbs'),
    i('rating'),
    t('comment'),
    t('correction'),
    i('wrong_sources'),
    b('needs_attention'),
    b('withdrawn'),
    t('collection'),
    t('mode'),
    t('model'),
    i('source_count'),
    t('question'),
  ],
  analysis_runs: [
    t('id'),
    t('trigger'),
    t('status'),
    time('started_at'),
    time('ended_at'),
    n('duration_ms'),
    n('progress'),
    t('judge_model'),
    i('feedbacks'),
    i('chunks_scored'),
    i('candidates'),
    i('blacklisted'),
    i('kept'),
    i('sent_to_review'),
    i('recommendations'),
    i('judge_calls'),
    i('judge_errors'),
    n('scores_ms'),
    n('blacklist_ms'),
    n('reingest_ms'),
    t('error_code'),
  ],
  ingestion: [
    t('document_id'),
    t('collection'),
    t('title'),
    t('format'),
    t('mime'),
    i('size_bytes'),
    t('status'),
    t('error_code'),
    i('pages'),
    i('chunks'),
    i('ocr_pages'),
    n('ocr_mean_confidence'),
    i('low_confidence_pages'),
    t('ocr_mode'),
    t('language'),
    b('embedded'),
    time('created_at'),
    time('updated_at'),
  ],
  metrics: [t('name'), t('resolution'), time('t'), n('count'), n('sum'), n('min'), n('max'), n('p50'), n('p95'), n('value')],
};

/** The column `since` filters on: when the thing happened (or last changed, for feedback and documents). */
export const TIME_COLUMN: Record<AnalyticsTable, string> = {
  questions: 'asked_at',
  answers: 'created_at',
  feedback: 'updated_at',
  analysis_runs: 'started_at',
  ingestion: 'updated_at',
  metrics: 't',
};

export async function readAnalyticsTable(table: AnalyticsTable, sources: AnalyticsSources, since?: string): Promise<AnalyticsTableData> {
  const rows = await ROW_READERS[table](sources, since);
  const columns = ANALYTICS_COLUMNS[table];
  const timeIndex = columns.findIndex((c) => c.name === TIME_COLUMN[table]);
  // Every reader may read a little more than asked (stores filter on their own columns); the rule is applied once here.
  const kept = since === undefined ? rows : rows.filter((row) => typeof row[timeIndex] === 'string' && (row[timeIndex] as string) >= since);
  return { name: table, columns, rows: kept };
}

type RowReader = (sources: AnalyticsSources, since?: string) => Promise<CsvValue[][]>;

const ROW_READERS: Record<AnalyticsTable, RowReader> = {
  async questions(sources, since) {
    const [messages, conversations] = await Promise.all([sources.messages(since), sources.conversations()]);
    const conversationById = new Map(conversations.map((c) => [c.id, c]));
    // Answers are written after their question: read them all, the question's window does not bound them.
    const answers = since ? await sources.messages() : messages;
    const answersOf = new Map<string, Array<Omit<MessageRow, 'trace'>>>();
    for (const m of answers) {
      if (m.role !== 'assistant' || !m.replyTo) continue;
      answersOf.set(m.replyTo, [...(answersOf.get(m.replyTo) ?? []), m]);
    }
    return messages
      .filter((m) => m.role === 'user')
      .sort(byTimeThenId)
      .map((q) => {
        const conversation = conversationById.get(q.conversationId);
        const replies = answersOf.get(q.id) ?? [];
        const current = replies.find((a) => a.supersededBy === null) ?? replies[replies.length - 1] ?? null;
        return [
          q.id,
          q.conversationId,
          q.createdAt,
          q.content,
          q.content.length,
          conversation?.collection ?? null,
          conversation ? conversation.deletedAt !== null : true,
          replies.length,
          current?.id ?? null,
          current ? outcomeOf(current) : null,
        ];
      });
  },

  async answers(sources, since) {
    const messages = await sources.messages(since);
    return messages
      .filter((m) => m.role === 'assistant')
      .sort(byTimeThenId)
      .map((m) => {
        const answer = parseJson<Answer>(m.answer);
        const error = parseJson<{ code?: string }>(m.error);
        const timings = answer?.timings;
        return [
          m.id,
          m.replyTo,
          m.conversationId,
          m.createdAt,
          outcomeOf(m),
          error?.code ?? null,
          answer?.mode ?? null,
          answer?.model ?? null,
          answer ? answer.remote === true : null,
          m.supersededBy !== null,
          answer ? answer.sources.length : null,
          answer?.citationCheck ? answer.citationCheck.unsupportedCount : null,
          answer ? answer.answer.length : null,
          timings?.retrievalMs ?? null,
          timings?.promptMs ?? null,
          timings?.ttftMs ?? null,
          timings?.generationMs ?? null,
          timings?.totalMs ?? null,
          timings?.tokens ?? null,
          timings?.tokensPerSecond ?? null,
        ];
      });
  },

  async feedback(sources, since) {
    const feedback = await sources.feedback(since);
    return [...feedback]
      .sort((a, b) => byText(a.updatedAt, b.updatedAt) || byText(a.id, b.id))
      .map((f) => [
        f.id,
        f.messageId,
        f.conversationId,
        f.version,
        f.createdAt,
        f.updatedAt,
        f.thumbs,
        f.rating,
        f.comment,
        f.correction,
        f.wrongSources.length,
        f.needsAttention,
        f.withdrawn,
        f.collection,
        f.mode,
        f.model,
        f.sourceCount,
        f.question,
      ]);
  },

  async analysis_runs(sources) {
    const runs = await sources.runs();
    return [...runs]
      .sort((a, b) => byText(a.startedAt, b.startedAt) || byText(a.id, b.id))
      .map((r) => [
        r.id,
        r.trigger,
        r.status,
        r.startedAt,
        r.endedAt,
        r.endedAt ? Date.parse(r.endedAt) - Date.parse(r.startedAt) : null,
        r.progress,
        r.judgeModel,
        r.counts.feedbacks,
        r.counts.chunksScored,
        r.counts.candidates,
        r.counts.blacklisted,
        r.counts.kept,
        r.counts.sentToReview,
        r.counts.recommendations,
        r.counts.judgeCalls,
        r.counts.judgeErrors,
        r.stepMs.scores ?? null,
        r.stepMs.blacklist ?? null,
        r.stepMs.reingest ?? null,
        r.error?.code ?? null,
      ]);
  },

  async ingestion(sources) {
    const documents = await sources.documents();
    return [...documents]
      .sort((a, b) => byText(a.createdAt, b.createdAt) || byText(a.id, b.id))
      .map((d) => [
        d.id,
        d.collection,
        d.title,
        formatOf(d),
        d.mime,
        d.sizeBytes,
        d.status,
        d.error?.code ?? null,
        d.pages,
        d.chunks,
        d.ocrPages,
        d.ocrMeanConfidence,
        d.lowConfidencePages.length,
        d.ocrMode,
        d.language,
        d.embedder !== '',
        d.createdAt,
        d.updatedAt,
      ]);
  },

  async metrics(sources, since) {
    const samples = await sources.metricSamples(since);
    return [...samples]
      .sort((a, b) => byText(a.t, b.t) || byText(a.name, b.name) || byText(a.resolution, b.resolution))
      .map((s) => [s.name, s.resolution, s.t, s.count, s.sum, s.min, s.max, s.p50, s.p95, s.value]);
  },
};

function byTimeThenId(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return byText(a.createdAt, b.createdAt) || byText(a.id, b.id);
}

/** Code-unit order: right for ISO times and ids, and much cheaper than localeCompare over a quarter of a million rows. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** complete, cancelled, no-sources (from the answer), or error (a failed answer keeps only its error). */
function outcomeOf(message: Pick<MessageRow, 'answer' | 'error'>): string {
  const answer = parseJson<Pick<Answer, 'outcome'>>(message.answer);
  return answer?.outcome ?? 'error';
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

const FORMATS: Array<[RegExp, string]> = [
  [/^application\/pdf$/, 'pdf'],
  [/wordprocessingml|^application\/msword$/, 'docx'],
  [/^text\/markdown$/, 'markdown'],
  [/^text\/html$/, 'html'],
  [/^text\//, 'text'],
  [/^image\//, 'image'],
];

/** A short format name (pdf, docx, text, markdown, html, image); a file that failed before its type was known goes by its extension. */
function formatOf(doc: DocumentRecord): string {
  for (const [pattern, name] of FORMATS) if (pattern.test(doc.mime)) return name;
  const extension = extname(doc.sourcePath || doc.title).slice(1).toLowerCase();
  return extension || 'unknown';
}
