/**
 * Text-PDF ingestion (extraction + cleaning + chunking + indexing) in pages per second, next to
 * poppler's pdftotext on the same files in the same run. CPU seconds are printed next to wall time
 * (ours: the whole process, all threads; pdftotext: through /usr/bin/time when installed): on a
 * machine shared with other work, wall time says as much about the neighbours as about ingestion.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ingestAndWait, openBenchCore } from './benchCore';
import { corpusPath, fmt, printTable, timed } from './benchLib';

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
  const hasReference = pdftotextAvailable();
  const rows: Array<Array<string | number>> = [];
  let totalPages = 0;
  let totalPhareMs = 0;
  let totalRefMs = 0;
  let totalPhareCpu = 0;
  let totalRefCpu = 0;
  const stageMs = new Map<string, number>();
  // PDFium's WebAssembly module is compiled at the first PDF of a batch: the first file's figure includes it.
  console.log(`load average before the run: ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}`);
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
  console.log(`load average after the run: ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}`);
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
