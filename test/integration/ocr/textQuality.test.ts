/** Which PDF text layers need OCR: real prose passes; empty layers and unmapped-font garbage do not. */
import { describe, expect, it } from 'vitest';
import { judgeTextLayer, readingScore } from '../../../src-main/core/ocr/textQuality';
import { ocrParagraphs } from '../../../src-main/core/ocr/ocrText';
import { ocrSummary } from '../../../src-main/core/ocr/ocrSummary';

const english = 'The quick brown fox jumps over the lazy dog. This is a test of the text layer, and it reads as words that are in the language.';
const french = 'Le rapport de la commission est publié chaque année et il présente les résultats des travaux menés par les équipes.';

describe('text layer verdict', () => {
  it('accepts prose in English and French, and a table of figures', () => {
    expect(judgeTextLayer(english)).toBe('ok');
    expect(judgeTextLayer(french)).toBe('ok');
    expect(judgeTextLayer('2019 2020 2021\n12,5 % 13,1 % 14,0 %\nTotal 1 245 1 310 1 402\nRecettes 845 910 1 002')).toBe('ok');
  });

  it('sends empty and near-empty layers to OCR', () => {
    expect(judgeTextLayer('')).toBe('empty');
    expect(judgeTextLayer('  12  \n')).toBe('empty');
  });

  it('detects unmapped-font garbage: symbols, private-use code points, shifted letters', () => {
    expect(judgeTextLayer('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ !"#$%&\'()*+,-./ ;<=>? @[\\]^_ `{|}~')).toBe('garbage');
    expect(judgeTextLayer('\ue000\ue001\ue002\ue003 \ue004\ue005\ue006 \ue007\ue008\ue009\ue00a \ue00b\ue00c\ue00d '.repeat(3))).toBe('garbage');
    expect(judgeTextLayer('\ufffd\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd abc \ufffd\ufffd\ufffd\ufffd \ufffd\ufffd def \ufffd\ufffd\ufffd')).toBe('garbage');
    // A Caesar shift by three, what a font with a wrong encoding table produces.
    const shifted = english.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 3) % 26) + 97));
    expect(judgeTextLayer(shifted)).toBe('garbage');
  });

  it('scores a reading with words above a reading of noise', () => {
    expect(readingScore(english, 90)).toBeGreaterThan(readingScore('8 | [Oey 0g . 22 têcés "= esse Q >330> = Ss oN', 35) * 5);
  });
});

describe('OCR text and summary', () => {
  it('joins the lines of a block and rejoins words hyphenated at line ends', () => {
    expect(ocrParagraphs('A recom-\nmendation for\nthe page.\n\nSecond block\n')).toEqual(['A recommendation for the page.', 'Second block']);
  });

  it('counts OCR pages, their mean confidence, and flags the low ones', () => {
    const summary = ocrSummary(
      [
        { page: 1, text: 'a', ocr: false, confidence: null },
        { page: 2, text: 'b', ocr: true, confidence: 90, ocrReason: 'no-text-layer' },
        { page: 3, text: 'c', ocr: true, confidence: 40, ocrReason: 'garbled-text-layer' },
        { page: 4, text: '', ocr: true, confidence: null, ocrReason: 'no-text-layer' },
      ],
      'auto',
    );
    expect(summary).toEqual({
      ocrPages: 3,
      ocrMeanConfidence: 65,
      lowConfidencePages: [3],
      ocrMode: 'auto',
      // Which pages, and why, grouped by reason.
      ocrReasons: [
        { reason: 'no-text-layer', pages: [2, 4] },
        { reason: 'garbled-text-layer', pages: [3] },
      ],
    });
  });
});
