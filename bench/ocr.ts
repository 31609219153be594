/**
 * OCR: seconds per page and character error rate of our pipeline (tesseract.js pool, default
 * languages French + English, orientation check) next to the tesseract CLI (`-l eng` / `-l fra`, one
 * thread) on the corpus's ground-truth pictures (`ocr/en`, `ocr/fr`), in the same run.
 * Two timings: one page at a time (latency), and the whole set with as many pages in flight as cores
 * (throughput: our pool against as many CLI processes). "1-lang" is ours with the CLI's single language.
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { decodeImagePages } from '../src-main/core/ocr/decodeImage';
import { OcrPool } from '../src-main/core/ocr/ocrPool';
import { recognizePage } from '../src-main/core/ocr/recognizePage';
import { characterErrorRate, ocrSamples, tesseractCli, tesseractCliLanguages, type OcrSample } from '../test/integration/ocr/groundTruth';
import { fmt, printTable, requireCorpus, timed } from './benchLib';

async function ours(pool: OcrPool, sample: OcrSample, languages: string[] = ['fra', 'eng']): Promise<string> {
  let text = '';
  for await (const page of decodeImagePages(new Uint8Array(readFileSync(sample.image)))) {
    text += (await recognizePage(pool, page.image, { languages, dpi: page.dpi || undefined })).text + '\n';
  }
  return text;
}

const cliLanguage = (sample: OcrSample) => (sample.set === 'fr' ? 'fra' : 'eng');

async function inParallel<T>(items: T[], width: number, run: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  }));
}

export async function benchOcr(): Promise<void> {
  const corpus = requireCorpus();
  const samples = [...ocrSamples(corpus, 'en'), ...ocrSamples(corpus, 'fr')];
  const installed = (await tesseractCliLanguages()) ?? [];
  const hasCli = installed.includes('eng') && installed.includes('fra');
  if (!hasCli) console.log('tesseract CLI with eng and fra not installed: CLI columns left empty');
  const pool = new OcrPool();
  // Workers start once (models loaded); their start-up is not a per-page cost.
  await ours(pool, samples[0]);

  const rows: Array<Array<string | number>> = [];
  let oursMs = 0;
  let sameLanguageMs = 0;
  let sameLanguageErrors = 0;
  let cliMs = 0;
  let oursErrors = 0;
  let cliErrors = 0;
  let chars = 0;
  for (const sample of samples) {
    const mine = await timed(() => ours(pool, sample));
    // The CLI's configuration (the page's one language): what the second language model costs.
    const single = await timed(() => ours(pool, sample, [cliLanguage(sample)]));
    const ourCer = characterErrorRate(sample.truth, mine.value);
    const cli = hasCli ? await timed(() => tesseractCli(sample.image, cliLanguage(sample))) : null;
    const cliCer = cli ? characterErrorRate(sample.truth, cli.value) : NaN;
    const length = Array.from(sample.truth.replace(/\s+/g, ' ').trim()).length;
    oursMs += mine.ms;
    sameLanguageMs += single.ms;
    const singleCer = characterErrorRate(sample.truth, single.value);
    sameLanguageErrors += singleCer * length;
    cliMs += cli?.ms ?? NaN;
    oursErrors += ourCer * length;
    cliErrors += cliCer * length;
    chars += length;
    rows.push([sample.name, fmt(mine.ms / 1000, 2), fmt(single.ms / 1000, 2), cli ? fmt(cli.ms / 1000, 2) : '-', fmt(ourCer, 3), fmt(singleCer, 3), cli ? fmt(cliCer, 3) : '-']);
  }
  rows.push([
    'all (s/page; CER over all characters)',
    fmt(oursMs / 1000 / samples.length, 2),
    fmt(sameLanguageMs / 1000 / samples.length, 2),
    hasCli ? fmt(cliMs / 1000 / samples.length, 2) : '-',
    fmt(oursErrors / chars, 3),
    fmt(sameLanguageErrors / chars, 3),
    hasCli ? fmt(cliErrors / chars, 3) : '-',
  ]);
  printTable('OCR, one page at a time (seconds; CER = character error rate)', ['sample', 'ours s', 'ours 1-lang s', 'CLI s', 'ours CER', 'ours 1-lang CER', 'CLI CER'], rows);
  console.log(`time ratio ours/CLI, one page at a time: ${hasCli ? fmt(oursMs / cliMs, 2) : '-'}x (with the CLI's one language: ${hasCli ? fmt(sameLanguageMs / cliMs, 2) : '-'}x)`);

  const width = pool.size;
  const oursBatch = await timed(() => inParallel(samples, width, (s) => ours(pool, s)));
  const cliBatch = hasCli ? await timed(() => inParallel(samples, width, (s) => tesseractCli(s.image, cliLanguage(s)))) : null;
  console.log(
    `whole set, ${width} page(s) in flight (${os.availableParallelism()} cores): ours ${fmt(oursBatch.ms / 1000 / samples.length, 2)} s/page` +
      (cliBatch ? `, CLI ${fmt(cliBatch.ms / 1000 / samples.length, 2)} s/page, ratio ${fmt(oursBatch.ms / cliBatch.ms, 2)}x` : ''),
  );
  await pool.dispose();
}
