/**
 * A FeedbackFilter as a LanceDB filter over the `feedback` table's columns. Every value taken from the
 * filter goes through store/sqlFilter.ts (strings) or is a validated integer or boolean.
 *
 * Dates filter on `updatedAt` (when the feedback was last given or changed), which is also the list's
 * order. A bare day (`2026-12-07`) means that day in local time, the way a person types it: `since`
 * from its first instant, `until` through its last.
 */
import type { FeedbackFilter } from '../../../src-shared/feedback';
import { sqlAnd, sqlColumn, sqlEquals, sqlString } from '../store/sqlFilter';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a filter date stands for; `endOfDay` moves a bare day to the start of the next one. */
export function filterInstant(value: string, endOfDay = false): string {
  const day = DAY.exec(value.trim());
  if (day) {
    const date = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + (endOfDay ? 1 : 0));
    return date.toISOString();
  }
  return new Date(value).toISOString();
}

export function feedbackWhere(filter: FeedbackFilter): string | undefined {
  const bool = (column: string, value: boolean | undefined) => (value === undefined ? undefined : `${sqlColumn(column)} = ${value ? 'true' : 'false'}`);
  const until = filter.until === undefined ? undefined : filterInstant(filter.until, true);
  return sqlAnd(
    filter.includeWithdrawn ? undefined : `${sqlColumn('withdrawn')} = false`,
    filter.since === undefined ? undefined : `${sqlColumn('updatedAt')} >= ${sqlString(filterInstant(filter.since))}`,
    // A bare day includes itself (up to the next day, excluded); an instant is included as given.
    until === undefined ? undefined : `${sqlColumn('updatedAt')} ${DAY.test(filter.until!.trim()) ? '<' : '<='} ${sqlString(until)}`,
    filter.minRating === undefined ? undefined : `${sqlColumn('rating')} >= ${Math.trunc(filter.minRating)}`,
    filter.maxRating === undefined ? undefined : `${sqlColumn('rating')} <= ${Math.trunc(filter.maxRating)}`,
    filter.thumbs === undefined ? undefined : sqlEquals('thumbs', filter.thumbs),
    // An empty name is the whole library, as in the conversations' collection picker.
    filter.collection === undefined ? undefined : filter.collection === '' ? `${sqlColumn('collection')} IS NULL` : sqlEquals('collection', filter.collection),
    bool('hasComment', filter.hasComment),
    bool('hasCorrection', filter.hasCorrection),
    bool('needsAttention', filter.needsAttention),
  );
}
