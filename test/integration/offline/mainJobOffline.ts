/**
 * Child process of the offline test: the main job on a fresh library, the way the app does it (a
 * real core, the tiny embedding and chat models in the inference host): ingest a PDF and a scanned
 * page, search, answer with the model. Prints one JSON line `result {…}` with what it saw, including
 * the network interfaces the process has (in a network namespace: loopback at most).
 * Run with tsx: `node --import tsx mainJobOffline.ts <dataDir> <chatModel> <embedModel> <file>...`.
 */
import { networkInterfaces } from 'node:os';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { createCore } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';

const [dataDir, chatModelPath, embeddingModelPath, ...files] = process.argv.slice(2);
const core = await createCore({
  dataDir,
  background: false,
  settingsOverrides: { language: 'en', chatModelPath, embeddingModelPath, threads: 1, gpu: 'cpu', gpuLayers: 0, maxTokens: 24 },
});
try {
  const client = createInProcessClient(core);
  const done = await runIngestJob(client, { method: 'library.ingestPaths', input: { paths: files } });
  const hybrid = await client.call('search.query', { query: 'trace-based compilation', topK: 5, mode: 'hybrid' });
  const semantic = await client.call('search.query', { query: 'quick brown fox', topK: 5, mode: 'vector' });
  const answer = await client.call('chat.ask', { question: 'What is trace-based compilation?', requestId: 'offline-1' });
  const docs = await client.call('library.list', {});
  const result = {
    interfaces: Object.keys(networkInterfaces()),
    ingested: done.results.map((r) => ({ file: r.file, status: r.status, chunks: r.chunks, error: r.error?.code ?? null })),
    documents: docs.map((d) => ({ sourcePath: d.sourcePath, embedder: d.embedder })),
    hybridTop: hybrid.map((h) => h.documentId),
    vectorHits: semantic.length,
    answer: { mode: answer.mode, text: answer.answer, sources: answer.sources.length },
  };
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
} finally {
  await core.dispose();
}
