/**
 * Run by the OCR offline test in a child process (with offlinePreload.cjs): reads one corpus picture
 * with a fresh pool and a fresh language folder, and prints the text as JSON.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImagePages } from '../../../src-main/core/ocr/decodeImage';
import { OcrPool } from '../../../src-main/core/ocr/ocrPool';

async function main(): Promise<void> {
  const pool = new OcrPool({ size: 1, cacheDir: mkdtempSync(join(tmpdir(), 'phare-ocr-offline-')) });
  let text = '';
  for await (const page of decodeImagePages(new Uint8Array(readFileSync(process.argv[2])))) {
    text += (await pool.recognize({ image: page.image, languages: ['fra', 'eng'] })).text;
  }
  await pool.dispose();
  process.stdout.write(JSON.stringify({ text }));
}

void main();
