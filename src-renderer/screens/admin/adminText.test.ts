import { describe, expect, it } from 'vitest';
import { methods } from '../../../src-shared/contract';
import { cellText, dataLine, EMPTY_LOG_FILTER, knownSources, localToIso, logsInput } from './adminText';

describe('log filters to a logs.list request', () => {
  it('sends only the filters that are set, and the contract accepts it', () => {
    expect(logsInput(EMPTY_LOG_FILTER)).toEqual({ limit: 2000 });
    const input = logsInput({ level: 'warn', source: ' quality ', since: '2025-03-14T09:30', query: ' timeout ' });
    expect(input).toMatchObject({ level: 'warn', source: 'quality', query: 'timeout' });
    expect(input.since).toBe(new Date(2025, 2, 14, 9, 30).toISOString());
    expect(methods['logs.list'].input.safeParse(input).success).toBe(true);
  });

  it('ignores a date that is not one and cuts text to the contract’s limits', () => {
    expect(localToIso('not a date')).toBeNull();
    expect(localToIso('')).toBeNull();
    const input = logsInput({ ...EMPTY_LOG_FILTER, since: 'garbage', query: 'x'.repeat(600) });
    expect(input.since).toBeUndefined();
    expect(input.query).toHaveLength(500);
    expect(methods['logs.list'].input.safeParse(input).success).toBe(true);
  });

  it('suggests the sources seen with the usual ones, once each, sorted', () => {
    expect(knownSources([{ source: 'watch' }, { source: 'core' }, { source: '' }], ['core', 'chat'])).toEqual(['chat', 'core', 'watch']);
  });

  it('writes an entry’s extra fields on one line', () => {
    expect(dataLine({ jobId: 'j1', files: 3, error: { code: 'X' } })).toBe('jobId=j1 files=3 error={"code":"X"}');
    expect(dataLine({})).toBe('');
  });
});

describe('analytics cells', () => {
  it('writes numbers in the language without grouping, null as a dash', () => {
    expect(cellText(12345.5, 'en')).toBe('12345.5');
    expect(cellText(12345.5, 'fr')).toBe('12345,5');
    expect(cellText(null, 'en')).toBe('—');
    expect(cellText(true, 'fr')).toBe('true');
    expect(cellText('<b>x</b>', 'en')).toBe('<b>x</b>');
  });
});
