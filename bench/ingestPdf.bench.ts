/**
 * Text-PDF ingestion (extraction + cleaning + chunking + indexing) in pages per second, next to
 * poppler's pdftotext on the same files in the same run. CPU seconds are printed next to wall time
 * (ours: the whole process, all threads; pdftotext: through /usr/bin/time when installed): on a
 * machine shared with other work, wall time says as much about the neighbours as about ingestion.
 *
 * Then big PDFs (200+ pages, Debian's manuals made at bench time: bigPdfs.ts), as they are and with
 * one image-only page in their middle, and `phare ingest` of the 300-page one as a whole process
 * (start included). `INGEST_PDF=corpus` or `INGEST_PDF=big` runs one part only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { IngestResult, OcrMode } from '../src-shared/domain';
import { runIngestJob } from '../src-shared/ingestJob';
import { ingestAndWait, openBenchCore } from './benchCore';
import { makeBigPdfs } from './bigPdfs';
import { corpusPath, fmt, loadAverage, printTable, repoRoot, timed } from './benchLib';

const TEXT_PDFS = [
  'deb_maint-guide-fr_maint-guide.fr.pdf',
  'pdfjs_tracemonkey.pdf',
  'pdfjs_pdkids.pdf',
  'llama_598us1r3_j4ek.pdf',
  'pdfjs_prefilled_f1040.pdf',
];

/** CPU seconds (user + system) of this process, all threads. */
function processCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

const TIME = '/usr/bin/time';

