/**
 * The snapshot of an answer that feedback keeps: question, answer and, for each source [n], the chunks
 * behind it, whether the answer cited it and its best retrieval rank. It is built from the stored answer
 * message (the Answer and its AnswerTrace as JSON) when the answer is first rated, so the quality loop
 * reads it without the conversation, which may be deleted later.
 *
 * - Chunks: packing merges neighbouring chunks into one source; the trace's `packing.sent[n]` lists them.
 *   Without a trace (or without that n in it), the source's own chunk.
 * - Cited: an extractive answer shows, so cites, every source it lists. A generative one cites what its
 *   citation check saw cited, sentence by sentence; without a check, the `[n]` markers in its text.
 * - Rank: the best rank of the source's chunks in the fused retrieval list; n when none is there.
 * - Retrieved: chunks retrieval ranked that packing left out (no credit, no blame).
 */
import type { AnswerTrace } from '../../../src-shared/conversations';
import type { Answer, Settings } from '../../../src-shared/domain';
import type { AnswerSnapshot, FeedbackSource } from '../../../src-shared/feedback';
import { citedNumbers } from '../chat/citationCheck/answerSentences';

export interface SnapshotInput {
  answer: Answer;
  /** null for answers stored before traces were kept, or an unreadable one. */
  trace: AnswerTrace | null;
  /** The answer message's time. */
  answeredAt: string;
  /** The conversation's collection, when the trace does not say which one was searched. */
  conversationCollection: string | null;
  settings: Pick<Settings, 'language' | 'topK'>;
}

export function buildAnswerSnapshot(input: SnapshotInput): AnswerSnapshot {
  const { answer, trace } = input;
  const cited = citedSources(answer);
  const rankOf = new Map<string, number>();
  for (const hit of trace?.retrieval.hits ?? []) {
    if (!rankOf.has(hit.chunkId) || hit.rank < rankOf.get(hit.chunkId)!) rankOf.set(hit.chunkId, hit.rank);
  }
  const sentByN = new Map((trace?.packing.sent ?? []).map((s) => [s.n, s.chunkIds]));

  const sources: FeedbackSource[] = answer.sources.map((source) => {
    const packed = sentByN.get(source.n);
    const chunkIds = packed && packed.length > 0 ? [...packed] : [source.chunkId];
    const ranks = chunkIds.map((id) => rankOf.get(id)).filter((r): r is number => r !== undefined);
    return {
      n: source.n,
      documentId: source.documentId,
      title: source.title,
      page: source.page,
      chunkIds,
      cited: cited === 'all' || cited.has(source.n),
      rank: ranks.length > 0 ? Math.min(...ranks) : source.n,
      snippet: source.snippet,
    };
  });

  const packedIds = new Set(sources.flatMap((s) => s.chunkIds));
  for (const sent of trace?.packing.sent ?? []) for (const id of sent.chunkIds) packedIds.add(id);
  const retrievedChunkIds: string[] = [];
  for (const hit of trace?.retrieval.hits ?? []) {
    if (!packedIds.has(hit.chunkId) && !retrievedChunkIds.includes(hit.chunkId)) retrievedChunkIds.push(hit.chunkId);
  }

  return {
    question: answer.question,
    searchQuery: trace?.searchQuery ?? answer.rewrittenQuery ?? answer.question,
    answer: answer.answer,
    mode: answer.mode,
    model: answer.mode === 'extractive' ? null : answer.model,
    collection: trace ? trace.collection : input.conversationCollection,
    language: trace?.language ?? input.settings.language,
    settings: {
      topK: trace?.retrieval.topK ?? input.settings.topK,
      temperature: trace?.model?.temperature ?? null,
      maxTokens: trace?.model?.maxTokens ?? null,
      contextSize: trace?.model?.contextSize ?? null,
    },
    sources,
    retrievedChunkIds,
    answeredAt: input.answeredAt,
    totalMs: answer.timings.totalMs,
  };
}

/** The source numbers the answer's text cites, or 'all' for an extractive answer. */
function citedSources(answer: Answer): Set<number> | 'all' {
  if (answer.mode === 'extractive') return 'all';
  if (answer.citationCheck) return new Set(answer.citationCheck.sentences.flatMap((s) => s.cited));
  return new Set(citedNumbers(answer.answer));
}
