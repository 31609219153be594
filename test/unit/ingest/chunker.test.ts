import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../src-main/core/ingest/chunker';
import { extractMarkdown } from '../../../src-main/core/ingest/extract/markdown';
import { extractText } from '../../../src-main/core/ingest/extract/text';
import type { TextBlock } from '../../../src-main/core/ingest/extract/types';

const enc = (s: string) => new TextEncoder().encode(s);
const sentence = (i: number) => `Phrase numéro ${i} qui parle du phare et de la mer.`;

describe('chunkDocument', () => {
  it('keeps short paragraphs whole and packs them up to the size', () => {
    const doc = extractText(enc('Titre\n\n' + Array.from({ length: 10 }, (_, i) => sentence(i)).join('\n\n')));
    const chunks = chunkDocument(doc.pages, doc.blocks, { chunkSize: 200, chunkOverlap: 0 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(200);
      // Never a paragraph cut in the middle: every chunk ends at the end of a sentence.
      expect(c.text.trim().endsWith('.')).toBe(true);
    }
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
  });

  it('cuts a long paragraph at sentence ends, with overlap of whole sentences', () => {
    const paragraph = Array.from({ length: 30 }, (_, i) => sentence(i)).join(' ');
    const doc = extractText(enc(paragraph));
    const chunks = chunkDocument(doc.pages, doc.blocks, { chunkSize: 300, chunkOverlap: 120 });
    expect(chunks.length).toBeGreaterThan(3);
    for (let i = 1; i < chunks.length; i++) {
      const firstSentence = chunks[i].text.split('. ')[0] + '.';
      // The next chunk starts with a sentence the previous one ended with.
      expect(chunks[i - 1].text).toContain(firstSentence);
      expect(chunks[i].text.length).toBeLessThanOrEqual(300);
    }
    const all = chunks.map((c) => c.text).join(' ');
    for (let i = 0; i < 30; i++) expect(all).toContain(sentence(i));
  });

  it('cuts a sentence longer than a chunk at spaces', () => {
    const long = Array.from({ length: 200 }, (_, i) => `mot${i}`).join(' ');
    const doc = extractText(enc(long));
    const chunks = chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 0 });
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(100);
    expect(chunks.map((c) => c.text).join(' ')).toBe(long);
  });

  it('starts a chunk at each heading and records the heading path', () => {
    const doc = extractMarkdown(enc('# Manuel\n\nIntro.\n\n## Installation\n\nCopiez.\n\n### Linux\n\nLancez.\n\n## Usage\n\nDéposez.\n'));
    const chunks = chunkDocument(doc.pages, doc.blocks, { chunkSize: 1000, chunkOverlap: 100 });
    expect(chunks.map((c) => c.headingPath)).toEqual([['Manuel'], ['Manuel', 'Installation'], ['Manuel', 'Installation', 'Linux'], ['Manuel', 'Usage']]);
    expect(chunks[1].text).toBe('## Installation\n\nCopiez.');
  });

  it('gives offsets into the page text, and page spans across pages', () => {
    const pages = [
      { page: 1, text: 'Premier paragraphe.\n\nFin de la page un.' },
      { page: 2, text: 'Début de la page deux.' },
    ];
    const blocks: TextBlock[] = [
      { page: 1, start: 0, end: 19, kind: 'paragraph', headingPath: [] },
      { page: 1, start: 21, end: 39, kind: 'paragraph', headingPath: [] },
      { page: 2, start: 0, end: 22, kind: 'paragraph', headingPath: [] },
    ];
    const [chunk] = chunkDocument(pages, blocks, { chunkSize: 500, chunkOverlap: 0 });
    expect(chunk).toMatchObject({ pageStart: 1, pageEnd: 2, charStart: 0, charEnd: 22 });
    expect(chunk.text).toBe('Premier paragraphe.\n\nFin de la page un.\n\nDébut de la page deux.');
    expect(chunk.tokenCount).toBeGreaterThan(0);
  });

  it('returns nothing for a document without text', () => {
    expect(chunkDocument([{ page: 1, text: '' }], [], { chunkSize: 500, chunkOverlap: 50 })).toEqual([]);
  });
});