/** pdftotext on one file: wall-clock ms and CPU seconds (NaN without /usr/bin/time). */
async function pdftotext(file: string): Promise<{ ms: number; cpu: number }> {
  const args = ['-layout', file, '-'];
  if (!existsSync(TIME)) return { ms: (await timed(async () => execFileSync('pdftotext', args, { maxBuffer: 64 << 20 }))).ms, cpu: NaN };
  const dir = mkdtempSync(join(os.tmpdir(), 'phare-bench-time-'));
  const out = join(dir, 'time');
  try {
    const { ms } = await timed(async () => execFileSync(TIME, ['-f', '%U %S', '-o', out, 'pdftotext', ...args], { maxBuffer: 64 << 20 }));
    const [user, system] = readFileSync(out, 'utf8').trim().split(/\s+/).map(Number);
    return { ms, cpu: user + system };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pdftotextAvailable(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function benchIngestPdf(): Promise<void> {
  const part = process.env.INGEST_PDF ?? 'all';
  if (part !== 'big') await benchCorpusPdfs();
  if (part !== 'corpus') await benchBigPdfs();
}

async function benchCorpusPdfs(): Promise<void> {
  const hasReference = pdftotextAvailable();
  const rows: Array<Array<string | number>> = [];
  let totalPages = 0;
  let totalPhareMs = 0;
  let totalRefMs = 0;
  let totalPhareCpu = 0;
  let totalRefCpu = 0;
  const stageMs = new Map<string, number>();
  // PDFium's WebAssembly module is compiled at the first PDF of a batch: the first file's figure includes it.
  console.log(`load average before the run: ${loadAverage()}`);
  for (const name of TEXT_PDFS) {
    const file = corpusPath('pdf', name);
    // A fresh library per file: the figure includes opening tables and building the full-text index.
    const bench = await openBenchCore('pdf');
    // Where the time goes: time between consecutive progress events, per stage (all files summed).
    let last = performance.now();
    let lastStage = 'queued';
    const off = bench.core.events.on('ingest.progress', (p) => {
      const now = performance.now();
      stageMs.set(lastStage, (stageMs.get(lastStage) ?? 0) + now - last);
      last = now;
      lastStage = p.stage;
    });
    try {
      const cpuBefore = processCpu();
      const { value: results, ms } = await timed(() => ingestAndWait(bench.client, [file]));
      const cpu = processCpu() - cpuBefore;
      stageMs.set('after last file (index fold, job end)', (stageMs.get('after last file (index fold, job end)') ?? 0) + performance.now() - last);
      off();
      const result = results[0];
      const { ms: refMs, cpu: refCpu } = hasReference ? await pdftotext(file) : { ms: NaN, cpu: NaN };
      totalPages += result.pages;
      totalPhareMs += ms;
      totalRefMs += refMs;
      totalPhareCpu += cpu;
      totalRefCpu += refCpu;
      rows.push([
        name,
        `${(statSync(file).size / 1024).toFixed(0)} KB`,
        result.status,
        result.pages,
        result.chunks,
        fmt(ms, 0),
        fmt(result.pages / (ms / 1000)),
        fmt(refMs, 0),
        fmt(result.pages / (refMs / 1000)),
        fmt(ms / refMs),
        fmt(cpu, 2),
        fmt(refCpu, 2),
        fmt(cpu / refCpu),
      ]);
    } finally {
      await bench.core.dispose();
    }
  }
  rows.push(['all', '', '', totalPages, '', fmt(totalPhareMs, 0), fmt(totalPages / (totalPhareMs / 1000)), fmt(totalRefMs, 0), fmt(totalPages / (totalRefMs / 1000)), fmt(totalPhareMs / totalRefMs), fmt(totalPhareCpu, 2), fmt(totalRefCpu, 2), fmt(totalPhareCpu / totalRefCpu)]);
  printTable(
    'Text-PDF ingestion: Phare (extract + clean + chunk + index, fresh library) vs pdftotext -layout',
    ['file', 'size', 'status', 'pages', 'chunks', 'phare ms', 'phare pages/s', 'pdftotext ms', 'pdftotext pages/s', 'ratio', 'phare CPU s', 'pdftotext CPU s', 'CPU ratio'],
    rows,
  );
  console.log(`load average after the run: ${loadAverage()}`);
  if (!hasReference) console.log('(pdftotext not found: install poppler-utils for the reference column)');
  printTable(
    'Where the ingestion time goes (all files above, by pipeline stage)',
    ['stage', 'ms', 'share'],
    [...stageMs].map(([stage, ms]) => [stage, fmt(ms, 0), `${fmt((100 * ms) / totalPhareMs, 0)} %`]),
  );
  await benchPeakMemory();
}

/**
 * Peak resident memory of the process (core, PDFium, OCR workers) while ingesting the largest corpus
 * PDFs (the largest is scanned: OCR; the next is the largest text PDF), each in a fresh library.
 */
async function benchPeakMemory(): Promise<void> {
  const dir = corpusPath('pdf');
  const largest = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .map((f) => ({ f, size: statSync(corpusPath('pdf', f)).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 2);
  const rows: Array<Array<string | number>> = [];
  for (const { f, size } of largest) {
    const bench = await openBenchCore('pdf-memory');
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const { value: results, ms } = await timed(() => ingestAndWait(bench.client, [corpusPath('pdf', f)]));
      peak = Math.max(peak, process.memoryUsage().rss);
      const r = results[0];
      rows.push([f, `${(size / 1024).toFixed(0)} KB`, r.status, r.pages, fmt(ms, 0), fmt(before / 1048576, 0), fmt(peak / 1048576, 0), r.error?.code ?? '']);
    } finally {
      clearInterval(sampler);
      await bench.core.dispose();
    }
  }
  printTable(
    'Peak memory (RSS of the process) while ingesting the largest corpus PDFs (target < 1.5 GB)',
    ['file', 'size', 'status', 'pages', 'ms', 'RSS before MB', 'peak RSS MB', 'error'],
    rows,
  );
}

/** One file into a fresh library, in this process: wall ms, CPU s (all threads), the result, and the document's OCR reasons. */
async function ingestFresh(file: string, ocr: OcrMode): Promise<{ ms: number; cpu: number; result: IngestResult; ocr: string }> {
  const bench = await openBenchCore('big-pdf');
  try {
    const cpuBefore = processCpu();
    const { value, ms } = await timed(() => runIngestJob(bench.client, { method: 'library.ingestPaths', input: { paths: [file], ocr } }));
    const cpu = processCpu() - cpuBefore;
    const result = value.results[0];
    const doc = result.documentId ? await bench.client.call('library.get', { id: result.documentId }) : null;
    const reasons = doc?.ocrReasons?.map((r) => `p. ${r.pages.join(',')} ${r.reason}`).join('; ');
    return { ms, cpu, result, ocr: doc ? `${doc.ocrPages}${reasons ? ` (${reasons})` : ''}` : '' };
  } finally {
    await bench.core.dispose();
  }
}

/**
 * Big PDFs (issue 13 §2): every text PDF within 3x of pdftotext in process, the 200+ page ones within
 * 2x, a text PDF with one page to OCR about max(its text time, that page's OCR time), and `phare
 * ingest` of a 300-page PDF within 3x including the process start.
 */
async function benchBigPdfs(): Promise<void> {
  if (!pdftotextAvailable()) {
    console.log('(big PDFs skipped: pdftotext not found; install poppler-utils)');
    return;
  }
  const dir = mkdtempSync(join(os.tmpdir(), 'phare-bench-big-pdfs-'));
  try {
    const made = makeBigPdfs(dir);
    if (typeof made === 'string') {
      console.log(`(big PDFs skipped: ${made})`);
      return;
    }
    console.log(`load average before the big PDFs: ${loadAverage()}`);
    // Warm-up (PDFium compiled, our modules loaded) on the smallest corpus PDF: the figures below are the steady state.
    await ingestFresh(corpusPath('pdf', 'pdfjs_prefilled_f1040.pdf'), 'auto');
    const rows: Array<Array<string | number>> = [];
    const scanRows: Array<Array<string | number>> = [];
    // The image-only page alone (a one-page PDF: the same OCR work, and the worker's start).
    const scanAlone = await ingestFresh(corpusPath('pdf', 'ocrmypdf_scanned_linn.pdf'), 'auto');
    for (const big of made) {
      const phare = await ingestFresh(big.file, 'auto');
      const ref = await pdftotext(big.file);
      rows.push([big.name, big.pages, phare.result.status, phare.result.chunks, fmt(phare.ms, 0), fmt(ref.ms, 0), fmt(phare.ms / ref.ms), fmt(phare.cpu, 2), fmt(ref.cpu, 2), fmt(phare.cpu / ref.cpu), phare.ocr]);
      const mixed = await ingestFresh(big.withScan, 'auto');
      const textOnly = await ingestFresh(big.withScan, 'never');
      const mixedRef = await pdftotext(big.withScan);
      const longer = Math.max(textOnly.ms, scanAlone.ms);
      scanRows.push([
        `${big.name} + scan at p. ${big.scanPage}`,
        fmt(mixed.ms, 0),
        fmt(textOnly.ms, 0),
        fmt(scanAlone.ms, 0),
        fmt(mixed.ms / longer),
        fmt(mixedRef.ms, 0),
        fmt(mixed.ms / mixedRef.ms),
        mixed.ocr,
      ]);
    }
    printTable(
      'Big PDFs in process (fresh library each, OCR auto) vs pdftotext -layout, same run (target: within 2x)',
      ['file', 'pages', 'status', 'chunks', 'phare ms', 'pdftotext ms', 'ratio', 'phare CPU s', 'pdftotext CPU s', 'CPU ratio', 'OCR pages (why)'],
      rows,
    );
    printTable(
      'Big PDFs with one image-only page in the middle: OCR beside the text pages (target: about max(text, OCR))',
      ['file', 'phare ms', 'text only ms (OCR never)', 'the scan alone ms', 'phare / max(text, scan)', 'pdftotext ms', 'phare / pdftotext', 'OCR pages (why)'],
      scanRows,
    );
    // `phare ingest` as a whole process, start included (the compiled CLI when the build is current).
    const three = made[made.length - 1];
    const cliRows: Array<Array<string | number>> = [];
    for (let run = 0; run < 3; run++) {
      const data = mkdtempSync(join(os.tmpdir(), 'phare-bench-big-cli-'));
      try {
        const started = performance.now();
        const cli = spawnSync(process.execPath, [join(repoRoot, 'bin/phare.js'), 'ingest', three.file, '--data', data, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
        const ms = performance.now() - started;
        const ref = await pdftotext(three.file);
        const status = cli.status === 0 ? (JSON.parse(cli.stdout) as IngestResult[])[0]?.status : `exit ${cli.status}: ${cli.stderr.split('\n')[0]}`;
        cliRows.push([three.name, run + 1, status, fmt(ms, 0), fmt(ref.ms, 0), fmt(ms / ref.ms)]);
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    }
    printTable('`phare ingest` of the 300-page PDF as a whole process (start included) vs pdftotext -layout (target: within 3x)', ['file', 'run', 'status', 'phare ms', 'pdftotext ms', 'ratio'], cliRows);
    console.log(`load average after the big PDFs: ${loadAverage()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
