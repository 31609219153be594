/**
 * Child process of the kill test: opens a real core on a data directory, starts one ingestion job over
 * the given files, and prints `done <index>` as each file ends, so the test knows when to SIGKILL it.
 * Run with tsx: `tsx ingestThenDie.ts <dataDir> <file>...`.
 */
import { createCore } from '../../../src-main/core/core';

const [dataDir, ...paths] = process.argv.slice(2);
const core = await createCore({ dataDir, settingsOverrides: { threads: 1, gpu: 'cpu', gpuLayers: 0 } });
core.events.on('ingest.progress', (p) => {
  if (p.stage === 'done') process.stdout.write(`done ${p.index} ${p.result?.status}\n`);
});
const started = await core.dispatch('library.ingestPaths', { paths });
process.stdout.write(`started ${JSON.stringify(started)}\n`);
