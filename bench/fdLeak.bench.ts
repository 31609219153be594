/**
 * `npm run bench -- fd`: a long ingestion's file descriptors and memory (issue 11: 936 descriptors at
 * 4,866 files, 302 of them on deleted LanceDB index files, RSS 0.65 to 2.11 GB, and a crash under
 * `ulimit -n 400`). Ingests a folder of 10,000 tiny text files (PHARE_BENCH_FD_FILES to change it) in
 * one job through a real core and the contract, in a child process started under `ulimit -n 1024`,
 * and prints every 1,000 files the descriptors it holds (all, on LanceDB files, on deleted files) and
 * its RSS. Linux only (/proc). Asserts nothing: test/integration/store/descriptorsBounded.test.ts does.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngestJob } from '../src-shared/ingestJob';
import { createCore } from '../src-main/core/core';
import { createInProcessClient } from '../src-main/core/inProcessClient';
import { fmt, printTable } from './benchLib';
import { openDescriptors } from '../test/helpers/openDescriptors';

const FILES = Number(process.env.PHARE_BENCH_FD_FILES ?? 10_000);
const EVERY = 1_000;
const FD_LIMIT = 1024;
const WORKER_FLAG = 'PHARE_BENCH_FD_WORKER';

export async function benchFd(): Promise<void> {
  if (process.platform !== 'linux') {
    console.log('fd: Linux only (reads /proc/self/fd)');
    return;
  }
  if (process.env[WORKER_FLAG] === '1') return runWorker();
  // The limit applies to a fresh process: this benchmark again, under `ulimit -n`, with tsx's flags.
  const args = [...process.execArgv, process.argv[1], 'fd'];
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${FD_LIMIT} && exec "$0" "$@"`, process.execPath, ...args], {
    stdio: 'inherit',
    env: { ...process.env, [WORKER_FLAG]: '1' },
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) console.log(`fd: the ingestion process ended with exit code ${code}`);
}

async function runWorker(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'phare-bench-fd-'));
  try {
    const folder = join(root, 'notes');
    mkdirSync(folder);
    for (let i = 0; i < FILES; i++) {
      const light = ['blanc', 'vert', 'rouge'][i % 3];
      writeFileSync(join(folder, `note-${i}.txt`), `Note ${i} : le phare numéro ${i} éclaire la côte ${i % 97} d'un feu ${light}.\n`);
    }
    const core = await createCore({ dataDir: join(root, 'data'), background: false });
    const client = createInProcessClient(core);
    const rows: Array<Array<string | number>> = [];
    const started = Date.now();
    const sample = (files: number) => {
      const fds = openDescriptors();
      const rssMb = process.memoryUsage().rss / (1024 * 1024);
      const row = [files, fds.total, fds.lance, fds.deleted, fmt(rssMb, 0), fmt((Date.now() - started) / 1000, 0)];
      rows.push(row);
      console.log(`fd: ${files} files: ${fds.total} descriptors (${fds.lance} LanceDB, ${fds.deleted} deleted), RSS ${fmt(rssMb, 0)} MB, ${row[5]} s`);
    };
    console.log(`fd: ingesting ${FILES} tiny files under ulimit -n ${FD_LIMIT}`);
    sample(0);
    let finished = 0;
    const done = await runIngestJob(client, { method: 'library.ingestPaths', input: { paths: [folder] } }, (progress) => {
      if (progress.stage === 'done' && ++finished % EVERY === 0) sample(finished);
    });
    const failed = done.results.filter((r) => r.status === 'failed');
    printTable(
      `fd: ${FILES} files in one job, ${failed.length} failed${failed[0] ? ` (first: ${failed[0].error?.message})` : ''}`,
      ['files', 'descriptors', 'LanceDB', 'deleted', 'RSS MB', 's'],
      rows,
    );
    await core.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
