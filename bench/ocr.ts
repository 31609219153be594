/**
 * OCR: seconds per page and character error rate of our pipeline (tesseract.js pool, default
 * languages French + English, orientation check) next to the tesseract CLI (`-l eng` / `-l fra`, one
 * thread) on the corpus's ground-truth pictures (`ocr/en`, `ocr/fr`), in the same run. Reading quality
 * is judged page by page against the CLI with our languages (`-l fra+eng`): the last column says
 * whether our error rate is at or below the CLI's on that page.
 * Two timings: one page at a time (latency), and the whole set with as many pages in flight as cores
 * (throughput: our pool against as many CLI processes). "1-lang" is ours with the CLI's single language.
 * Besides wall-clock seconds, CPU seconds (ours: the whole process, every worker thread; the CLI: its
 * process, through /usr/bin/time): on a machine shared with other work, wall time says as much about
 * the neighbours as about OCR, CPU time much less.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
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

/** CPU seconds (user + system) of this process, all threads. */
function processCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Runs `fn` and returns its value, wall-clock ms and the process's CPU seconds meanwhile. */
async function timedCpu<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpu: number }> {
  const cpu = processCpu();
  const { value, ms } = await timed(fn);
  return { value, ms, cpu: processCpu() - cpu };
}

const TIME = '/usr/bin/time';

/**
 * The CLI on one image, with its text, wall-clock ms and CPU seconds (through /usr/bin/time when
 * installed; NaN otherwise). One thread (OMP_THREAD_LIMIT=1), like each of our workers.
 */
async function cli(sample: OcrSample, languages: string): Promise<{ value: string; ms: number; cpu: number }> {
  if (!existsSync(TIME)) {
    const { value, ms } = await timed(() => tesseractCli(sample.image, languages));
    return { value, ms, cpu: NaN };
  }
  const dir = mkdtempSync(join(os.tmpdir(), 'phare-bench-time-'));
  const out = join(dir, 'time');
  try {
    const { value, ms } = await timed(
      () =>
        new Promise<string>((resolve, reject) => {
          const args = ['-f', '%U %S', '-o', out, 'tesseract', sample.image, 'stdout', '-l', languages];
          execFile(TIME, args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 16 << 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
        }),
    );
    const [user, system] = readFileSync(out, 'utf8').trim().split(/\s+/).map(Number);
    return { value, ms, cpu: user + system };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
  let oursCpu = 0;
  let cliCpuTotal = 0;
  let cliBothMs = 0;
  let cliBothErrors = 0;
  let oursErrors = 0;
  let cliErrors = 0;
  let chars = 0;
  let atOrBelow = 0;
  for (const sample of samples) {
    const mine = await timedCpu(() => ours(pool, sample));
    // The CLI's configuration (the page's one language): what the second language model costs.
    const single = await timed(() => ours(pool, sample, [cliLanguage(sample)]));
    const ourCer = characterErrorRate(sample.truth, mine.value);
    const reference = hasCli ? await cli(sample, cliLanguage(sample)) : null;
    const cliCer = reference ? characterErrorRate(sample.truth, reference.value) : NaN;
    // Like for like: the CLI with our two languages.
    const both = hasCli ? await cli(sample, 'fra+eng') : null;
    const bothCer = both ? characterErrorRate(sample.truth, both.value) : NaN;
    if (both) atOrBelow += ourCer <= bothCer ? 1 : 0;
    oursCpu += mine.cpu;
    cliCpuTotal += reference?.cpu ?? NaN;
    cliBothMs += both?.ms ?? NaN;
    cliBothErrors += bothCer * Array.from(sample.truth.replace(/\s+/g, ' ').trim()).length;
    const length = Array.from(sample.truth.replace(/\s+/g, ' ').trim()).length;
    oursMs += mine.ms;
    sameLanguageMs += single.ms;
    const singleCer = characterErrorRate(sample.truth, single.value);
    sameLanguageErrors += singleCer * length;
    cliMs += reference?.ms ?? NaN;
    oursErrors += ourCer * length;
    cliErrors += cliCer * length;
    chars += length;
    rows.push([
      sample.name,
      fmt(mine.ms / 1000, 2),
      fmt(single.ms / 1000, 2),
      reference ? fmt(reference.ms / 1000, 2) : '-',
      both ? fmt(both.ms / 1000, 2) : '-',
      fmt(mine.cpu, 2),
      reference ? fmt(reference.cpu, 2) : '-',
      fmt(ourCer, 3),
      fmt(singleCer, 3),
      reference ? fmt(cliCer, 3) : '-',
      both ? fmt(bothCer, 3) : '-',
      both ? (ourCer <= bothCer ? 'yes' : 'NO') : '-',
    ]);
  }
  rows.push([
    'all (s/page; CER over all characters)',
    fmt(oursMs / 1000 / samples.length, 2),
    fmt(sameLanguageMs / 1000 / samples.length, 2),
    hasCli ? fmt(cliMs / 1000 / samples.length, 2) : '-',
    hasCli ? fmt(cliBothMs / 1000 / samples.length, 2) : '-',
    fmt(oursCpu / samples.length, 2),
    fmt(cliCpuTotal / samples.length, 2),
    fmt(oursErrors / chars, 3),
    fmt(sameLanguageErrors / chars, 3),
    hasCli ? fmt(cliErrors / chars, 3) : '-',
    hasCli ? fmt(cliBothErrors / chars, 3) : '-',
    hasCli ? `${atOrBelow}/${samples.length}` : '-',
  ]);
  printTable(
    'OCR, one page at a time (seconds; CER = character error rate; CLI = one language, the page\'s)',
    ['sample', 'ours s', 'ours 1-lang s', 'CLI s', 'CLI fra+eng s', 'ours CPU s', 'CLI CPU s', 'ours CER', 'ours 1-lang CER', 'CLI CER', 'CLI fra+eng CER', 'ours <= CLI fra+eng'],
    rows,
  );
  if (hasCli) console.log(`pages where our CER is at or below the CLI's with the same languages (fra+eng): ${atOrBelow} of ${samples.length}`);
  console.log(`time ratio ours/CLI, one page at a time: ${hasCli ? fmt(oursMs / cliMs, 2) : '-'}x (with the CLI's one language: ${hasCli ? fmt(sameLanguageMs / cliMs, 2) : '-'}x); CPU time ratio ${hasCli ? fmt(oursCpu / cliCpuTotal, 2) : '-'}x; like for like, both with fra+eng: ${hasCli ? fmt(oursMs / cliBothMs, 2) : '-'}x (CLI fra+eng CER ${hasCli ? fmt(cliBothErrors / chars, 3) : '-'}); load average ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}`);

  const width = pool.size;
  const oursBatch = await timed(() => inParallel(samples, width, (s) => ours(pool, s)));
  const cliBatch = hasCli ? await timed(() => inParallel(samples, width, (s) => tesseractCli(s.image, cliLanguage(s)))) : null;
  console.log(
    `whole set, ${width} page(s) in flight (${os.availableParallelism()} cores): ours ${fmt(oursBatch.ms / 1000 / samples.length, 2)} s/page` +
      (cliBatch ? `, CLI ${fmt(cliBatch.ms / 1000 / samples.length, 2)} s/page, ratio ${fmt(oursBatch.ms / cliBatch.ms, 2)}x` : ''),
  );
  await pool.dispose();
}
