/**
 * The conversation list grouped by the local day of each conversation's last activity: Today,
 * Yesterday, then one group per earlier date, newest first (the list arrives newest first).
 */
import type { Lang } from '../../../src-shared/errors';

export type DayKind = 'today' | 'yesterday' | 'earlier';

export interface DayGroup<T> {
  /** The local date, YYYY-MM-DD: a stable React key and test hook. */
  key: string;
  kind: DayKind;
  /** Midnight of that local day. */
  day: Date;
  items: T[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayKey = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());

export function groupByDay<T extends { updatedAt: string }>(items: readonly T[], now: Date): DayGroup<T>[] {
  const today = dayKey(now);
  const yesterday = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const groups: DayGroup<T>[] = [];
  const byKey = new Map<string, DayGroup<T>>();
  for (const item of items) {
    const at = new Date(item.updatedAt);
    // A date that does not parse (never expected) joins Today rather than vanishing.
    const when = Number.isNaN(at.getTime()) ? now : at;
    const key = dayKey(when);
    let group = byKey.get(key);
    if (!group) {
      group = { key, kind: key === today ? 'today' : key === yesterday ? 'yesterday' : 'earlier', day: midnight(when), items: [] };
      byKey.set(key, group);
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups.sort((a, b) => b.day.getTime() - a.day.getTime());
}

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** An earlier day's heading: "Thursday 3 December" this year, with the year before that. */
export function formatDayHeading(day: Date, lang: Lang, now: Date): string {
  const sameYear = day.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', year: sameYear ? undefined : 'numeric' }).format(day);
}

/** The time of day shown on each conversation (its group gives the date). */
export function formatTimeOfDay(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit' }).format(date);
}
