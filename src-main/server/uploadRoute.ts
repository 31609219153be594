/**
 * `POST /api/upload`: files from the browser streamed to the data folder's inbox, then the contract's
 * `library.ingestUploads` dispatched with their ids (src-shared/uploadFraming.ts has the body's layout).
 * Base64 inside one JSON body meant holding every upload whole in memory (issue 11: four 300 MB uploads
 * took the server to 3 GB); here each chunk is written to its file as it arrives and the next one is
 * read only then, so a big upload costs the server a few buffers, whatever its size, and the event loop
 * stays free for the other calls (`app.info` answers while it arrives).
 *
 * The request passes the same checks as a call of `library.ingestUploads` before a byte is read
 * (credential, CSRF, role, rate limit), and few uploads are read at once (503 with Retry-After past
 * that). What the upload staged is removed if the call that should claim it fails.
 */
import type { FileHandle } from 'node:fs/promises';
import { open, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PhareError } from '../../src-shared/errors';
import type { CallResult } from '../../src-shared/rpc';
import { MAX_UPLOAD_MANIFEST_BYTES, UploadManifestSchema, type UploadManifest } from '../../src-shared/uploadFraming';
import { PRIVATE_FILE_MODE } from '../core/fs/privateFiles';
import { DEFAULT_MAX_FILE_BYTES } from '../core/ingest/limits';
import { newStagedUpload, removeStaleStagedUploads } from '../core/ingest/stagedUploads';
import type { GateDecision } from './callGate';
import { sendJson } from './sendJson';

/** Uploads read at the same time (the UI sends its batches one after the other). */
export const MAX_UPLOADS_IN_FLIGHT = 2;

export interface UploadRouteOptions {
  dataDir: string;
  /** The checks of a call of library.ingestUploads. */
  gate(req: IncomingMessage): GateDecision;
  /** Dispatches library.ingestUploads (as the gate's actor). */
  ingest(input: unknown, actor: string | undefined): Promise<CallResult>;
  maxUploadsInFlight?: number;
  /** Largest file accepted (default: the ingestion's own limit). */
  maxFileBytes?: number;
}

