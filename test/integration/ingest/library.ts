/** A real library on a temporary folder (LanceDB, ingestion, retrieval), for integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../../src-shared/contract';
import type { DocumentRecord, Settings } from '../../../src-shared/domain';
import { createEventBus, type EventBus } from '../../../src-main/core/eventBus';
import { createIngestService, type IngestService, type IngestServiceDeps } from '../../../src-main/core/ingest/ingestService';
import type { IngestedFacts } from '../../../src-main/core/ingest/ingestedFacts';
import { createLibraryService, type LibraryService } from '../../../src-main/core/ingest/libraryService';
import type { Embedder } from '../../../src-main/core/llm/types';
import { createRetriever, type Retriever } from '../../../src-main/core/retrieval/retriever';
import { defaultSettings } from '../../../src-main/core/settings/defaultSettings';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import type { StoredChunk } from '../../../src-main/core/store/schema';

/** Defaults, with a single inference thread and the CPU backend as everywhere in tests. */
export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), language: 'en', gpu: 'cpu', gpuLayers: 0, threads: 1, ...overrides };
}

export interface TestLibrary {
  dataDir: string;
  store: LibraryStore;
  events: EventBus;
  ingest: IngestService;
  library: LibraryService;
  retriever: Retriever;
  /** Every event emitted so far, in order. */
  seen: { event: EventName; payload: unknown }[];
  /** What the ingestion handed over for the metrics, per document made ready (ingestedFacts.ts). */
  ingested: Map<string, IngestedFacts>;
  eventsOf<E extends EventName>(event: E): EventPayload<E>[];
  /** Starts a job over paths and waits for it. */
  ingestPaths(paths: string[], collection?: string): ReturnType<IngestService['waitForJob']>;
  setEmbedder(embedder: Embedder | null): void;
  close(): Promise<void>;
}

export async function openTestLibrary(options: { embedder?: Embedder | null; limits?: IngestServiceDeps['limits']; settings?: Partial<Settings> } = {}): Promise<TestLibrary> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-lib-'));
  const store = await openLibraryStore(dataDir);
  const events = createEventBus();
  const seen: { event: EventName; payload: unknown }[] = [];
  events.onAny((event, payload) => seen.push({ event, payload }));
  let embedder = options.embedder ?? null;
  const getEmbedder = async () => embedder;
  const ingested = new Map<string, IngestedFacts>();
  const ingest = createIngestService({
    store,
    dataDir,
    events,
    getSettings: () => testSettings(options.settings),
    getEmbedder,
    limits: options.limits,
    onIngested: (documentId, facts) => ingested.set(documentId, facts),
  });
  const library = createLibraryService({ store, dataDir, events });
  const retriever = createRetriever({ store, getEmbedder });
  return {
    dataDir,
    store,
    events,
    ingest,
    library,
    retriever,
    seen,
    ingested,
    eventsOf: <E extends EventName>(event: E) => seen.filter((s) => s.event === event).map((s) => s.payload as EventPayload<E>),
    async ingestPaths(paths, collection) {
      const job = ingest.startJob(paths, { collection });
      return ingest.waitForJob(job.jobId);
    },
    setEmbedder(next) {
      embedder = next;
    },
    async close() {
      await ingest.dispose();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What an ingestion in progress (or one a crash interrupted) leaves behind: a document row saying
 * `processing`, and one page and one chunk holding `text`.
 */
export function halfWrittenDocument(id: string, text: string): { doc: DocumentRecord; chunk: StoredChunk } {
  const now = new Date().toISOString();
  const doc: DocumentRecord = {
    id,
    collection: 'default',
    title: id,
    sourcePath: `${id}.txt`,
    storedPath: '',
    sha256: id.padEnd(64, '0').slice(0, 64),
    mime: 'text/plain',
    sizeBytes: text.length,
    pages: 1,
    chunks: 1,
    status: 'processing',
    error: null,
    ocrPages: 0,
    ocrMeanConfidence: null,
      lowConfidencePages: [],
      ocrMode: 'auto',
      validation: null,
    language: 'fr',
    createdAt: now,
    updatedAt: now,
    chunkerSettings: '',
    embedder: '',
  };
  const chunk: StoredChunk = {
    id: `${id}-chunk`,
    documentId: id,
    collection: 'default',
    ordinal: 0,
    text,
    ftsText: text,
    pageStart: 1,
    pageEnd: 1,
    headingPath: [],
    charStart: 0,
    charEnd: text.length,
    tokenCount: text.split(/\s+/).length,
    blacklisted: false,
    whitelisted: false,
    satisfaction: null,
  };
  return { doc, chunk };
}
