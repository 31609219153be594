/**
 * One file through the pipeline: check (stat, extension, size) -> read -> hash and duplicate check ->
 * keep the original -> extract -> chunk -> embed -> write. Every failure becomes a PhareError on this
 * file only. Once the content has been read, the document exists in the library (as `processing`,
 * then `ready` or `failed` with its error), so a failure stays visible and a retry replaces it.
 * While its job is paused, the file waits at the next safe point (before each stage, between PDF
 * pages, between embedding batches) and goes on from there when the job resumes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { DocumentRecord, IngestResult, IngestStage, OcrMode, Settings } from '../../../src-shared/domain';
import { PhareError, toErrorValue, type Lang } from '../../../src-shared/errors';
import type { Embedder } from '../llm/types';
import type { DocumentVectors, LibraryStore } from '../store/libraryStore';
import type { StoredChunk } from '../store/schema';
import { embedWithCache } from '../embeddings/embedWithCache';
import { withPrefixes, type PrefixedEmbedder } from '../embeddings/prefixedEmbedder';
import { tokenCounterFor } from '../embeddings/tokenCounter';
import { chunkDocument, chunkDocumentInTokens } from './chunker';
import { CHUNKER_VERSION, resolveChunking } from './chunkingDefaults';
import { validateDocument } from './validateDocument';
import { contextText } from './contextText';
import { checkFormat, checkHead, formatFromExtension } from './extract/detectFormat';
import { extractDocument } from './extract/extractDocument';
import { detectLanguage } from '../text/detectLanguage';
import { formatBytes, HEAD_BYTES } from './limits';
import { readHead } from './extract/readHead';
import { keepOriginal, originalRelativePath } from './originals';
import { DEFAULT_OCR } from '../ocr/ocrOptions';
import type { PausePoint } from './pauseGate';
import { ocrSummary } from '../ocr/ocrSummary';
import type { IngestedFacts } from './ingestedFacts';

export interface FileTask {
  index: number;
  /** Where the bytes are read from. */
  path: string;
  /** What the user knows the file as: the path, or the uploaded name. */
  displayName: string;
  collection: string;
  /** OCR mode for this file (the ingestion's choice); the settings' when absent. */
  ocrMode?: OcrMode;
}

export interface PipelineContext {
  store: LibraryStore;
  dataDir: string;
  settings: Settings;
  getEmbedder: () => Promise<Embedder | null>;
  maxFileBytes: number;
  signal: AbortSignal;
  /** Where the file waits while its job is paused (never inside a store write). */
  pause?: PausePoint;
  /**
   * Marks content as being ingested; returns the title of another file already ingesting the same
   * content (a duplicate within a batch), or null. `release` undoes it.
   */
  claimContent(sha256: string, title: string): string | null;
  releaseContent(sha256: string): void;
  report(stage: IngestStage, progress: number, documentId: string | null): void;
  /** The document list changed (a row was created or changed state). */
  changed(documentId: string): void;
  /** A document was made ready: what the metrics record about it (ingestedFacts.ts). */
  ingested?(documentId: string, facts: IngestedFacts): void;
  /**
   * Re-ingestion: the ready document this run replaces. It keeps its id, collection and source, stays
   * ready with its old content until the new content is swapped in, and is left as it was on failure.
   */
  replaceDocumentId?: string;
}

