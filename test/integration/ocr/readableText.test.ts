/**
 * What a page keeps of a reading: tesseract's text, without the lines it could not read (but for the
 * words in them it is sure of). On a real scan whose
 * bottom holds a handwritten note (tapus_07), the typed text stays and the note's noise goes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImagePages } from '../../../src-main/core/ocr/decodeImage';
import { OcrPool } from '../../../src-main/core/ocr/ocrPool';
import { LINE_MIN, readableText, SURE_WORD } from '../../../src-main/core/ocr/readableText';
import { recognizePage } from '../../../src-main/core/ocr/recognizePage';
import { corpusDir } from '../../helpers/paths';
import { characterErrorRate, ocrSamples } from './groundTruth';

/** tesseract's TSV rows for words: [block, paragraph, line, confidence, text]. */
function tsv(words: Array<[number, number, number, number, string]>): string {
  const header = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
  return [header, ...words.map(([b, p, l, c, t], i) => `5\t1\t${b}\t${p}\t${l}\t${i + 1}\t0\t0\t10\t10\t${c}\t${t}`)].join('\n');
}

describe('readableText', () => {
  it('returns tesseract text untouched when every word reads', () => {
    const text = 'Lettre de Paris\nle 13 avril\n';
    expect(readableText(text, tsv([[1, 1, 1, 95, 'Lettre'], [1, 1, 1, 96, 'de'], [1, 1, 1, 93, 'Paris'], [1, 1, 2, 60, 'le'], [1, 1, 2, 91, '13'], [1, 1, 2, 90, 'avril']]))).toBe(text);
    expect(readableText(text, null)).toBe(text);
  });

  it('keeps a poor scan whole: a page none of whose lines reads clearly is not emptied', () => {
    const text = 'Rapport du gardien\nle feu fut rallume\n';
    const words: Array<[number, number, number, number, string]> = [
      [1, 1, 1, 41, 'Rapport'],
      [1, 1, 1, 38, 'du'],
      [1, 1, 1, 45, 'gardien'],
      [1, 1, 2, 30, 'le'],
      [1, 1, 2, 44, 'feu'],
      [1, 1, 2, 35, 'fut'],
      [1, 1, 2, 40, 'rallume'],
    ];
    expect(readableText(text, tsv(words))).toBe(text);
  });

  it('drops a line under the line threshold but for its sure words, and judges no word alone', () => {
    const words: Array<[number, number, number, number, string]> = [
      [1, 1, 1, 96, 'est'],
      [1, 1, 1, 95, 'évacué'],
      // tesseract gives 0 to real words too (after a dash): a word is not dropped on its own confidence.
      [1, 1, 1, 0, 'existing'],
      [1, 1, 1, 96, 'que'],
      [1, 2, 1, 33, 've'],
      [1, 2, 1, 47, 'WLS'],
      [1, 2, 1, SURE_WORD, 'Franz'],
      [1, 2, 1, 28, 'fy'],
      [2, 1, 1, LINE_MIN, 'fin'],
    ];
    expect(readableText('(ignored when something is dropped)', tsv(words))).toBe('est évacué existing que\n\nFranz\n\nfin\n');
  });

  it('keeps the typed text of a scan and drops the handwritten note under it', async () => {
    const pool = new OcrPool({ size: 1 });
    try {
      const sample = ocrSamples(corpusDir, 'fr').find((s) => s.name === 'tapus_07')!;
      const pages = decodeImagePages(new Uint8Array(readFileSync(sample.image)));
      const decoded = (await pages.next()).value!;
      const page = await recognizePage(pool, decoded.image, { languages: ['fra', 'eng'], dpi: decoded.dpi });
      // The same read, straight from the pool: tesseract's text and its readable part.
      const raw = await pool.recognize({ image: decoded.image, languages: ['fra', 'eng'], dpi: decoded.dpi });
      expect(page.text).toBe(raw.readable);
      expect(page.text).toContain("pauvre Méryon : je l'ai disposé à la recevoir");
      expect(page.text).toContain('meilleur ami');
      // Fewer lines than tesseract gave, and closer to the transcription.
      expect(page.text.trim().split('\n').length).toBeLessThan(raw.text.trim().split('\n').length);
      expect(characterErrorRate(sample.truth, page.text)).toBeLessThan(characterErrorRate(sample.truth, raw.text));
    } finally {
      await pool.dispose();
    }
  });
});
