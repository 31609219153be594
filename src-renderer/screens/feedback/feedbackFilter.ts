/**
 * The Feedback screen's filters as a form (strings and booleans, as the controls hold them) and the
 * `FeedbackFilter` the core is sent. Dates are days in the person's time zone: "from" starts at that
 * day's midnight, "to" includes the whole day.
 */
import type { FeedbackFilter, Thumbs } from '../../../src-shared/feedback';

export interface FeedbackFilterForm {
  /** '' or '1'..'5'. */
  minRating: string;
  maxRating: string;
  thumbs: '' | Thumbs;
  /** YYYY-MM-DD (an <input type="date"> value) or ''. */
  from: string;
  to: string;
  collection: string;
  hasComment: boolean;
  hasCorrection: boolean;
  needsAttention: boolean;
  includeWithdrawn: boolean;
}

export const EMPTY_FILTER: Readonly<FeedbackFilterForm> = Object.freeze({
  minRating: '',
  maxRating: '',
  thumbs: '',
  from: '',
  to: '',
  collection: '',
  hasComment: false,
  hasCorrection: false,
  needsAttention: false,
  includeWithdrawn: false,
});

/** Rows asked of the core at most; the list is windowed, so this many still scroll smoothly. */
export const FEEDBACK_LIST_LIMIT = 5_000;

function parseDay(day: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  // Reject 2024-02-31 and the like (Date would roll them over).
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return [y, mo, d];
}

/** Local midnight at the start of the day, as ISO 8601. */
export function startOfDay(day: string): string | null {
  const p = parseDay(day);
  return p ? new Date(p[0], p[1] - 1, p[2]).toISOString() : null;
}

/** The last millisecond of the day, local time, as ISO 8601. */
export function endOfDay(day: string): string | null {
  const p = parseDay(day);
  return p ? new Date(new Date(p[0], p[1] - 1, p[2] + 1).getTime() - 1).toISOString() : null;
}

function rating(value: string): number | undefined {
  const n = Number(value);
  return value !== '' && Number.isInteger(n) && n >= 1 && n <= 5 ? n : undefined;
}

export interface FilterProblems {
  /** "to" is before "from". */
  dates?: true;
  /** Minimum rating above the maximum. */
  ratings?: true;
}

export function filterProblems(form: FeedbackFilterForm): FilterProblems {
  const problems: FilterProblems = {};
  const since = startOfDay(form.from);
  const until = endOfDay(form.to);
  if (since && until && since > until) problems.dates = true;
  const min = rating(form.minRating);
  const max = rating(form.maxRating);
  if (min !== undefined && max !== undefined && min > max) problems.ratings = true;
  return problems;
}

/** The filter sent to `feedback.list` and `feedback.export`: only what the form restricts. */
export function toFeedbackFilter(form: FeedbackFilterForm, limit?: number): FeedbackFilter {
  const filter: FeedbackFilter = {};
  const since = startOfDay(form.from);
  const until = endOfDay(form.to);
  if (since) filter.since = since;
  if (until) filter.until = until;
  const min = rating(form.minRating);
  const max = rating(form.maxRating);
  if (min !== undefined) filter.minRating = min;
  if (max !== undefined) filter.maxRating = max;
  if (form.thumbs) filter.thumbs = form.thumbs;
  if (form.collection) filter.collection = form.collection;
  // An unticked box means "either", not "without": only true is sent.
  if (form.hasComment) filter.hasComment = true;
  if (form.hasCorrection) filter.hasCorrection = true;
  if (form.needsAttention) filter.needsAttention = true;
  if (form.includeWithdrawn) filter.includeWithdrawn = true;
  if (limit !== undefined) filter.limit = limit;
  return filter;
}

/** How many filters the form sets (shown on the "Clear filters" button). */
export function activeFilterCount(form: FeedbackFilterForm): number {
  return (Object.keys(EMPTY_FILTER) as Array<keyof FeedbackFilterForm>).filter((k) => form[k] !== EMPTY_FILTER[k]).length;
}
