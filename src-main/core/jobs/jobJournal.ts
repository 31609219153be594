/**
 * The on-disk record of ingestion jobs, so a batch survives the app being killed: one JSON-lines file
 * per job in `<dataDir>/jobs/`. The first line (written whole through a temporary file and a rename)
 * declares the job and its files; each later line is appended when something happens (a file's
 * document id is known, a file finished, the job was paused or resumed). A line cut short by a kill
 * is ignored when read back, and the file is rewritten compactly before anything is appended to it
 * again, so a torn line never sits in the middle. A finished job's file is deleted.
 *
 * Appends are not fsync'ed: a killed process loses nothing the kernel already has, and a power cut
 * at worst re-runs a file (ingestion is idempotent by content hash).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { appendFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { IngestResultSchema, OcrModeSchema } from '../../../src-shared/domain';
import { ensurePrivateDirSync, PRIVATE_FILE_MODE, writePrivateFile } from '../fs/privateFiles';
import { isProcessAlive } from '../processAlive';

export const JOBS_FOLDER = 'jobs';

const JobFileSchema = z.object({ path: z.string(), displayName: z.string() });
export type JobFile = z.infer<typeof JobFileSchema>;

/** What a job re-runs on a document it replaces (re-ingestion). */
export const ReingestOptionsSchema = z.object({
  documentId: z.string(),
  ocr: OcrModeSchema.optional(),
  chunkSize: z.number().int().positive().optional(),
  chunkOverlap: z.number().int().nonnegative().optional(),
});
export type ReingestOptions = z.infer<typeof ReingestOptionsSchema>;

export const JobHeaderSchema = z.object({
  type: z.literal('job'),
  jobId: z.string(),
  kind: z.enum(['paths', 'upload', 'reingest', 'watch']),
  collection: z.string(),
  createdAt: z.string(),
  files: z.array(JobFileSchema),
  /** A staging folder deleted when the job ends (uploads). */
  cleanupFolder: z.string().nullable(),
  reingest: ReingestOptionsSchema.nullable(),
  /** OCR mode chosen for the job's files (absent: the settings'). */
  ocr: OcrModeSchema.optional(),
  /** The process running the job: another live process's jobs are not resumed from under it. */
  ownerPid: z.number().int(),
});
export type JobHeader = z.infer<typeof JobHeaderSchema>;

const JobEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('document'), index: z.number().int().nonnegative(), documentId: z.string() }),
  z.object({ type: z.literal('file'), index: z.number().int().nonnegative(), result: IngestResultSchema }),
  z.object({ type: z.literal('paused'), paused: z.boolean() }),
  z.object({ type: z.literal('cancelled') }),
]);
export type JobEvent = z.infer<typeof JobEventSchema>;

/** A job as read back from disk: its header, the results it had, what it knew, whether it was paused. */
export interface JournaledJob {
  header: JobHeader;
  results: Map<number, z.infer<typeof IngestResultSchema>>;
  documentIds: Map<number, string>;
  paused: boolean;
  cancelled: boolean;
}

export interface JobJournal {
  create(header: JobHeader): Promise<void>;
  append(jobId: string, event: JobEvent): Promise<void>;
  remove(jobId: string): Promise<void>;
  /**
   * Every unfinished job on disk that no other live process runs, oldest first, taken over by this
   * process: each file is rewritten compactly (no torn line) with this process as its owner.
   */
  takeOver(options?: { claim?: boolean }): Promise<JournaledJob[]>;
}

export function openJobJournal(dataDir: string): JobJournal {
  const folder = join(dataDir, JOBS_FOLDER);
  // Journals name the files being ingested: owner-only (fs/privateFiles.ts).
  ensurePrivateDirSync(folder);
  const fileOf = (jobId: string) => join(folder, `${jobId.replace(/[^A-Za-z0-9-]/g, '_')}.jsonl`);
  // Writes to one job's file are chained so lines never interleave and a removal comes last. A failed
  // write (EMFILE, a full disk) reaches its caller through `next` only: the bookkeeping below must not
  // make a second, unhandled copy of the rejection (`finally` would), which ended the process.
  const chains = new Map<string, Promise<void>>();
  function chained(jobId: string, write: () => Promise<void>): Promise<void> {
    const next = (chains.get(jobId) ?? Promise.resolve()).then(write, write);
    chains.set(jobId, next);
    const forget = () => {
      if (chains.get(jobId) === next) chains.delete(jobId);
    };
    next.then(forget, forget);
    return next;
  }

  async function writeWhole(jobId: string, lines: unknown[]): Promise<void> {
    const target = fileOf(jobId);
    const temp = `${target}.${randomUUID()}.tmp`;
    await writePrivateFile(temp, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await rename(temp, target);
  }

  return {
    create(header) {
      return chained(header.jobId, () => writeWhole(header.jobId, [header]));
    },
    append(jobId, event) {
      return chained(jobId, () => appendFile(fileOf(jobId), JSON.stringify(event) + '\n', { mode: PRIVATE_FILE_MODE }));
    },
    remove(jobId) {
      return chained(jobId, () => rm(fileOf(jobId), { force: true }));
    },
    async takeOver({ claim = true } = {}) {
      const jobs: JournaledJob[] = [];
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (name.endsWith('.tmp')) {
          await rm(path, { force: true }); // a header write the kill cut short: the job never started
          continue;
        }
        if (!name.endsWith('.jsonl')) continue;
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch (error) {
          // Not readable now (EMFILE, not a file): the library opens anyway, the record is left as it is.
          console.warn(`[jobs] cannot read job record ${name} (${(error as NodeJS.ErrnoException).code ?? error}): skipped`);
          continue;
        }
        const job = parseJournal(text);
        if (!job) {
          console.warn(`[jobs] unreadable job record ${name}: removed`);
          await rm(path, { force: true });
          continue;
        }
        if (job.header.ownerPid !== process.pid && isProcessAlive(job.header.ownerPid)) continue;
        jobs.push(job);
        if (!claim) continue; // a look only (a one-shot CLI command): the file is left as it is
        job.header = { ...job.header, ownerPid: process.pid };
        const lines: unknown[] = [job.header];
        for (const [index, documentId] of job.documentIds) lines.push({ type: 'document', index, documentId });
        for (const [index, result] of job.results) lines.push({ type: 'file', index, result });
        if (job.paused) lines.push({ type: 'paused', paused: true });
        if (job.cancelled) lines.push({ type: 'cancelled' });
        await chained(job.header.jobId, () => writeWhole(job.header.jobId, lines));
      }
      return jobs.sort((a, b) => a.header.createdAt.localeCompare(b.header.createdAt));
    },
  };
}

function parseJournal(text: string): JournaledJob | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = JobHeaderSchema.safeParse(safeJson(lines[0]));
  if (!header.success) return null;
  const job: JournaledJob = { header: header.data, results: new Map(), documentIds: new Map(), paused: false, cancelled: false };
  for (const line of lines.slice(1)) {
    const event = JobEventSchema.safeParse(safeJson(line));
    if (!event.success) continue; // a line the kill cut short
    const e = event.data;
    if ('index' in e && e.index >= job.header.files.length) continue;
    if (e.type === 'document') job.documentIds.set(e.index, e.documentId);
    else if (e.type === 'file') job.results.set(e.index, e.result);
    else if (e.type === 'paused') job.paused = e.paused;
    else job.cancelled = true;
  }
  return job;
}

function safeJson(line: string | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

