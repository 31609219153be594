/**
 * The direction of text lines, from ink alone, on corpus pages: upright, turned a quarter and upside
 * down. Orientation search reads only the turns this allows, so a wrong call would leave a page
 * unread; a page it cannot judge (few large words, handwriting) must be 'unknown', not a guess.
 */
import { describe, expect, it } from 'vitest';
import { lineDirection } from '../../../src-main/core/ocr/lineDirection';
import { corpusFile } from '../../helpers/paths';
import { firstPage, turned } from './images';

describe('line direction', () => {
  it.each([
    ['en', 'tessocr_phototest.tif'],
    ['en', 'tessocr_eurotext.tif'],
    ['fr', 'tapus_04.jpg'],
    ['fr', 'tapus_07.jpg'],
  ])('%s/%s: lines across upright and upside down, down when turned a quarter', async (set, name) => {
    const page = await firstPage(corpusFile('ocr', set, name));
    expect(lineDirection(page)).toBe('horizontal');
    expect(lineDirection(turned(page, 180))).toBe('horizontal');
    expect(lineDirection(turned(page, 90))).toBe('vertical');
    expect(lineDirection(turned(page, 270))).toBe('vertical');
  });

  it('calls the sideways corpus page vertical', async () => {
    expect(lineDirection(await firstPage(corpusFile('ocr', 'en', 'tessocr_phototest-rotated-L.png')))).toBe('vertical');
  });

  it('does not guess on a blank page or on handwriting', async () => {
    expect(lineDirection({ width: 800, height: 1000, data: new Uint8Array(800 * 1000).fill(255) })).toBe('unknown');
    const handwriting = await firstPage(corpusFile('ocr', 'fr', 'tapus_03.jpg'));
    expect(lineDirection(turned(handwriting, 90))).not.toBe('horizontal');
    expect(lineDirection(turned(handwriting, 270))).not.toBe('horizontal');
  });
});
