/**
 * `npm run bench -- fd`: a long ingestion's file descriptors and memory (issue 11: 936 descriptors at
 * 4,866 files, 302 of them on deleted LanceDB index files, RSS 0.65 to 2.11 GB, and a crash under
 * `ulimit -n 400`). Ingests a folder of 10,000 tiny text files (PHARE_BENCH_FD_FILES to change it) in
 * one job through a real core and the contract, in a child process started under `ulimit -n 1024`,
 * and prints every 1,000 files the descriptors it holds (all, on LanceDB files, on deleted files) and
 * its RSS. Linux only (/proc). Asserts nothing: test/integration/store/descriptorsBounded.test.ts does.
 *
 * `npm run bench -- ingest-files` (issue 13 §5, ingestion throughput stays flat from first to last):
 * the same, on 10,000 small files made of the corpus QA paragraphs (one paragraph under its article's
 * title, every other file Markdown), embedded by the tiny embedding model fixture (so the embedding
 * service and the vectors table are in the path), and with each 1,000-file slice's throughput.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngestJob } from '../src-shared/ingestJob';
import { benchModels } from './benchModels';
import { qaParagraphs } from './qaLibrary';
import { createCore } from '../src-main/core/core';
import { createInProcessClient } from '../src-main/core/inProcessClient';
import { fmt, printTable } from './benchLib';
import { openDescriptors } from '../test/helpers/openDescriptors';

const FILES = Number(process.env.PHARE_BENCH_FD_FILES ?? 10_000);
const EVERY = Number(process.env.PHARE_BENCH_FD_EVERY ?? 1_000);
const FD_LIMIT = 1024;
const WORKER_FLAG = 'PHARE_BENCH_FD_WORKER';
type Content = 'tiny' | 'corpus';

export function benchFd(): Promise<void> {
  return inChild('fd', 'tiny');
}

export function benchIngestFiles(): Promise<void> {
  return inChild('ingest-files', 'corpus');
}

async function inChild(name: string, content: Content): Promise<void> {
  if (process.platform !== 'linux') {
    console.log('fd: Linux only (reads /proc/self/fd)');
    return;
  }
  if (process.env[WORKER_FLAG] === '1') return runWorker(content);
  // The limit applies to a fresh process: this benchmark again, under `ulimit -n`, with tsx's flags.
  const args = [...process.execArgv, process.argv[1], name];
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${FD_LIMIT} && exec "$0" "$@"`, process.execPath, ...args], {
    stdio: 'inherit',
    env: { ...process.env, [WORKER_FLAG]: '1' },
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) console.log(`fd: the ingestion process ended with exit code ${code}`);
}

/** The folder's files: one line each ('tiny'), or a corpus paragraph under its title ('corpus'). */
function writeFiles(folder: string, content: Content): void {
  const paragraphs = content === 'corpus' ? qaParagraphs() : [];
  for (let i = 0; i < FILES; i++) {
    if (content === 'tiny') {
      const light = ['blanc', 'vert', 'rouge'][i % 3];
      writeFileSync(join(folder, `note-${i}.txt`), `Note ${i} : le phare numéro ${i} éclaire la côte ${i % 97} d'un feu ${light}.\n`);
      continue;
    }
    const p = paragraphs[i % paragraphs.length];
    const copy = Math.floor(i / paragraphs.length);
    const text = copy ? `${p.text} (${copy})` : p.text;
    if (i % 2) writeFileSync(join(folder, `note-${i}.md`), `# ${p.title}\n\n${text}\n`);
    else writeFileSync(join(folder, `note-${i}.txt`), `${p.title}\n\n${text}\n`);
  }
}

async function runWorker(content: Content): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'phare-bench-fd-'));
  try {
    const folder = join(root, 'notes');
    mkdirSync(folder);
    writeFiles(folder, content);
    const settingsOverrides = content === 'corpus' ? { embeddingModelPath: (await benchModels()).embedModel } : {};
    const core = await createCore({ dataDir: join(root, 'data'), background: false, settingsOverrides });
    const client = createInProcessClient(core);
    const rows: Array<Array<string | number>> = [];
    const started = Date.now();
    // CPU time (all the process's threads, LanceDB's included) beside the wall time: a slice's wall
    // time follows the load of other work. The CPU time does too, less and the other way (LanceDB's
    // threads take more turns on an idle machine): compare runs made at the same load.
    let last = { at: started, files: 0, cpu: process.cpuUsage() };
    const sample = (files: number) => {
      const fds = openDescriptors();
      const memory = process.memoryUsage();
      const rssMb = memory.rss / (1024 * 1024);
      // The JavaScript heap and the buffers it holds, to tell a leak in our code from one in native code.
      const heapMb = memory.heapUsed / (1024 * 1024);
      const externalMb = memory.external / (1024 * 1024);
      const now = Date.now();
      const perSecond = files > last.files ? ((files - last.files) * 1000) / Math.max(1, now - last.at) : NaN;
      const cpu = process.cpuUsage(last.cpu);
      const cpuMsPerFile = files > last.files ? (cpu.user + cpu.system) / 1000 / (files - last.files) : NaN;
      last = { at: now, files, cpu: process.cpuUsage() };
      const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      const row = [files, fds.total, fds.lance, fds.deleted, fmt(rssMb, 0), fmt(heapMb, 0), fmt(externalMb, 0), fmt((now - started) / 1000, 0), fmt(perSecond, 1), fmt(cpuMsPerFile, 0), loadAverage];
      rows.push(row);
      console.log(
        `fd: ${files} files: ${fds.total} descriptors (${fds.lance} LanceDB, ${fds.deleted} deleted), RSS ${row[4]} MB (JS heap ${row[5]}, external ${row[6]}), ${row[7]} s, ${row[8]} files/s, ${row[9]} CPU ms a file, load ${loadAverage}`,
      );
    };
    console.log(`fd: ingesting ${FILES} ${content === 'corpus' ? 'small corpus files (tiny embedding model)' : 'tiny files'} under ulimit -n ${FD_LIMIT}`);
    sample(0);
    let finished = 0;
    const done = await runIngestJob(client, { method: 'library.ingestPaths', input: { paths: [folder] } }, (progress) => {
      if (progress.stage === 'done' && ++finished % EVERY === 0) sample(finished);
    });
    const failed = done.results.filter((r) => r.status === 'failed');
    printTable(
      `fd: ${FILES} files in one job, ${failed.length} failed${failed[0] ? ` (first: ${failed[0].error?.message})` : ''}`,
      ['files', 'descriptors', 'LanceDB', 'deleted', 'RSS MB', 'JS heap MB', 'external MB', 's', 'files/s (slice)', 'CPU ms a file (slice)', 'load'],
      rows,
    );
    await core.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