export async function ingestFile(task: FileTask, ctx: PipelineContext): Promise<IngestResult> {
  const lang: Lang = ctx.settings.language;
  const result = (partial: Partial<IngestResult>): IngestResult => ({
    file: task.displayName,
    documentId: null,
    status: 'failed',
    pages: 0,
    chunks: 0,
    error: null,
    ...partial,
  });
  const checkCancelled = () => {
    if (ctx.signal.aborted) throw new PhareError('CANCELLED');
  };
  /** A safe point between stages: held here while the job is paused; throws CANCELLED on a cancel. */
  const holdIfPaused = async () => {
    checkCancelled();
    if (ctx.pause) await ctx.pause.wait(ctx.signal);
  };

  let doc: DocumentRecord | null = null;
  let claimed: string | null = null;
  try {
    await holdIfPaused();
    ctx.report('reading', 0, null);
    const fileName = basename(task.displayName);
    const info = await stat(task.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new PhareError('FILE_NOT_FOUND', { file: task.displayName });
      throw new PhareError('FILE_UNREADABLE', { file: task.displayName, detail: error.code ?? error.message }, { cause: error });
    });
    if (!info.isFile()) throw new PhareError('UNSUPPORTED_FORMAT', { file: task.displayName });
    const format = formatFromExtension(fileName);
    if (info.size === 0) throw new PhareError('FILE_EMPTY', { file: task.displayName });
    // Recognised by its first bytes before its size matters or the rest is read (a gigabyte of zeros
    // named .pdf is refused as not a PDF without reading it).
    checkHead(task.displayName, format, await readHead(task.path, task.displayName, HEAD_BYTES));
    if (info.size > ctx.maxFileBytes) {
      throw new PhareError('FILE_TOO_LARGE', { file: task.displayName, size: formatBytes(info.size), limit: formatBytes(ctx.maxFileBytes) });
    }
    const buffer = await readFile(task.path).catch((error: NodeJS.ErrnoException) => {
      throw new PhareError('FILE_UNREADABLE', { file: task.displayName, detail: error.code ?? error.message }, { cause: error });
    });
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    if (bytes.byteLength === 0) throw new PhareError('FILE_EMPTY', { file: task.displayName });
    checkCancelled();

    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fallbackTitle = basename(fileName, extname(fileName)) || fileName;
    const existing = await ctx.store.findDocumentsBySha256(sha256);
    const replacing = ctx.replaceDocumentId ? await ctx.store.getDocument(ctx.replaceDocumentId) : null;
    if (ctx.replaceDocumentId && !replacing) throw new PhareError('NOT_FOUND', { what: `document ${ctx.replaceDocumentId}` });
    const ready = replacing ? undefined : existing.find((d) => d.status === 'ready');
    if (ready) return result({ status: 'duplicate', documentId: ready.id, error: new PhareError('DUPLICATE', { title: ready.title }).toValue(lang) });
    const inFlight = ctx.claimContent(sha256, fallbackTitle);
    if (inFlight !== null) return result({ status: 'duplicate', error: new PhareError('DUPLICATE', { title: inFlight }).toValue(lang) });
    claimed = sha256;

    // A failed or interrupted earlier attempt at the same content is replaced, keeping its id.
    const previous = replacing ?? existing[0];
    const now = new Date().toISOString();
    doc = {
      id: previous?.id ?? randomUUID(),
      collection: replacing?.collection ?? task.collection,
      title: fallbackTitle,
      sourcePath: replacing?.sourcePath ?? task.displayName,
      storedPath: originalRelativePath(sha256, fileName),
      sha256,
      mime: 'application/octet-stream',
      sizeBytes: bytes.byteLength,
      pages: 0,
      chunks: 0,
      status: 'processing',
      error: null,
      ocrPages: 0,
      ocrMeanConfidence: null,
      lowConfidencePages: [],
      ocrReasons: [],
      ocrMode: 'auto',
      validation: null,
      language: 'und',
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      chunkerSettings: '',
      embedder: '',
    };
    const isNew = previous === undefined;
    if (!replacing) await ctx.store.putDocument(doc, { isNew });
    ctx.changed(doc.id);
    await keepOriginal(ctx.dataDir, doc.storedPath, bytes);
    ctx.report('reading', 1, doc.id);

    await holdIfPaused();
    ctx.report('extracting', 0, doc.id);
    const checked = checkFormat(task.displayName, format, bytes);
    const ocr = { mode: task.ocrMode ?? ctx.settings.ocrMode ?? DEFAULT_OCR.mode, languages: ctx.settings.ocrLanguages ?? DEFAULT_OCR.languages };
    const extracted = await extractDocument(checked, bytes, {
      file: task.displayName,
      signal: ctx.signal,
      onProgress: (f) => ctx.report('extracting', f, doc?.id ?? null),
      ocr,
      pause: ctx.pause,
    });
    await holdIfPaused();
    const title = extracted.title ?? fallbackTitle;
    doc = { ...doc, title, mime: extracted.mime, pages: extracted.pages.length, language: detectLanguage(extracted.pages.map((p) => p.text).join('\n')) };
    doc = { ...doc, ...ocrSummary(extracted.pages, ocr.mode) };

    ctx.report('chunking', 0, doc.id);
    // The embedding model, when there is one, both counts the chunks' tokens and embeds them.
    const embedder = await loadEmbedder(ctx);
    const chunking = resolveChunking(
      { chunkSize: ctx.settings.chunkSize, chunkOverlap: ctx.settings.chunkOverlap, chunkUnit: ctx.settings.chunkUnit },
      embedder !== null,
    );
    const drafts =
      chunking.unit === 'tokens' && embedder
        ? await chunkDocumentInTokens(extracted.pages, extracted.blocks, chunking, tokenCounterFor(embedder))
        : chunkDocument(extracted.pages, extracted.blocks, chunking);
    if (drafts.length === 0) throw new PhareError('NO_TEXT', { file: task.displayName });
    const documentId = doc.id;
    const chunks: StoredChunk[] = drafts.map((d) => ({
      ...d,
      id: randomUUID(),
      documentId,
      collection: task.collection,
      blacklisted: false,
      whitelisted: false,
      satisfaction: null,
      ftsText: contextText(title, d.headingPath, d.text),
    }));
    ctx.report('chunking', 1, doc.id);
    await holdIfPaused();

    const vectors = embedder ? await embedChunks(chunks, embedder, ctx, doc.id) : null;
    await holdIfPaused();

    ctx.report('writing', 0, doc.id);
    doc = {
      ...doc,
      chunks: chunks.length,
      status: 'ready',
      updatedAt: new Date().toISOString(),
      chunkerSettings: JSON.stringify({ ...chunking, version: CHUNKER_VERSION }),
      embedder: vectors?.embedderId ?? '',
    };
    if (replacing) {
      await ctx.store.replaceDocumentContent(doc, { pages: extracted.pages, chunks, vectors });
      // The swap writes the row itself; the checks run on the swapped content and are stored after it.
      doc = { ...doc, validation: await validateDocument({ documentId: doc.id, language: doc.language, chunks, vectors }, ctx.store) };
      await ctx.store.putDocument(doc);
    } else {
      const language = doc.language;
      await ctx.store.commitDocument(
        doc,
        { pages: extracted.pages, chunks, vectors },
        {
          isNew,
          // Checked on the written content, stored with the document's final write.
          beforeReady: async (written) => ({
            ...written,
            validation: await validateDocument({ documentId: written.id, language, chunks, vectors }, ctx.store),
          }),
        },
      );
    }
    ctx.ingested?.(doc.id, { ocrPages: doc.ocrPages, ocrMeanConfidence: doc.ocrMeanConfidence, chunkLengths: chunks.map((c) => c.text.length) });
    ctx.changed(doc.id);
    return result({ status: 'ready', documentId: doc.id, pages: doc.pages, chunks: doc.chunks });
  } catch (error) {
    const value = toErrorValue(error, lang);
    if (doc && !ctx.replaceDocumentId) {
      if (value.code === 'CANCELLED') {
        // A cancelled file leaves nothing behind (its original may serve another document: kept).
        await ctx.store.removeDocument(doc.id).catch(() => undefined);
      } else {
        await ctx.store
          .putDocument({ ...doc, status: 'failed', error: value, chunks: 0, updatedAt: new Date().toISOString() })
          .catch(() => undefined);
      }
      ctx.changed(doc.id);
    }
    return result({ documentId: doc && value.code !== 'CANCELLED' ? doc.id : null, error: value });
  } finally {
    if (claimed) ctx.releaseContent(claimed);
  }
}

async function loadEmbedder(ctx: PipelineContext): Promise<PrefixedEmbedder | null> {
  // An embedding model that fails to load does not fail the file: the document is written with full
  // text only (its `embedder` stays '' so the re-embed job picks it up); the model's status shows why.
  const embedder = await ctx.getEmbedder().catch((error: unknown) => {
    console.warn('[ingest] embedding model unavailable, writing full text only:', error instanceof Error ? error.message : error);
    return null;
  });
  return embedder ? withPrefixes(embedder) : null;
}

/** Vectors for the chunks, through the embedding cache (unchanged text is never embedded twice). */
async function embedChunks(chunks: StoredChunk[], embedder: PrefixedEmbedder, ctx: PipelineContext, documentId: string): Promise<DocumentVectors> {
  ctx.report('embedding', 0, documentId);
  return embedWithCache(
    chunks.map((c) => c.ftsText),
    embedder,
    ctx.store,
    { signal: ctx.signal, onProgress: (f) => ctx.report('embedding', f, documentId), pause: ctx.pause },
  );
}
