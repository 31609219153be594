/**
 * `npm run bench`: prints figures, asserts nothing. `npm run bench -- search` runs one benchmark.
 */
import { benchAnswer } from './answer.bench';
import { benchChatLayer } from './chatLayer';
import { benchCliStart } from './cliStart.bench';
import { benchFd, benchIngestFiles } from './fdLeak.bench';
import { benchGrowth } from './growth.bench';
import { benchIngestPdf } from './ingestPdf.bench';
import { benchLibraryList } from './libraryList.bench';
import { benchLlamaBench } from './llamaBench.bench';
import { benchLoad } from './load.bench';
import { benchLogsAnalytics } from './logsAnalytics.bench';
import { benchMonitoring } from './monitoring.bench';
import { benchOcr } from './ocr';
import { benchQualityLoop } from './qualityLoop.bench';
import { benchSearch } from './search.bench';
import { benchSearchWhileIngesting } from './searchWhileIngesting.bench';
import { benchScale } from './scale.bench';

const benchmarks: Record<string, () => Promise<void>> = {
  'ingest-pdf': benchIngestPdf,
  ocr: benchOcr,
  search: benchSearch,
  scale: benchScale,
  growth: benchGrowth,
  answer: benchAnswer,
  'chat-layer': benchChatLayer,
  fd: benchFd,
  'ingest-files': benchIngestFiles,
  'library-list': benchLibraryList,
  'logs-analytics': benchLogsAnalytics,
  'quality-loop': benchQualityLoop,
  monitoring: benchMonitoring,
  'cli-start': benchCliStart,
  load: benchLoad,
  'search-while-ingesting': benchSearchWhileIngesting,
  'llama-bench': benchLlamaBench,
};

const wanted = process.argv.slice(2);
const selected = wanted.length ? wanted : Object.keys(benchmarks);
for (const name of selected) {
  const run = benchmarks[name];
  if (!run) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== ${name}`);
  await run();
}
