import { describe, expect, it } from 'vitest';
import { lastSlotAtOrBefore, nextSlotAfter, parseScheduleTime } from '../../../src-main/core/dailyJob';
import { missedSlot } from '../../../src-main/core/quality/qualitySchedule';

const at = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m - 1, d, h, min).getTime();

describe('the daily schedule', () => {
  it('reads HH:MM', () => {
    expect(parseScheduleTime('03:00')).toEqual({ hour: 3, minute: 0 });
    expect(() => parseScheduleTime('3h')).toThrow();
  });

  it('finds the last and the next slot in local time', () => {
    expect(lastSlotAtOrBefore(at(2026, 12, 7, 4, 0), '03:00').getTime()).toBe(at(2026, 12, 7, 3, 0));
    expect(lastSlotAtOrBefore(at(2026, 12, 7, 2, 59), '03:00').getTime()).toBe(at(2026, 12, 6, 3, 0));
    expect(lastSlotAtOrBefore(at(2026, 12, 7, 3, 0), '03:00').getTime()).toBe(at(2026, 12, 7, 3, 0));
    expect(nextSlotAfter(at(2026, 12, 7, 3, 0), '03:00').getTime()).toBe(at(2026, 12, 8, 3, 0));
    expect(nextSlotAfter(at(2026, 12, 31, 23, 30), '23:45').getTime()).toBe(at(2026, 12, 31, 23, 45));
  });

  it('calls a slot missed when no run started after it and the library existed before it', () => {
    const since = at(2026, 12, 1, 12, 0);
    // Laptop closed from the 5th to the 7th at 09:00: the 7th's 03:00 run was missed.
    expect(missedSlot(at(2026, 12, 7, 9, 0), '03:00', since, at(2026, 12, 5, 3, 0))?.getTime()).toBe(at(2026, 12, 7, 3, 0));
    // A run (of any kind) after the slot: nothing missed.
    expect(missedSlot(at(2026, 12, 7, 9, 0), '03:00', since, at(2026, 12, 7, 8, 0))).toBeNull();
    // A library made after the slot has nothing to catch up.
    expect(missedSlot(at(2026, 12, 1, 13, 0), '03:00', since, null)).toBeNull();
    expect(missedSlot(at(2026, 12, 2, 13, 0), '03:00', since, null)?.getTime()).toBe(at(2026, 12, 2, 3, 0));
  });
});
