/**
 * OCR quality on the corpus's ground truth, next to the tesseract command-line tool on the same
 * pictures in the same run: our pipeline (default languages French + English, orientation check)
 * must not read worse than the CLI with the same languages (`-l fra+eng`), page by page. Figures are printed. Without the CLI
 * or its language the comparison is skipped with a message, except in CI (`CI` set), where it fails.
 * `bench/ocr.ts` runs the same comparison on every sample, with timings.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImagePages } from '../../../src-main/core/ocr/decodeImage';
import { OcrPool } from '../../../src-main/core/ocr/ocrPool';
import { recognizePage } from '../../../src-main/core/ocr/recognizePage';
import { corpusDir } from '../../helpers/paths';
import { characterErrorRate, ocrSamples, tesseractCli, tesseractCliLanguages } from './groundTruth';

const SAMPLES = ['tessocr_phototest', 'tessocr_eurotext', 'tapus_07'];

const pool = new OcrPool();
afterAll(() => pool.dispose());

async function ours(image: string): Promise<string> {
  let text = '';
  for await (const page of decodeImagePages(new Uint8Array(readFileSync(image)))) {
    text += (await recognizePage(pool, page.image, { languages: ['fra', 'eng'], dpi: page.dpi || undefined })).text + '\n';
  }
  return text;
}

describe('OCR character error rate against the ground truth', () => {
  const samples = [...ocrSamples(corpusDir, 'en'), ...ocrSamples(corpusDir, 'fr')].filter((s) => SAMPLES.includes(s.name));

  it('finds the samples in the corpus', () => {
    expect(samples.map((s) => s.name).sort()).toEqual([...SAMPLES].sort());
  });

  for (const name of SAMPLES) {
    it(`${name}: no worse than the tesseract CLI`, async () => {
      const sample = samples.find((s) => s.name === name)!;
      const ourCer = characterErrorRate(sample.truth, await ours(sample.image));
      // Whatever the CLI does, our reading must be a reading.
      expect(ourCer).toBeLessThan(0.2);
      const cliLanguage = 'fra+eng';
      const installed = await tesseractCliLanguages();
      if (!installed?.includes('fra') || !installed.includes('eng')) {
        // On a developer's machine the comparison may be skipped, saying so; in CI it is the point of the test.
        if (process.env.CI) throw new Error(`${name}: the tesseract CLI with "${cliLanguage}" is not installed (found: ${installed?.join(', ') ?? 'no tesseract'}); CI must compare with it`);
        console.log(`[ocr quality] ${name}: ours CER ${ourCer.toFixed(3)}; CLI comparison skipped: tesseract CLI with "${cliLanguage}" is not installed`);
        return;
      }
      const cliCer = characterErrorRate(sample.truth, await tesseractCli(sample.image, cliLanguage));
      console.log(`[ocr quality] ${name}: ours CER ${ourCer.toFixed(3)}, tesseract CLI (-l ${cliLanguage}) CER ${cliCer.toFixed(3)}`);
      expect(ourCer).toBeLessThanOrEqual(cliCer);
    });
  }
});
