import { describe, expect, it } from 'vitest';
import { chunkDocument, type ChunkMeasure } from '../../../src-main/core/ingest/chunker';
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

  it('never goes below the smallest chunk size, and overlaps at most half a chunk', () => {
    const doc = extractText(enc('Un deux trois. Quatre cinq six. Sept huit neuf. Dix onze douze. Treize quatorze.'));
    // A size of 10 characters is taken as 50: three sentences (47 characters) fit, a fourth does not.
    const small = chunkDocument(doc.pages, doc.blocks, { chunkSize: 10, chunkOverlap: 0 });
    expect(small.map((c) => [c.text, c.charStart, c.charEnd, c.tokenCount])).toEqual([
      ['Un deux trois. Quatre cinq six. Sept huit neuf.', 0, 47, 12],
      ['Dix onze douze. Treize quatorze.', 48, 80, 8],
    ]);
    // An overlap of 1000 at a size of 60 is cut to 30: one sentence (16), not two (33).
    const overlapping = chunkDocument(doc.pages, doc.blocks, { chunkSize: 60, chunkOverlap: 1000 });
    expect(overlapping.map((c) => c.text)).toEqual(['Un deux trois. Quatre cinq six. Sept huit neuf.', 'Sept huit neuf. Dix onze douze. Treize quatorze.']);
  });

  it('packs paragraphs exactly up to the size, the blank lines between them counted', () => {
    const doc = extractText(enc('Titre\n\n' + Array.from({ length: 10 }, (_, i) => sentence(i)).join('\n\n')));
    const chunks = chunkDocument(doc.pages, doc.blocks, { chunkSize: 200, chunkOverlap: 0 });
    // Four 48-character paragraphs and their three blank lines make 198: the first chunk, with the title, holds three.
    expect(chunks.map((c) => [c.charStart, c.charEnd, c.text.length, c.tokenCount])).toEqual([
      [0, 155, 155, 39],
      [157, 355, 198, 50],
      [357, 505, 148, 37],
    ]);
    expect(chunks[1].text).toBe([3, 4, 5, 6].map(sentence).join('\n\n'));
    expect(chunks.map((c) => c.headingPath)).toEqual([['Titre'], ['Titre'], ['Titre']]);
  });

  it('keeps a paragraph whole for the next chunk when this one is at least half full, else fills it', () => {
    const paragraph = 'Une phrase de vingt-huit car. '.repeat(4).trim();
    // 21 characters of 100: the paragraph's first two sentences join the short one.
    let doc = extractText(enc('Court paragraphe ici.\n\n' + paragraph));
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 0 }).map((c) => c.text)).toEqual([
      'Court paragraphe ici.\n\nUne phrase de vingt-huit car. Une phrase de vingt-huit car.',
      'Une phrase de vingt-huit car. Une phrase de vingt-huit car.',
    ]);
    // 50 characters of 100, half full: the paragraph starts the next chunk.
    doc = extractText(enc('Un paragraphe de cinquante caractères, tout juste.\n\n' + paragraph));
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 0 }).map((c) => c.text)[0]).toBe('Un paragraphe de cinquante caractères, tout juste.');
    // 57 characters of 100: the same.
    doc = extractText(enc('Un paragraphe bien plus long que la moitié du chunk, oui.\n\n' + paragraph));
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 0 }).map((c) => [c.text, c.charStart])).toEqual([
      ['Un paragraphe bien plus long que la moitié du chunk, oui.', 0],
      ['Une phrase de vingt-huit car. Une phrase de vingt-huit car. Une phrase de vingt-huit car.', 59],
      ['Une phrase de vingt-huit car.', 149],
    ]);
  });

  it('keeps a one-sentence paragraph that fits exactly in the chunk, the text between the paragraphs counted once', () => {
    const paragraph = (n: number, c: string) => c.toUpperCase() + c.repeat(n - 2) + '.';
    const texts = (text: string) => {
      const doc = extractText(enc(text));
      return chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 0 }).map((c) => c.text);
    };
    // 60 + 2 + 38 = 100: the second paragraph fits exactly and stays; 60 + 2 + 39 = 101 does not.
    expect(texts(`${paragraph(60, 'a')}\n\n${paragraph(38, 'b')}`)).toEqual([`${paragraph(60, 'a')}\n\n${paragraph(38, 'b')}`]);
    expect(texts(`${paragraph(60, 'a')}\n\n${paragraph(39, 'b')}`)).toEqual([paragraph(60, 'a'), paragraph(39, 'b')]);
    // Paragraphs a single line break apart (blocks an extractor made): the chunk holds that one character, 60 + 1 + 39 = 100.
    const page = { page: 1, text: `${paragraph(60, 'a')}\n${paragraph(39, 'b')}` };
    const block = (start: number, end: number): TextBlock => ({ page: 1, start, end, kind: 'paragraph', headingPath: [] });
    expect(chunkDocument([page], [block(0, 60), block(61, 100)], { chunkSize: 100, chunkOverlap: 0 }).map((c) => c.text)).toEqual([page.text]);
  });

  it('measures a paragraph cut into sentences as its sentences and one space between each', () => {
    // 50 characters, then a paragraph longer than a chunk only by the run of spaces between its two sentences.
    const first = 'Un paragraphe de cinquante caractères, tout juste.';
    const texts = (a: number) => {
      const doc = extractText(enc(`${first}\n\n${'A'.repeat(a - 1)}.${' '.repeat(60)}${'B'.repeat(26)}.`));
      return chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 0 }).map((c) => c.text);
    };
    // 20 + 1 + 27 = 48: with the blank line, 50 + 2 + 48 = 100 fits, and the paragraph starts in the first chunk.
    expect(texts(20)).toEqual([`${first}\n\n${'A'.repeat(19)}.`, `${'B'.repeat(26)}.`]);
    // 21 + 1 + 27 = 49: 101 does not fit, and the chunk is half full: the paragraph starts the next one.
    expect(texts(21)).toEqual([first, `${'A'.repeat(20)}.`, `${'B'.repeat(26)}.`]);
  });

  it('drops the whole overlap when it leaves no room, even when a shorter one would fit', () => {
    const doc = extractText(enc(`${'A'.repeat(19)}. ${'B'.repeat(19)}. ${'C'.repeat(69)}.`));
    // 20 + 1 + 20 + 1 = 42 of an overlap of 50; 20 + 1 + 20 + 1 + 70 = 112 of 100: no overlap at all, not "B".
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 50 }).map((c) => c.text)).toEqual([
      `${'A'.repeat(19)}. ${'B'.repeat(19)}.`,
      `${'C'.repeat(69)}.`,
    ]);
  });

  it('cuts a sentence at spaces into pieces of at most a chunk, each piece starting after the spaces', () => {
    // 99 + 1 + 59 + 1 + 40 = 200: cut after the 99 (at the space), the remaining 100 is one piece of exactly the size.
    const long = `${'a'.repeat(99)} ${'b'.repeat(59)} ${'c'.repeat(39)}.`;
    const doc = extractText(enc(`${long}\n\nFin.`));
    const chunks = chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 50 });
    // The 100-character piece is one unit: too long to overlap (cut in two, its last 40 would be), so "Fin." starts the next chunk alone.
    expect(chunks.map((c) => [c.text, c.charStart, c.charEnd])).toEqual([
      ['a'.repeat(99), 0, 99],
      [`${'b'.repeat(59)} ${'c'.repeat(39)}.`, 100, 200],
      ['Fin.', 202, 206],
    ]);
  });

  it('trims the spaces around the sentences of a block larger than a chunk, and makes nothing of a block of spaces', () => {
    const block = (start: number, end: number): TextBlock => ({ page: 1, start, end, kind: 'paragraph', headingPath: [] });
    const text = `   ${'A'.repeat(39)}. ${'B'.repeat(39)}.   `;
    expect(chunkDocument([{ page: 1, text }], [block(0, text.length)], { chunkSize: 50, chunkOverlap: 0 }).map((c) => [c.text, c.charStart, c.charEnd])).toEqual([
      [`${'A'.repeat(39)}.`, 3, 43],
      [`${'B'.repeat(39)}.`, 44, 84],
    ]);
    // Sixty spaces (more than a chunk), then a paragraph: the chunk starts at the paragraph, not in the spaces.
    const spaces = `${' '.repeat(60)}\n\nTexte.`;
    expect(chunkDocument([{ page: 1, text: spaces }], [block(0, 60), block(62, 68)], { chunkSize: 50, chunkOverlap: 0 }).map((c) => [c.text, c.charStart])).toEqual([['Texte.', 62]]);
  });

  it('gives no text for a block on a page that is not there', () => {
    const block: TextBlock = { page: 2, start: 0, end: 7, kind: 'paragraph', headingPath: [] };
    // (Today an empty chunk with the block's offsets; what matters here is that no text comes from elsewhere.)
    expect(chunkDocument([{ page: 1, text: 'Texte.' }], [block], { chunkSize: 50, chunkOverlap: 0 }).map((c) => c.text).join('')).toBe('');
  });

  it('records the size in the measure given as the token count when it counts tokens', () => {
    const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
    const measure: ChunkMeasure = { unit: 'tokens', size: words, gap: () => 0, charsPerUnit: (t) => t.length / Math.max(1, words(t)) };
    const doc = extractText(enc('Un deux trois.\n\nQuatre cinq.'));
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 16, chunkOverlap: 0 }, measure).map((c) => [c.text, c.tokenCount])).toEqual([['Un deux trois.\n\nQuatre cinq.', 5]]);
  });

  it('cuts a word longer than a chunk', () => {
    const doc = extractText(enc('a'.repeat(120) + ' fin'));
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 50, chunkOverlap: 0 }).map((c) => [c.text, c.charStart, c.charEnd])).toEqual([
      ['a'.repeat(50), 0, 50],
      ['a'.repeat(50), 50, 100],
      ['a'.repeat(20) + ' fin', 100, 124],
    ]);
  });

  it('keeps the headings with the text under them, overlapping whole sentences of the section only', () => {
    const doc = extractMarkdown(enc('# Titre\n\n## Partie\n\n' + 'Alpha beta gamma. '.repeat(8).trim() + '\n\nFin.\n\n## Suite\n\nDelta epsilon.'));
    const chunks = chunkDocument(doc.pages, doc.blocks, { chunkSize: 60, chunkOverlap: 20 });
    expect(chunks.map((c) => [c.text, c.charStart, c.charEnd, c.headingPath])).toEqual([
      ['# Titre\n\n## Partie\n\nAlpha beta gamma. Alpha beta gamma.', 0, 55, ['Titre', 'Partie']],
      ['Alpha beta gamma. Alpha beta gamma. Alpha beta gamma.', 38, 91, ['Titre', 'Partie']],
      ['Alpha beta gamma. Alpha beta gamma. Alpha beta gamma.', 74, 127, ['Titre', 'Partie']],
      ['Alpha beta gamma. Alpha beta gamma. Alpha beta gamma.\n\nFin.', 110, 169, ['Titre', 'Partie']],
      ['## Suite\n\nDelta epsilon.', 171, 195, ['Titre', 'Suite']],
    ]);
  });

  it('joins blocks of other pages, or out of page order, by a blank line counted as two characters', () => {
    const block = (page: number, start: number, end: number): TextBlock => ({ page, start, end, kind: 'paragraph', headingPath: [] });
    // Page two's block comes after a running header: only the block is taken, 20 + 2 + 27 = 49 of 50.
    const pages = [
      { page: 1, text: 'A'.repeat(20) },
      { page: 2, text: 'Running header of page two here.......\n\n' + 'B'.repeat(27) },
    ];
    expect(chunkDocument(pages, [block(1, 0, 20), block(2, 40, 67)], { chunkSize: 50, chunkOverlap: 0 }).map((c) => [c.text, c.pageStart, c.pageEnd, c.charStart, c.charEnd])).toEqual([
      ['A'.repeat(20) + '\n\n' + 'B'.repeat(27), 1, 2, 0, 67],
    ]);
    // Blocks of one page in another order than the text's: each block's own text, 20 + 2 + 28 = 50 fits, 51 does not.
    const text = (n: number) => 'C'.repeat(n) + '\n\n' + 'D'.repeat(20);
    expect(chunkDocument([{ page: 1, text: text(28) }], [block(1, 30, 50), block(1, 0, 28)], { chunkSize: 50, chunkOverlap: 0 }).map((c) => c.text)).toEqual([
      'D'.repeat(20) + '\n\n' + 'C'.repeat(28),
    ]);
    expect(chunkDocument([{ page: 1, text: text(29) }], [block(1, 31, 51), block(1, 0, 29)], { chunkSize: 50, chunkOverlap: 0 }).map((c) => c.text)).toEqual([
      'D'.repeat(20),
      'C'.repeat(29),
    ]);
    // Blocks that touch: nothing between them, nothing added (24 + 25 = 49 of 50).
    expect(chunkDocument([{ page: 1, text: 'E'.repeat(24) + 'F'.repeat(25) }], [block(1, 0, 24), block(1, 24, 49)], { chunkSize: 50, chunkOverlap: 0 }).map((c) => c.text)).toEqual([
      'E'.repeat(24) + 'F'.repeat(25),
    ]);
    // Empty blocks make no chunk.
    expect(chunkDocument([{ page: 1, text: 'Texte.' }], [block(1, 0, 0), block(1, 3, 3)], { chunkSize: 50, chunkOverlap: 0 })).toEqual([]);
  });

  it('never repeats a heading in the overlap', () => {
    const third = 'Le troisième paragraphe compte exactement soixante-dix caractères ici..';
    const doc = extractMarkdown(enc('# Titre\n\nUn deux.\n\nTrois quatre.\n\n' + third));
    // The overlap (50) could hold the heading too, which would leave no room for the third paragraph.
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 50 }).map((c) => c.text)).toEqual([
      '# Titre\n\nUn deux.\n\nTrois quatre.',
      'Un deux.\n\nTrois quatre.\n\n' + third,
    ]);
  });

  it('drops an overlap that leaves no room for the next sentence, and overlaps sentences only where a paragraph was cut', () => {
    const one = (n: number, c: string) => c.toUpperCase() + c.repeat(n - 2) + '.';
    const texts = (text: string, chunkSize: number, chunkOverlap: number) => {
      const doc = extractText(enc(text));
      return chunkDocument(doc.pages, doc.blocks, { chunkSize, chunkOverlap }).map((c) => c.text);
    };
    // 29 + 1 + 70 = 100: the overlap fits exactly; 40 + 1 + 70 does not, and the chunk starts without it.
    expect(texts([one(40, 'a'), one(29, 'b'), one(70, 'c')].join(' '), 100, 50)).toEqual([`${one(40, 'a')} ${one(29, 'b')}`, `${one(29, 'b')} ${one(70, 'c')}`]);
    expect(texts([one(40, 'a'), one(40, 'b'), one(70, 'c')].join(' '), 100, 50)).toEqual([`${one(40, 'a')} ${one(40, 'b')}`, one(70, 'c')]);
    // 49 + 1 = 50: a sentence exactly the overlap's length is repeated.
    expect(texts([one(40, 'a'), one(49, 'b'), one(50, 'c')].join(' '), 100, 50)).toEqual([`${one(40, 'a')} ${one(49, 'b')}`, `${one(49, 'b')} ${one(50, 'c')}`]);
    // A paragraph of exactly the size is one unit, not two sentences: nothing of it is repeated in the next chunk.
    expect(texts(`${one(50, 'a')} ${one(49, 'b')}\n\n${one(40, 'c')}`, 100, 50)).toEqual([`${one(50, 'a')} ${one(49, 'b')}`, one(40, 'c')]);
  });

  it('starts a chunk where the heading path changes, even without a heading block', () => {
    const texts = (a: string[], b: string[]) =>
      chunkDocument([{ page: 1, text: 'Un.\n\nDeux.' }], [{ page: 1, start: 0, end: 3, kind: 'paragraph', headingPath: a }, { page: 1, start: 5, end: 10, kind: 'paragraph', headingPath: b }], { chunkSize: 100, chunkOverlap: 0 }).map((c) => c.text);
    expect(texts(['A'], ['B'])).toEqual(['Un.', 'Deux.']);
    expect(texts(['A'], ['A', 'B'])).toEqual(['Un.', 'Deux.']);
    expect(texts(['A', 'B'], ['A'])).toEqual(['Un.', 'Deux.']);
    expect(texts(['A'], ['A'])).toEqual(['Un.\n\nDeux.']);
  });

  it('starts a chunk at a heading of the same name as the section before, and never leaves a heading alone', () => {
    let doc = extractMarkdown(enc('# A\n\n## Notes\n\nUn.\n\n## Notes\n\nDeux.'));
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 0 }).map((c) => c.text)).toEqual(['# A\n\n## Notes\n\nUn.', '## Notes\n\nDeux.']);
    // The heading and a paragraph of the whole size: one chunk, longer than the size by the heading.
    const paragraph = 'P' + 'p'.repeat(98) + '.';
    doc = extractMarkdown(enc(`# Titre\n\n${paragraph}`));
    expect(chunkDocument(doc.pages, doc.blocks, { chunkSize: 100, chunkOverlap: 0 }).map((c) => c.text)).toEqual([`# Titre\n\n${paragraph}`]);
  });
});
