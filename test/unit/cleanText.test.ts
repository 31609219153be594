/**
 * Text cleaning, step by step on small strings, then on real corpus PDFs through the real PDFium
 * extraction: running headers gone, words rejoined, French compounds kept, offsets still exact.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src-main/core/ingest/clean/cleanDocument';
import { hyphenationEdits, joinLines, lazyVocabulary, vocabularyOf, type Vocabulary } from '../../src-main/core/ingest/clean/hyphenation';
import { expandLigatures } from '../../src-main/core/ingest/clean/ligatures';
import { lineKey, repeatedLineEdits } from '../../src-main/core/ingest/clean/repeatedLines';
import { applyEdits } from '../../src-main/core/ingest/clean/textEdits';
import { extractDocument } from '../../src-main/core/ingest/extract/extractDocument';
import type { ExtractedDocument } from '../../src-main/core/ingest/extract/types';
import { corpusFile } from '../helpers/paths';

const clean = (text: string, format: ExtractedDocument['format'] = 'text') =>
  cleanDocument({ format, mime: 'text/plain', title: null, pages: [{ page: 1, text }], blocks: [{ page: 1, start: 0, end: text.length, kind: 'paragraph', headingPath: [] }] });

describe('text edits', () => {
  it('moves offsets through replacements and deletions', () => {
    const offsets = [0, 4, 6, 10];
    const out = applyEdits('ab\ufb01 cd  ef', [{ start: 2, end: 3, replacement: 'fi' }, { start: 6, end: 8, replacement: ' ' }], offsets);
    expect(out).toBe('abfi cd ef');
    expect(offsets).toEqual([0, 5, 7, 10]);
  });
});

describe('characters', () => {
  it('expands typographic ligatures and keeps œ and æ as letters', () => {
    expect(expandLigatures('\ufb01nance \ufb02eur e\ufb00et o\ufb03ce ba\ufb04e \ufb05yle \ufb06op')).toBe('finance fleur effet office baffle style stop');
    expect(clean('Le c\u0153ur et l’\u00e6ther').pages[0].text).toBe('Le cœur et l’æther');
  });

  it('composes accents (NFC), removes invisible characters and turns no-break spaces into spaces', () => {
    const doc = clean('e\u0301te\u0301\u00a0: ze\u200bro\u00ad\nment, pha\u00adre\r\nfin');
    expect(doc.pages[0].text).toBe('été : zeroment, phare\nfin');
  });

  it('normalises whitespace but keeps paragraphs and indentation', () => {
    const doc = clean('  Titre  \n\n\n\nUn   mot\tet  un autre.   \n    code indenté\n\n');
    expect(doc.pages[0].text).toBe('Titre\n\nUn mot et un autre.\n    code indenté');
    expect(doc.blocks).toEqual([expect.objectContaining({ start: 0, end: doc.pages[0].text.length })]);
  });
});

describe('words broken across lines', () => {
  const rejoin = (text: string, vocabulary?: Vocabulary) => applyEdits(text, hyphenationEdits(text, vocabulary), []);

  it('rejoins a word the typesetter broke', () => {
    expect(rejoin('la recom-\nmandation du comité')).toBe('la recommandation du comité');
    expect(joinLines('an interpre-', 'ter JavaScript call stack')).toBe('an interpreter JavaScript call stack');
  });

  it('keeps real compounds: French clitics, capitals, chains of hyphens', () => {
    expect(rejoin('Il viendra peut-\nêtre demain')).toBe('Il viendra peut-être demain');
    expect(rejoin('Que dit-\nil ? Et celui-\nci ?')).toBe('Que dit-il ? Et celui-ci ?');
    expect(rejoin('Jean-\nPierre et COVID-\n19')).toBe('Jean-\nPierre et COVID-\n19');
    expect(joinLines('math-cordic, math-', 'spectral-norm, string-base64')).toBe('math-cordic, math-spectral-norm, string-base64');
  });

  it('lets the document decide when it spells the word elsewhere', () => {
    const vocabulary = vocabularyOf(['a well-known fact', 'the database is fast']);
    expect(rejoin('is well-\nknown to all', vocabulary)).toBe('is well-known to all');
    expect(rejoin('the data-\nbase', vocabulary)).toBe('the database');
  });

  it('reads the vocabulary of the texts as they were when it was made, at its first look-up', () => {
    const texts = ['a well-known fact', 'the database is fast'];
    const vocabulary = lazyVocabulary(texts);
    texts[1] = 'the data base is fast';
    expect(rejoin('is well-\nknown to all', vocabulary)).toBe('is well-known to all');
    expect(rejoin('the data-\nbase', vocabulary)).toBe('the database');
    expect(vocabulary.has('fast')).toBe(true);
    expect(vocabulary.has('Fast')).toBe(false);
  });

  it('reads only the end of a long paragraph, wherever the broken word starts', () => {
    const paragraph = 'mot '.repeat(5000);
    expect(joinLines(`${paragraph}(voir la recom-`, 'mandation)')).toBe(`${paragraph}(voir la recommandation)`);
    expect(joinLines(`${paragraph}x=peut-`, 'être')).toBe(`${paragraph}x=peut-être`);
    expect(joinLines(`${paragraph}--`, 'suite')).toBe(`${paragraph}-- suite`);
    expect(rejoin(`${paragraph}\n\nfin de para-\ngraphe`)).toBe(`${paragraph}\n\nfin de paragraphe`);
  });
});

describe('running headers and footers', () => {
  it('masks page numbers, arabic and roman', () => {
    expect(lineKey('Guide du nouveau responsable Debian 3 / 58')).toBe(lineKey('Guide du nouveau responsable Debian 12 / 58'));
    expect(lineKey('Guide du nouveau responsable Debian iv')).toBe(lineKey('Guide du nouveau responsable Debian ix'));
  });

  it('removes lines repeated at the edges of most pages, not the body', () => {
    const bodies = ['Le phare fut allumé.', 'La lanterne tourne.', 'Le gardien veille.', 'La tempête passe.', 'Le jour se lève.'];
    const pages = bodies.map((body, i) => `Rapport annuel ${i + 1}\n\n${body}\n\nRapport annuel\n\n- ${i + 1} -`);
    const edits = repeatedLineEdits(pages);
    const cleaned = pages.map((p, i) => applyEdits(p, edits[i], []).trim());
    expect(cleaned).toEqual(bodies);
    expect(repeatedLineEdits(pages.slice(0, 2))).toEqual([[], []]);
  });

  it('cleans the real French guide: no running header left, text and offsets intact', async () => {
    const file = corpusFile('pdf', 'deb_maint-guide-fr_maint-guide.fr.pdf');
    const doc = await extractDocument('pdf', new Uint8Array(readFileSync(file)), { file });
    expect(doc.pages).toHaveLength(64);
    const headers = doc.pages.filter((p) => /Guide du nouveau responsable Debian \d+ \/ 58/.test(p.text));
    expect(headers).toEqual([]);
    expect(doc.pages[11].text).toContain('Commencez par créer votre propre paquet');
    // French compounds broken at a line end keep their hyphen.
    const all = doc.pages.map((p) => p.text).join('\n');
    expect(all).not.toMatch(/\bpeutêtre\b/);
    for (const b of doc.blocks) {
      const text = doc.pages[b.page - 1].text.slice(b.start, b.end);
      expect(text.length).toBeGreaterThan(0);
      expect(text).toBe(text.trim());
    }
  });

  it('removes the alternating headers and the proof watermark of the Supreme Court report', async () => {
    const file = corpusFile('pdf', 'llama_598us1r3_j4ek.pdf');
    const doc = await extractDocument('pdf', new Uint8Array(readFileSync(file)), { file });
    const all = doc.pages.map((p) => p.text).join('\n\n');
    expect(all).not.toContain('Page Proof Pending Publication');
    expect(all).not.toMatch(/Cite as: 598 U\. S\. 17 \(2023\) \d+/);
    expect(all).toContain('Beard v. Kindler');
  });
});