/** An answer before (or instead of) reading the rest of an upload: the connection closes once it is out. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: PhareError | CallResult, headers: Record<string, string> = {}): void {
  const body = error instanceof PhareError ? { ok: false as const, error: error.toValue() } : error;
  sendJson(res, status, body, { ...headers, Connection: 'close' });
  res.on('finish', () => req.destroy());
}

class UploadRejected extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

interface StagedFile {
  name: string;
  uploadId: string;
  path: string;
}

export function createUploadRoute(options: UploadRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const maxInFlight = options.maxUploadsInFlight ?? MAX_UPLOADS_IN_FLIGHT;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let inFlight = 0;

  /** Reads the body into staged files; throws UploadRejected for a body that does not match its manifest. */
  async function stage(req: IncomingMessage, declaredLength: number): Promise<{ manifest: UploadManifest; staged: StagedFile[] }> {
    const staged: StagedFile[] = [];
    let header = Buffer.alloc(0);
    let manifest: UploadManifest | null = null;
    // The file being written: its index in the manifest, the bytes it still expects, its handle.
    const file: { index: number; left: number; handle: FileHandle | null } = { index: -1, left: 0, handle: null };

    /** Closes the file that is complete and opens the next (zero-byte files are done at once). */
    const nextFile = async (files: UploadManifest['files']) => {
      while (file.left === 0 && file.index < files.length) {
        await file.handle?.close();
        file.handle = null;
        file.index++;
        if (file.index === files.length) return;
        const { uploadId, path } = await newStagedUpload(options.dataDir);
        staged.push({ name: files[file.index].name, uploadId, path });
        file.handle = await open(path, 'wx', PRIVATE_FILE_MODE);
        file.left = files[file.index].size;
      }
    };

    try {
      // Not destroyed when the loop stops early: a refusal is still answered before the connection closes.
      for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        let data = chunk;
        if (!manifest) {
          header = Buffer.concat([header, data]);
          if (header.length < 4) continue;
          const length = header.readUInt32BE(0);
          if (length > MAX_UPLOAD_MANIFEST_BYTES) throw new UploadRejected(413, `the upload's manifest is larger than ${MAX_UPLOAD_MANIFEST_BYTES} bytes`);
          if (header.length < 4 + length) continue;
          manifest = parseManifest(header.subarray(4, 4 + length));
          const total = manifest.files.reduce((sum, f) => sum + f.size, 4 + length);
          const tooBig = manifest.files.find((f) => f.size > maxFileBytes);
          if (tooBig) throw new UploadRejected(413, `${tooBig.name} is larger than ${Math.round(maxFileBytes / (1024 * 1024))} MB`);
          if (total !== declaredLength) throw new UploadRejected(400, `the body is ${declaredLength} bytes, its manifest says ${total}`);
          data = header.subarray(4 + length);
          header = Buffer.alloc(0);
          await nextFile(manifest.files);
        }
        while (data.length > 0) {
          if (!file.handle) throw new UploadRejected(400, 'the body is longer than its manifest says');
          const take = Math.min(file.left, data.length);
          // Awaited before the next chunk is read: a slow disk slows the sender, memory stays flat.
          await file.handle.write(data.subarray(0, take));
          file.left -= take;
          data = data.subarray(take);
          await nextFile(manifest.files);
        }
      }
      if (!manifest || file.index < manifest.files.length) throw new UploadRejected(400, 'the upload ended before its last file');
      return { manifest, staged };
    } catch (error) {
      await file.handle?.close().catch(() => undefined);
      await Promise.all(staged.map((f) => rm(f.path, { force: true })));
      throw error;
    }
  }

  return async (req, res) => {
    if (req.method !== 'POST') return void sendJson(res, 405, { ok: false, error: new PhareError('VALIDATION', { detail: 'POST only' }).toValue() }, { Allow: 'POST' });
    const gate = options.gate(req);
    if (!gate.passed) return refuse(req, res, gate.status, gate.body, gate.headers);
    // The length is known in advance (a browser sends its Blob's): the manifest is checked against it.
    const declared = Number(req.headers['content-length']);
    if (!Number.isFinite(declared) || req.headers['transfer-encoding'] !== undefined) {
      return refuse(req, res, 411, new PhareError('VALIDATION', { detail: 'an upload needs a Content-Length' }));
    }
    if (inFlight >= maxInFlight) {
      return refuse(req, res, 503, new PhareError('SERVER_BUSY', { seconds: 2 }), { 'Retry-After': '2' });
    }
    inFlight++;
    let staged: StagedFile[] = [];
    try {
      void removeStaleStagedUploads(options.dataDir);
      let manifest: UploadManifest;
      try {
        ({ manifest, staged } = await stage(req, declared));
      } catch (error) {
        if (req.destroyed || !(error instanceof UploadRejected)) return void req.destroy();
        return refuse(req, res, error.status, new PhareError('VALIDATION', { detail: error.detail }));
      }
      const input = { files: staged.map((f) => ({ name: f.name, uploadId: f.uploadId })), collection: manifest.collection, ocr: manifest.ocr };
      let result: CallResult;
      try {
        result = await options.ingest(input, gate.actor);
      } catch (error) {
        result = { ok: false, error: new PhareError('INTERNAL', { detail: error instanceof Error ? error.message : String(error) }).toValue() };
      }
      // Not claimed by a job: nothing of it stays.
      if (!result.ok) await Promise.all(staged.map((f) => rm(f.path, { force: true })));
      if (!res.destroyed) sendJson(res, 200, result);
    } finally {
      inFlight--;
    }
  };
}

function parseManifest(bytes: Buffer): UploadManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UploadRejected(400, `the upload's manifest is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = UploadManifestSchema.safeParse(json);
  if (!parsed.success) throw new UploadRejected(400, `the upload's manifest is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
