import { describe, expect, it } from 'vitest';
import { formatParam, formatParams, histogramBars, isScheduleTime, missingPlaceholders, modelName, SHARE_PARAMS } from './qualityText';

const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('quality figures as people read them', () => {
  it('formats shares, rates and confidences as percentages in each language', () => {
    expect(formatParam('share', 0.25, 'en')).toBe('25%');
    expect(nb(formatParam('share', 0.255, 'fr'))).toBe('25,5 %');
    expect(formatParam('successRate', 80, 'en')).toBe('80%');
    expect(formatParam('meanConfidence', 71.4, 'en')).toBe('71%');
  });

  it('formats averages and thresholds with decimals, durations and sizes by their unit', () => {
    expect(formatParam('average', 2.3456, 'en')).toBe('2.35');
    expect(formatParam('average', 2.5, 'fr')).toBe('2,5');
    expect(formatParam('p95Ms', 1500, 'en')).toBe('1.5 s');
    expect(formatParam('freeBytes', 2_500_000_000, 'en')).toBe('2.5 GB');
    expect(formatParam('count', 12, 'en')).toBe('12');
  });

  it('treats a code’s threshold as a share when that code compares shares', () => {
    expect(formatParam('threshold', 0.8, 'en')).toBe('0.8');
    expect(formatParam('threshold', 0.8, 'en', SHARE_PARAMS['low-ingest-success'])).toBe('80%');
  });

  it('formats ISO dates as dates and leaves other strings alone', () => {
    expect(formatParam('startedAt', '2025-03-01T10:00:00.000Z', 'en')).toMatch(/2025/);
    expect(formatParam('checks', 'findable', 'en')).toBe('findable');
    expect(formatParams({ a: 'x', share: 0.5 }, 'en')).toEqual({ a: 'x', share: '50%' });
  });

  it('finds the placeholders a sentence needs that the params do not give', () => {
    expect(missingPlaceholders('Average {{average}} under {{ threshold }} ({{average}})', { average: '2' })).toEqual(['threshold']);
    expect(missingPlaceholders('No figure', {})).toEqual([]);
  });

  it('checks the schedule time as HH:MM', () => {
    expect(['00:00', '03:00', '23:59'].every(isScheduleTime)).toBe(true);
    expect(['3:00', '24:00', '12:60', '12:00:00', ''].some(isScheduleTime)).toBe(false);
  });

  it('scales the histogram bars to the largest', () => {
    expect(histogramBars([0, 2, 4, 1, 0]).map((b) => b.ofMax)).toEqual([0, 50, 100, 25, 0]);
    expect(histogramBars([0, 0, 0, 0, 0]).every((b) => b.ofMax === 0)).toBe(true);
    expect(histogramBars([1, 0, 0, 0, 3])[4]).toEqual({ rating: 5, count: 3, ofMax: 100 });
  });

  it('names a judge model by its file, a remote one whole', () => {
    expect(modelName('/home/a/models/qwen2.5-3b-q4_k_m.gguf')).toBe('qwen2.5-3b-q4_k_m.gguf');
    expect(modelName('C:\\models\\mistral.gguf')).toBe('mistral.gguf');
    expect(modelName('remote:ollama/llama3')).toBe('remote:ollama/llama3');
  });
});
