/**
 * Orientation through reading, on a corpus picture turned every way: the text is read the right way
 * up, an upright page costs one read, and a turned one only the turns its line direction allows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { OcrPool, type OcrRequest } from '../../../src-main/core/ocr/ocrPool';
import { recognizePage } from '../../../src-main/core/ocr/recognizePage';
import type { Rotation } from '../../../src-main/core/ocr/grayImage';
import { corpusFile } from '../../helpers/paths';
import { firstPage, turned } from './images';

const pool = new OcrPool({ size: 1 });
afterAll(() => pool.dispose());

/** The pool, counting the reads made through it. */
function counting(): { pool: OcrPool; reads: () => number } {
  let reads = 0;
  const counted = Object.create(pool) as OcrPool;
  counted.recognize = (request: OcrRequest) => {
    reads++;
    return pool.recognize(request);
  };
  return { pool: counted, reads: () => reads };
}

describe('recognizePage', () => {
  it.each([0, 90, 180, 270] as Rotation[])('reads the page turned by %i degrees the right way up', async (rotation) => {
    const page = turned(await firstPage(corpusFile('ocr', 'en', 'tessocr_phototest.tif')), rotation);
    const { pool: counted, reads } = counting();
    const result = await recognizePage(counted, page, { languages: ['eng'] });
    expect(result.text).toMatch(/quick brown dog/);
    // Upright: one read. Otherwise the first read, then 180 alone, or 90 and perhaps 270.
    expect(reads()).toBeLessThanOrEqual(rotation === 0 ? 1 : 3);
  }, 120_000);
});
