/**
 * Step 3 of an analysis run: which documents would read better if ingested again, and with what.
 * Pure: the run gathers the figures, this decides from them. A recommendation carries its reasons
 * (with the figures, for the UI to phrase) and the settings suggested for `library.reingest`.
 *
 * A document is advised when, among its chunks, the blacklisted share or the share of low-scored
 * chunks is high, when many of its OCR'd pages were read with low confidence, when its
 * post-ingestion checks failed, or when the judge said a passage of it was garbled. A document that
 * already has a recommendation about its current content (made after its last ingestion, whatever
 * became of it) is not advised again.
 */
import type { DocumentRecord } from '../../../src-shared/domain';
import type { Lang } from '../../../src-shared/errors';
import type { Recommendation, RecommendationReason, SuggestedReingest } from '../../../src-shared/quality';
import type { ChunkScoreRow } from './qualityStore';

export const BLACKLISTED_SHARE = 0.2;
export const LOW_SCORE_SHARE = 0.5;
export const LOW_OCR_SHARE = 0.25;
/** At least this many chunks behind a share-based reason: one bad chunk of four is not a pattern. */
const MIN_CHUNKS_FOR_SHARE = 2;
/** The passage size suggested when low scores suggest passages that mix topics. */
const SMALLER_CHUNKS = 0.6;
const MIN_CHUNK_SIZE = 300;

export interface AdviceInput {
  documents: readonly DocumentRecord[];
  /** Blacklisted chunks per document, after step 2. */
  blacklisted: ReadonlyMap<string, number>;
  scores: readonly ChunkScoreRow[];
  minVotes: number;
  threshold: number;
  /** Chunks the judge called garbled ("reingest"), per document. */
  judgeAdvice: ReadonlyMap<string, readonly string[]>;
  existing: readonly Recommendation[];
  /** The passage size setting (in the unit `library.reingest` takes), the base of a smaller suggestion. */
  chunkSize: number;
}

export interface Advice {
  documentId: string;
  documentTitle: string;
  reasons: RecommendationReason[];
  suggested: SuggestedReingest;
  /** Its worst chunks, to show the judge. */
  sampleChunkIds: string[];
}

export function computeReingestAdvice(input: AdviceInput): Advice[] {
  const scoresByDocument = new Map<string, ChunkScoreRow[]>();
  for (const s of input.scores) {
    if (s.votes < input.minVotes) continue;
    const list = scoresByDocument.get(s.documentId) ?? [];
    list.push(s);
    scoresByDocument.set(s.documentId, list);
  }
  const advisedAbout = new Map<string, string>();
  for (const r of input.existing) {
    if ((advisedAbout.get(r.documentId) ?? '') < r.createdAt) advisedAbout.set(r.documentId, r.createdAt);
  }

  const out: Advice[] = [];
  for (const doc of [...input.documents].sort((a, b) => a.id.localeCompare(b.id))) {
    if (doc.status !== 'ready') continue;
    const lastAdvice = advisedAbout.get(doc.id);
    if (lastAdvice && lastAdvice >= doc.updatedAt) continue;
    const reasons: RecommendationReason[] = [];
    const suggested: SuggestedReingest = {};

    const blacklisted = input.blacklisted.get(doc.id) ?? 0;
    if (doc.chunks > 0 && blacklisted >= MIN_CHUNKS_FOR_SHARE && blacklisted / doc.chunks >= BLACKLISTED_SHARE) {
      reasons.push({ code: 'blacklisted-share', params: { blacklisted, chunks: doc.chunks, share: round(blacklisted / doc.chunks) } });
    }

    const scored = scoresByDocument.get(doc.id) ?? [];
    const low = scored.filter((s) => s.score < input.threshold);
    if (low.length >= MIN_CHUNKS_FOR_SHARE && low.length / scored.length >= LOW_SCORE_SHARE) {
      reasons.push({ code: 'low-score-share', params: { low: low.length, scored: scored.length, share: round(low.length / scored.length) } });
      suggested.chunkSize = Math.max(MIN_CHUNK_SIZE, Math.round(input.chunkSize * SMALLER_CHUNKS));
    }

    if (doc.ocrPages > 0 && doc.lowConfidencePages.length > 0 && doc.lowConfidencePages.length / doc.ocrPages >= LOW_OCR_SHARE) {
      reasons.push({
        code: 'low-ocr-confidence',
        params: { pages: doc.lowConfidencePages.length, ocrPages: doc.ocrPages, list: doc.lowConfidencePages.slice(0, 10).join(', ') },
      });
      // Every page read by OCR, not only those without a text layer: a poor text layer is a common cause.
      if (doc.ocrMode !== 'always') suggested.ocr = 'always';
    }

    if (doc.validation && !doc.validation.ok) {
      const failed = doc.validation.checks.filter((c) => !c.ok).map((c) => c.name);
      reasons.push({ code: 'validation-failed', params: { checks: failed.join(', ') } });
      if (failed.includes('has-chunks') || failed.includes('no-empty-chunks')) suggested.ocr = 'always';
    }

    const garbled = input.judgeAdvice.get(doc.id) ?? [];
    if (garbled.length > 0) {
      reasons.push({ code: 'judge-advice', params: { chunks: garbled.length } });
      if (doc.ocrPages > 0 && doc.ocrMode !== 'always') suggested.ocr = 'always';
    }

    if (reasons.length === 0) continue;
    const sampleChunkIds = [...garbled, ...[...low].sort((a, b) => a.score - b.score).map((s) => s.chunkId)].filter((id, i, all) => all.indexOf(id) === i).slice(0, 3);
    out.push({ documentId: doc.id, documentTitle: doc.title, reasons, suggested, sampleChunkIds });
  }
  return out;
}

/** A reason in a sentence, for the judge's prompt and the audit log. */
export function describeReason(reason: RecommendationReason, lang: Lang): string {
  const p = reason.params;
  const pct = (v: unknown) => `${Math.round(Number(v) * 100)} %`;
  switch (reason.code) {
    case 'blacklisted-share':
      return lang === 'fr' ? `${p.blacklisted} passages sur ${p.chunks} sont écartés (${pct(p.share)})` : `${p.blacklisted} of ${p.chunks} passages are blacklisted (${pct(p.share)})`;
    case 'low-score-share':
      return lang === 'fr' ? `${p.low} passages notés sur ${p.scored} ont un score bas (${pct(p.share)})` : `${p.low} of ${p.scored} rated passages score low (${pct(p.share)})`;
    case 'low-ocr-confidence':
      return lang === 'fr' ? `${p.pages} pages sur ${p.ocrPages} lues par OCR avec une confiance faible (pages ${p.list})` : `${p.pages} of ${p.ocrPages} OCR'd pages read with low confidence (pages ${p.list})`;
    case 'validation-failed':
      return lang === 'fr' ? `contrôles après ingestion en échec : ${p.checks}` : `post-ingestion checks failed: ${p.checks}`;
    case 'judge-advice':
      return lang === 'fr' ? `le juge trouve ${p.chunks} passage(s) au texte abîmé` : `the judge found ${p.chunks} passage(s) with garbled text`;
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
