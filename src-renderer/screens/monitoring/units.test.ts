import { describe, expect, it } from 'vitest';
import { formatSeconds, formatShare, formatTick, formatTime, formatValue, rangeOf, resolutionMs } from './units';

const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('figures in their unit', () => {
  it('writes seconds as ms under a second, seconds, then minutes', () => {
    expect(formatSeconds(0.085, 'en')).toBe('85 ms');
    expect(formatSeconds(0.0042, 'en')).toBe('4.2 ms');
    expect(formatSeconds(1.234, 'en')).toBe('1.23 s');
    expect(formatSeconds(1.234, 'fr')).toBe('1,23 s');
    expect(formatSeconds(12.34, 'en')).toBe('12.3 s');
    expect(formatSeconds(150, 'en')).toBe('2.5 min');
    expect(formatSeconds(0, 'fr')).toBe('0 s');
  });

  it('writes shares as percentages, French with its space before %', () => {
    expect(formatShare(0.25, 'en')).toBe('25%');
    expect(nb(formatShare(0.25, 'fr'))).toBe('25 %');
    expect(formatShare(0.054, 'en')).toBe('5.4%');
  });

  it('writes bytes with French units in French', () => {
    expect(formatValue(1_500_000, 'bytes', 'en')).toBe('1.5 MB');
    expect(formatValue(1_500_000, 'bytes', 'fr')).toBe('1,5 Mo');
  });

  it('writes ratings, speeds and counts', () => {
    expect(formatValue(3.456, 'rating', 'en')).toBe('3.46 / 5');
    expect(formatValue(3.456, 'rating', 'fr')).toBe('3,46 / 5');
    expect(formatValue(123.4, 'tokensPerSecond', 'en')).toBe('123 tok/s');
    expect(formatValue(4.25, 'tokensPerSecond', 'en')).toBe('4.3 tok/s');
    expect(nb(formatValue(12345, 'count', 'fr'))).toBe('12 345');
    expect(formatValue(12345, 'count', 'en')).toBe('12,345');
  });

  it('shows a dash for no value, never NaN', () => {
    expect(formatValue(null, 'seconds', 'en')).toBe('—');
    expect(formatValue(Number.NaN, 'count', 'en')).toBe('—');
    expect(formatValue(undefined, 'share', 'fr')).toBe('—');
  });

  it('keeps axis ticks short', () => {
    expect(formatTick(2, 'rating', 'en')).toBe('2');
    expect(formatTick(0.5, 'count', 'fr')).toBe('0,5');
    expect(formatTick(0.2, 'seconds', 'en')).toBe('200 ms');
  });
});

describe('ranges and times', () => {
  it('has one point a minute up to 24 h and one an hour beyond', () => {
    expect(resolutionMs('1h')).toBe(60_000);
    expect(resolutionMs('24h')).toBe(60_000);
    expect(resolutionMs('7d')).toBe(3_600_000);
    expect(resolutionMs('30d')).toBe(3_600_000);
    expect(rangeOf('30d')).toBe(30 * 86_400_000);
  });

  it('writes the clock for short ranges and the day for long ones, in each language', () => {
    const at = new Date(2025, 2, 14, 9, 5).getTime();
    expect(formatTime(at, '1h', 'en', 'tick')).toBe('09:05');
    expect(formatTime(at, '24h', 'fr', 'tick')).toBe('09:05');
    expect(formatTime(at, '30d', 'en', 'tick')).toBe('14 Mar');
    expect(formatTime(at, '30d', 'fr', 'tick')).toBe('14 mars');
    expect(formatTime(at, '7d', 'fr', 'row')).toMatch(/^14 mars.*09:05$/);
    expect(formatTime(at, '24h', 'en', 'row')).toMatch(/^Fri.*09:05$/);
  });
});
