/**
 * OCR ground truth of the shared corpus (`ocr/en`, `ocr/fr`), the character error rate, and the
 * tesseract command-line tool as the reference to compare with. Used by the OCR quality test and by
 * `bench/ocr.ts`, so both measure the same thing the same way.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OcrSample {
  name: string;
  /** 'en' or 'fr': the corpus folder. */
  set: 'en' | 'fr';
  image: string;
  truth: string;
}

/**
 * The samples with a human transcription: `tessocr_*` (English) and `tapus_*` (French typewritten
 * pages). `tessjs_*` files are tesseract.js's own regression output, not a transcription: left out.
 */
export function ocrSamples(corpusDir: string, set: 'en' | 'fr'): OcrSample[] {
  const folder = join(corpusDir, 'ocr', set);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => /\.(png|jpe?g|tiff?)$/i.test(f) && (f.startsWith('tessocr_') || f.startsWith('tapus_')))
    .sort()
    .map((f) => {
      const name = f.replace(/\.[^.]+$/, '');
      return { name, set, image: join(folder, f), truth: stripTranscriptionMarks(readFileSync(join(folder, `${name}.gt.txt`), 'utf8')) };
    });
}

/** Tapuscorpus marks: `_` before underlined words, `^` superscript, `~~~` for handwritten (untranscribed) words. */
export function stripTranscriptionMarks(text: string): string {
  return text.replace(/~~~/g, ' ').replace(/[_^]/g, '');
}

/** What both sides are compared on: NFC, one space for any run of white space, trimmed. */
export function normalizeForCer(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Levenshtein distance over code points, divided by the length of the reference. */
export function characterErrorRate(reference: string, hypothesis: string): number {
  const ref = Array.from(normalizeForCer(reference));
  const hyp = Array.from(normalizeForCer(hypothesis));
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  let previous = new Array<number>(hyp.length + 1);
  let current = new Array<number>(hyp.length + 1);
  for (let j = 0; j <= hyp.length; j++) previous[j] = j;
  for (let i = 1; i <= ref.length; i++) {
    current[0] = i;
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = previous[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[hyp.length] / ref.length;
}

/** Whether the tesseract CLI and the languages asked for are installed (Debian `tesseract-ocr`, `-fra`). */
export async function tesseractCliLanguages(): Promise<string[] | null> {
  try {
    const out = await run('tesseract', ['--list-langs']);
    return out
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return null;
  }
}

/** The CLI's text for an image, with the default page segmentation (as a user would run it). */
export function tesseractCli(image: string, languages: string): Promise<string> {
  return run('tesseract', [image, 'stdout', '-l', languages], { OMP_THREAD_LIMIT: '1' });
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });
}
