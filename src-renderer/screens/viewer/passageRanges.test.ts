import { describe, expect, it } from 'vitest';
import type { ChunkRecord, PageText } from '../../../src-shared/domain';
import { passageRange } from './passageRanges';

const pages: PageText[] = [
  { page: 1, text: 'Title\n\nFirst paragraph of page one. Second paragraph, cited, on page one.' },
  { page: 2, text: 'The passage goes on here. Then something else.' },
  { page: 3, text: 'Unrelated page.' },
];

function chunk(over: Partial<ChunkRecord>): ChunkRecord {
  return {
    id: 'c', documentId: 'd', ordinal: 0, text: '', pageStart: 1, pageEnd: 1, headingPath: [], charStart: 0, charEnd: 0,
    tokenCount: 1, blacklisted: false, whitelisted: false, satisfaction: null, ...over,
  };
}

describe('passageRange', () => {
  const start = pages[0].text.indexOf('Second');
  const end = pages[1].text.indexOf(' Then');
  const spanning = chunk({ text: `${pages[0].text.slice(start)}\n\n${pages[1].text.slice(0, end)}`, pageStart: 1, pageEnd: 2, charStart: start, charEnd: end });

  it('covers the chunk from its offset on its first page to its end offset on its last', () => {
    expect(passageRange(spanning, pages[0])).toEqual({ start, end: pages[0].text.length });
    expect(passageRange(spanning, pages[1])).toEqual({ start: 0, end });
    expect(passageRange(spanning, pages[2])).toBeNull();
  });

  it('finds the passage by its text when the stored offsets no longer match the page', () => {
    const stale = chunk({ text: 'Second paragraph, cited, on page one.', charStart: 0, charEnd: 10 });
    expect(passageRange(stale, pages[0])).toEqual({ start, end: pages[0].text.length });
  });
});
