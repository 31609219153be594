/**
 * The feedback form of one answer, as pure data: what is on screen (the draft), how it is made from
 * the stored feedback, what `feedback.submit` is sent (the whole state: it replaces the earlier
 * version), whether it differs from what is saved, and what would make the core refuse it.
 */
import type { Answer } from '../../../src-shared/domain';
import { FEEDBACK_COMMENT_MAX_CHARS, FEEDBACK_CORRECTION_MAX_CHARS, type Feedback, type FeedbackInput, type Thumbs } from '../../../src-shared/feedback';
import { splitCitations } from '../../lib/citations';

export interface FeedbackDraft {
  thumbs: Thumbs | null;
  rating: number | null;
  comment: string;
  correction: string;
  /** Numbers of the answer's sources marked as wrong for this question, ascending. */
  wrongSources: number[];
}

export const EMPTY_DRAFT: Readonly<FeedbackDraft> = Object.freeze({ thumbs: null, rating: null, comment: '', correction: '', wrongSources: [] });

/** The form showing a stored feedback (or an empty one when there is none, or it was withdrawn). */
export function draftOf(feedback: Pick<Feedback, 'thumbs' | 'rating' | 'comment' | 'correction' | 'wrongSources' | 'withdrawn'> | null): FeedbackDraft {
  if (!feedback || feedback.withdrawn) return { ...EMPTY_DRAFT, wrongSources: [] };
  return {
    thumbs: feedback.thumbs,
    rating: feedback.rating,
    comment: feedback.comment ?? '',
    correction: feedback.correction ?? '',
    wrongSources: [...feedback.wrongSources].sort((a, b) => a - b),
  };
}

/** Text fields are sent trimmed; an empty one is sent as null (the core then stores no comment). */
function textOrNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed ? trimmed : null;
}

export function inputOf(messageId: string, draft: FeedbackDraft): FeedbackInput {
  return {
    messageId,
    thumbs: draft.thumbs,
    rating: draft.rating,
    comment: textOrNull(draft.comment),
    correction: textOrNull(draft.correction),
    wrongSources: [...new Set(draft.wrongSources)].sort((a, b) => a - b),
  };
}

/** Whether the form says something other than what is saved (texts compared as they would be sent). */
export function isDirty(draft: FeedbackDraft, saved: FeedbackDraft): boolean {
  return (
    draft.thumbs !== saved.thumbs ||
    draft.rating !== saved.rating ||
    textOrNull(draft.comment) !== textOrNull(saved.comment) ||
    textOrNull(draft.correction) !== textOrNull(saved.correction) ||
    draft.wrongSources.length !== saved.wrongSources.length ||
    draft.wrongSources.some((n, i) => saved.wrongSources[i] !== n)
  );
}

export interface DraftProblems {
  /** Neither a thumbs nor a rating: the loop needs a direction. */
  direction?: true;
  comment?: { max: number };
  correction?: { max: number };
}

export function validateDraft(draft: FeedbackDraft): DraftProblems {
  const problems: DraftProblems = {};
  if (draft.thumbs === null && draft.rating === null) problems.direction = true;
  if (draft.comment.trim().length > FEEDBACK_COMMENT_MAX_CHARS) problems.comment = { max: FEEDBACK_COMMENT_MAX_CHARS };
  if (draft.correction.trim().length > FEEDBACK_CORRECTION_MAX_CHARS) problems.correction = { max: FEEDBACK_CORRECTION_MAX_CHARS };
  return problems;
}

export function hasProblems(problems: DraftProblems): boolean {
  return Object.keys(problems).length > 0;
}

/** Marks source `n` as wrong, or clears the mark. */
export function toggleWrongSource(draft: FeedbackDraft, n: number): FeedbackDraft {
  const marked = draft.wrongSources.includes(n);
  const wrongSources = marked ? draft.wrongSources.filter((x) => x !== n) : [...draft.wrongSources, n].sort((a, b) => a - b);
  return { ...draft, wrongSources };
}

/**
 * A click on a thumb: it is set, or cleared when it was already the one pressed. Returns what to do
 * next: submit the new state, or withdraw (nothing would be left to give the answer a direction).
 */
export function clickThumb(draft: FeedbackDraft, thumbs: Thumbs): { draft: FeedbackDraft; action: 'submit' | 'withdraw' } {
  const next: FeedbackDraft = { ...draft, thumbs: draft.thumbs === thumbs ? null : thumbs };
  return { draft: next, action: next.thumbs === null && next.rating === null ? 'withdraw' : 'submit' };
}

/**
 * The source numbers an answer cites: those its text refers to with [n]; an extractive answer shows
 * (so cites) every source it lists.
 */
export function citedSources(answer: Pick<Answer, 'answer' | 'mode' | 'sources'>): Set<number> {
  const numbers = new Set(answer.sources.map((s) => s.n));
  if (answer.mode === 'extractive') return numbers;
  const cited = new Set<number>();
  for (const part of splitCitations(answer.answer, numbers)) if (part.kind === 'cite') cited.add(part.n);
  return cited;
}
