import { describe, expect, it } from 'vitest';
import { formatFor, toOpenMetrics } from '../../../src-main/core/metrics/exposition';

describe('the exposition', () => {
  it('turns Prometheus text into OpenMetrics: counter families without _total, samples with, # EOF', () => {
    const text = [
      '# HELP rag_queries_total Questions answered.',
      '# TYPE rag_queries_total counter',
      'rag_queries_total{mode="extractive",status="complete"} 2',
      '',
      '# HELP analysis_progress Progress.',
      '# TYPE analysis_progress gauge',
      'analysis_progress 100',
      '',
    ].join('\n');
    expect(toOpenMetrics(text)).toBe(
      [
        '# HELP rag_queries Questions answered.',
        '# TYPE rag_queries counter',
        'rag_queries_total{mode="extractive",status="complete"} 2',
        '# HELP analysis_progress Progress.',
        '# TYPE analysis_progress gauge',
        'analysis_progress 100',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('speaks OpenMetrics only to a scraper that asks for it', () => {
    expect(formatFor(undefined)).toBe('prometheus');
    expect(formatFor('text/plain;version=0.0.4;q=0.3,*/*;q=0.2')).toBe('prometheus');
    expect(formatFor('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5')).toBe('openmetrics');
  });
});
