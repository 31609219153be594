import { describe, expect, it } from 'vitest';
import { formatDayHeading, formatTimeOfDay, groupByDay } from './conversationDays';

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).toISOString();

describe('groupByDay', () => {
  const now = new Date(2026, 11, 7, 9, 30);

  it('puts conversations under Today, Yesterday and each earlier local date, newest first', () => {
    const list = [
      { id: 'a', updatedAt: at(2026, 12, 7, 9, 0) },
      { id: 'b', updatedAt: at(2026, 12, 7, 0, 1) },
      { id: 'c', updatedAt: at(2026, 12, 6, 23, 59) },
      { id: 'd', updatedAt: at(2026, 12, 3) },
      { id: 'e', updatedAt: at(2026, 12, 3, 8) },
      { id: 'f', updatedAt: at(2025, 11, 20) },
    ];
    const groups = groupByDay(list, now);
    expect(groups.map((g) => [g.kind, g.key, g.items.map((i) => i.id).join('')])).toEqual([
      ['today', '2026-12-07', 'ab'],
      ['yesterday', '2026-12-06', 'c'],
      ['earlier', '2026-12-03', 'de'],
      ['earlier', '2025-11-20', 'f'],
    ]);
  });

  it('finds yesterday across a month and a year boundary', () => {
    const newYear = new Date(2027, 0, 1, 10);
    const groups = groupByDay([{ updatedAt: at(2026, 12, 31, 22) }, { updatedAt: at(2026, 12, 30) }], newYear);
    expect(groups.map((g) => g.kind)).toEqual(['yesterday', 'earlier']);
  });

  it('returns no group for no conversation', () => {
    expect(groupByDay([], now)).toEqual([]);
  });
});

describe('formatting', () => {
  const now = new Date(2026, 11, 7);
  it('names an earlier day in the UI language, with the year only when it differs', () => {
    expect(formatDayHeading(new Date(2026, 11, 3), 'en', now)).toBe('Thursday 3 December');
    expect(formatDayHeading(new Date(2026, 11, 3), 'fr', now)).toBe('jeudi 3 décembre');
    expect(formatDayHeading(new Date(2025, 10, 20), 'en', now)).toBe('Thursday, 20 November 2025');
  });
  it('shows the time of day on 24 hours', () => {
    expect(formatTimeOfDay(at(2026, 12, 7, 14, 5), 'en')).toBe('14:05');
    expect(formatTimeOfDay(at(2026, 12, 7, 14, 5), 'fr')).toBe('14:05');
  });
});
