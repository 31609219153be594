/**
 * Issue 11 §6: `phare serve` (a child process, reached over HTTP with the API token) is killed with
 * SIGKILL at random moments while it works, and started again each time:
 * - during a batch ingestion of real corpus files and generated ones (two jobs, the second sent while
 *   the first runs), at moments drawn from a seeded generator: a time after the server listens, the
 *   n-th file reaching a pipeline stage (reading, extracting, chunking, embedding, writing, done; the
 *   writing stage is where a document's three tables are committed), or during the start itself
 *   (while the previous crash is recovered); and once right after a job was accepted;
 * - during analysis runs (feedback given first, the tiny chat model as judge): after the n-th judged
 *   chunk, or during the scoring step.
 * After every kill the library on disk is read with LanceDB (every table scanned whole, every `ready`
 * document with its chunks, pages, vectors and original); after every start the API is checked (no
 * two documents for one file or one content, every ready document whole, no search hit from a document
 * that is not ready). In the end every file is ingested exactly once, and every killed run is marked
 * `interrupted`, its decisions whole.
 *
 * Every ingestion kill must land while files are being ingested: small reserve batches are sent as
 * more jobs when few files are left (before a kill is armed, and while it is armed when only the last
 * file runs), so a fast machine still has work at each of the 20 kills; a slow one sends none.
 *
 * The seed is printed; `PHARE_FAULT_SEED=<seed>` replays the same kill moments (the timing of the
 * machine still varies). About 2.5-3 minutes on a shared 2-core machine.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentRecord, IngestProgress } from '../../../src-shared/domain';
import type { AnalysisRun } from '../../../src-shared/quality';
import type { JobSummary } from '../../../src-shared/libraryManagement';
import type { ContractClient } from '../../../src-shared/rpc';
import { corpusDir, corpusFile, tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { readLibraryOnDisk } from './libraryOnDisk';
import { childPids, isRunning, openEvents, startServe, type ServeProcess } from './serveProcess';
import { seededRandom } from '../../../src-main/core/seededRandom';

const SEED = process.env.PHARE_FAULT_SEED ? Number(process.env.PHARE_FAULT_SEED) : Math.floor(Math.random() * 2 ** 31);
const INGEST_KILLS = 20;
const ANALYSIS_KILLS = 6;
/** Ingestion kills allowed to find no job running (a fast machine ends a batch between two draws). */
const MAX_IDLE_KILLS = 3;
const idleKills: string[] = [];
/** A drawn moment that has not come this long after the server listens: the kill happens anyway. */
const TRIGGER_FALLBACK_MS = 5_000;
/**
 * Files left to ingest below which a reserve batch is sent before a kill is armed (and, while one is
 * armed, when only the last file is left), so that every kill lands while files are being ingested.
 */
const LOW_WATER_FILES = 4;

const random = seededRandom(SEED);
const between = (min: number, max: number) => Math.round(min + random() * (max - min));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const say = (message: string) => console.log(`[kill -9, seed ${SEED}] ${message}`);
const why = (message: string) => `${message} (replay: PHARE_FAULT_SEED=${SEED})`;

const dataDir = mkdtempSync(join(tmpdir(), 'phare-kill9-'));
const inputs = mkdtempSync(join(tmpdir(), 'phare-kill9-in-'));
const serveArgs = ['--embedding-model', tinyEmbedModel];
let current: ServeProcess | null = null;
const kills: string[] = [];

afterAll(async () => {
  await current?.kill('SIGKILL');
  say(`${kills.length} kills:\n  ${kills.join('\n  ')}`);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(inputs, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The batch: real corpus files and generated notes, each note with a word only it contains.

const MARKERS = Array.from({ length: 16 }, (_, i) => `kq${i}vz`);

function note(i: number): string {
  const ext = ['txt', 'md', 'html'][i % 3];
  const path = join(inputs, `note-${i}.${ext}`);
  const body = `Le gardien ${i} consigne le feu du phare et le mot ${MARKERS[i]} dans son registre.`;
  writeFileSync(path, ext === 'html' ? `<html><body><h1>Registre ${i}</h1><p>${body}</p></body></html>` : `Registre ${i}\n\n${body}\n`);
  return path;
}

function qaDocs(set: 'piaf_fr' | 'xquad_en', from: number, count: number): string[] {
  const dir = join(corpusDir, 'qa', set, 'docs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(from, from + count)
    .map((f) => join(dir, f));
}

interface Batch {
  jobA: string[];
  jobB: string[];
  /**
   * Small batches sent as more jobs only when the others are about to end (a fast machine), so that
   * every kill still lands during an ingestion. Unsent ones are never ingested: a slow machine uses none.
   */
  reserve: string[][];
  /** Two files with the same bytes: one document for both. */
  duplicate: [string, string];
  /** Fails on its content (a document in `failed`, never half-written). */
  broken: string;
}

function buildBatch(): Batch {
  const notes = MARKERS.map((_, i) => note(i));
  const copy = join(inputs, 'note-3-copie.txt');
  copyFileSync(notes[3], copy);
  const pdf = readFileSync(corpusFile('pdf', 'pdfjs_tracemonkey.pdf'));
  const broken = join(inputs, 'tronque.pdf');
  writeFileSync(broken, pdf.subarray(0, Math.floor(pdf.length / 3)));
  const piaf = qaDocs('piaf_fr', 0, 12);
  const xquad = qaDocs('xquad_en', 0, 12);
  // One file at a time on 2 cores: small and medium files alternate so kills land in many kinds of work.
  const jobA = [
    ...piaf.slice(0, 3),
    notes[0],
    corpusFile('pdf', 'pdfjs_tracemonkey.pdf'),
    notes[1],
    corpusFile('office', 'docx', 'docx4j_sample-docx.docx'),
    ...piaf.slice(3, 6),
    notes[2],
    corpusFile('office', 'pptx', 'docx4j_table.pptx'),
    notes[3],
    corpusFile('office', 'docx', 'mammoth_tables.docx'),
    ...piaf.slice(6, 9),
    corpusFile('pdf', 'llama_598us1r3_j4ek.pdf'),
    notes[4],
    corpusFile('office', 'xlsx', 'docx4j_comments.xlsx'),
    broken,
    ...piaf.slice(9),
    notes[5],
    notes[6],
    notes[7],
  ];
  const jobB = [
    ...xquad.slice(0, 4),
    notes[8],
    corpusFile('pdf', 'pdfjs_prefilled_f1040.pdf'),
    copy,
    notes[9],
    corpusFile('office', 'docx', 'docx4j_toc.docx'),
    ...xquad.slice(4, 8),
    notes[10],
    notes[11],
    corpusFile('ocr', 'en', 'tessjs_testocr.png'),
    ...xquad.slice(8),
    notes[12],
    notes[13],
    // The slow ones last (OCR of a scanned page), so the kills do not all land in them.
    corpusFile('pdf', 'ocrmypdf_scanned_linn.pdf'),
    notes[14],
    notes[15],
  ];
  const reserve = Array.from({ length: 12 }, (_, n) => qaDocs('piaf_fr', 12 + 5 * n, 5));
  return { jobA, jobB, reserve, duplicate: [notes[3], copy], broken };
}

// ---------------------------------------------------------------------------------------------
// Kill moments.

const STAGES = ['reading', 'extracting', 'chunking', 'embedding', 'writing', 'done'] as const;
type IngestTrigger =
  | { kind: 'after'; ms: number }
  | { kind: 'stage'; stage: (typeof STAGES)[number]; nth: number; extraMs: number }
  | { kind: 'starting'; ms: number }
  | { kind: 'accepted' };

function drawIngestTrigger(): IngestTrigger {
  const r = random();
  if (r < 0.35) return { kind: 'after', ms: between(0, 2500) };
  if (r < 0.85) return { kind: 'stage', stage: pick(STAGES), nth: between(1, 2), extraMs: between(0, 40) };
  return { kind: 'starting', ms: between(300, 4000) };
}

const describeTrigger = (t: IngestTrigger | AnalysisTrigger): string =>
  t.kind === 'after'
    ? `${t.ms} ms after the jobs were checked`
    : t.kind === 'stage'
      ? `${t.extraMs} ms after file #${t.nth} reached '${t.stage}'`
      : t.kind === 'starting'
        ? `${t.ms} ms into the start (recovery)`
        : t.kind === 'accepted'
          ? 'as soon as a job was accepted'
          : t.kind === 'judged'
            ? `${t.extraMs} ms after judge call #${t.n}`
            : `${t.ms} ms into the run`;

type AnalysisTrigger = { kind: 'judged'; n: number; extraMs: number } | { kind: 'scoring'; ms: number };

function drawAnalysisTrigger(): AnalysisTrigger {
  return random() < 0.75 ? { kind: 'judged', n: between(1, 3), extraMs: between(0, 300) } : { kind: 'scoring', ms: between(0, 600) };
}

/** A job just accepted, before its first event. */
const acceptedJob: JobSummary = {
  jobId: '',
  kind: 'paths',
  collection: 'default',
  state: 'running',
  createdAt: '',
  total: 0,
  finished: 0,
  failed: 0,
  duplicates: 0,
  active: 0,
  progress: 0,
  resumed: false,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills the server, then checks that its inference host went with it and what it left on disk. */
async function killAndInspect(server: ServeProcess, label: string): Promise<void> {
  const hosts = childPids(server.pid);
  await server.kill('SIGKILL');
  current = null;
  // The inference host notices its parent is gone (IPC disconnect) and exits.
  const deadline = Date.now() + 15_000;
  while (hosts.some(isRunning) && Date.now() < deadline) await sleep(100);
  const orphans = hosts.filter(isRunning);
  for (const pid of orphans) process.kill(pid, 'SIGKILL');
  expect(orphans, why(`${label}: inference host outlived the killed server`)).toEqual([]);
  await expectWholeOnDisk(label);
}

async function expectWholeOnDisk(label: string): Promise<void> {
  const disk = await readLibraryOnDisk(dataDir);
  expect(disk.halfVisible, why(`${label}: documents ready on disk without their whole content`)).toEqual([]);
  const bySha = new Map<string, number>();
  for (const d of disk.documents) bySha.set(d.sha256, (bySha.get(d.sha256) ?? 0) + 1);
  expect([...bySha].filter(([, n]) => n > 1), why(`${label}: one content, several documents`)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// What a client sees after a start.

const checkedWhole = new Set<string>();
const QUERIES = [...MARKERS.slice(0, 6), 'trace-based compilation', 'Super Bowl', 'Algérie', 'gardien du phare registre', 'Court', 'Warsaw'];

async function expectConsistentApi(client: ContractClient, label: string, full = false): Promise<DocumentRecord[]> {
  const docs = await client.call('library.list', {});
  const seen = new Map<string, number>();
  for (const d of docs) seen.set(d.sourcePath, (seen.get(d.sourcePath) ?? 0) + 1);
  expect([...seen].filter(([, n]) => n > 1), why(`${label}: one file, several documents`)).toEqual([]);
  for (const d of docs) expect(['queued', 'processing', 'ready', 'failed'], why(label)).toContain(d.status);
  // Ready documents whole, through the API: a few of those newly ready after each start, all at the end
  // (the disk check after each kill covers every one of them).
  const fresh = docs.filter((doc) => doc.status === 'ready' && !checkedWhole.has(doc.id));
  for (const d of full ? fresh : fresh.sort(() => random() - 0.5).slice(0, 2)) {
    const detail = await client.call('library.detail', { id: d.id });
    expect([detail.chunks.length, detail.pages.length], why(`${label}: ${d.sourcePath} shown ready with part of its content`)).toEqual([d.chunks, d.pages]);
    checkedWhole.add(d.id);
  }
  // No search hit from a document that is not ready (statuses only move forward to ready, so a list
  // read after the searches is a safe reference).
  const hits = [];
  for (const query of full ? QUERIES : [pick(QUERIES), pick(QUERIES), pick(QUERIES)]) {
    hits.push(...(await client.call('search.query', { query, topK: 50, mode: 'fulltext' })));
  }
  hits.push(...(await client.call('search.query', { query: pick(QUERIES), topK: 50, mode: 'hybrid' })));
  const ready = new Set((await client.call('library.list', {})).filter((d) => d.status === 'ready').map((d) => d.id));
  const stray = hits.filter((h) => !ready.has(h.documentId)).map((h) => `${h.title} (${h.documentId})`);
  expect(stray, why(`${label}: search returned chunks of documents that are not ready`)).toEqual([]);
  return docs;
}

async function waitForJobsDone(client: ContractClient, timeoutMs: number): Promise<JobSummary[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await client.call('jobs.list', {});
    const docs = await client.call('library.list', {});
    const busy = jobs.some((j) => j.state === 'running' || j.state === 'paused') || docs.some((d) => d.status === 'queued' || d.status === 'processing');
    if (!busy) return jobs;
    if (Date.now() > deadline) throw new Error(why(`jobs not done after ${timeoutMs} ms: ${JSON.stringify(jobs)}`));
    await sleep(500);
  }
}

describe.sequential('phare serve killed with SIGKILL during work, then restarted', () => {
  const batch = buildBatch();

  it(`ingestion: ${INGEST_KILLS} kills, then every file exactly once and nothing half visible`, async () => {
    say(`data ${dataDir}; ${batch.jobA.length} + ${batch.jobB.length} files`);
    const startedAt = Date.now();
    // First start: settings kept in the library (one thread on this shared machine; no schedule).
    current = await startServe(dataDir, { args: serveArgs });
    const settings = await current.client.call('settings.get', {});
    await current.client.call('settings.update', { threads: 1, quality: { ...settings.quality, scheduleEnabled: false } });
    const submitBAt = Math.floor(INGEST_KILLS / 2);
    const sent: string[][] = [batch.jobA];
    const record = (line: string) => {
      kills.push(line);
      say(line);
    };

    for (let cycle = 0; cycle < INGEST_KILLS; cycle++) {
      let trigger: IngestTrigger = cycle === submitBAt ? { kind: 'accepted' } : drawIngestTrigger();
      if (cycle === 0 && trigger.kind === 'starting') trigger = { kind: 'after', ms: trigger.ms };
      const label = `ingest kill ${cycle + 1}/${INGEST_KILLS}`;
      const spawnedAt = Date.now();

      if (trigger.kind === 'starting') {
        // Killed while starting: the previous crash is being recovered, the resumed jobs begin.
        let child: ChildProcess | null = null;
        const starting = startServe(dataDir, { args: serveArgs, onSpawn: (c) => (child = c) }).catch(() => null);
        await sleep(trigger.ms);
        const listening = await Promise.race([starting, sleep(0).then(() => undefined)]);
        if (listening) {
          current = listening;
          await killAndInspect(listening, label);
          record(`${label}: ${describeTrigger(trigger)} (it was already listening)`);
        } else {
          (child as ChildProcess | null)?.kill('SIGKILL');
          const late = await starting;
          if (late) await late.kill('SIGKILL');
          await expectWholeOnDisk(label);
          record(`${label}: ${describeTrigger(trigger)}`);
        }
        continue;
      }

      const server: ServeProcess = current ?? (await startServe(dataDir, { args: serveArgs }));
      current = server;
      const listeningAt = Date.now();
      const stageCounts = new Map<string, number>();
      const jobStates = new Map<string, JobSummary>();
      let armed = false;
      let onJobChanged: () => void = () => undefined;
      let fire: () => void = () => undefined;
      const fired = new Promise<void>((resolve) => (fire = resolve));
      const events = openEvents(server, (event, payload) => {
        if (event === 'jobs.changed') {
          const job = payload as JobSummary;
          jobStates.set(job.jobId, job);
          onJobChanged();
        }
        if (event !== 'ingest.progress' || !armed || trigger.kind !== 'stage') return;
        const p = payload as IngestProgress;
        if (p.stage !== trigger.stage) return;
        const n = (stageCounts.get(p.stage) ?? 0) + 1;
        stageCounts.set(p.stage, n);
        if (n === trigger.nth) setTimeout(fire, trigger.extraMs);
      });
      await events.ready.catch(() => undefined);
      await expectConsistentApi(server.client, `${label}, after the start`);
      const checkedAt = Date.now();

      if (cycle === 0) await server.client.call('library.ingestPaths', { paths: batch.jobA });
      for (const job of await server.client.call('jobs.list', {})) if (!jobStates.has(job.jobId)) jobStates.set(job.jobId, job);
      const running = () => [...jobStates.values()].filter((j) => j.state === 'running' || j.state === 'paused');
      const filesLeft = () => running().reduce((n, j) => n + j.total - j.finished, 0);
      // More work before the kill is armed when little is left; while it is armed, when the last file
      // runs (the call is answered before the kill: an accepted job is on disk, so it is in `sent`).
      let topUp: Promise<unknown> | null = null;
      const sendReserve = (why: string) => {
        const more = batch.reserve.shift()!;
        sent.push(more);
        say(`${label}: ${why}; ${more.length} more files sent so that the kill lands in an ingestion (${batch.reserve.length} reserve batches left)`);
        return server.client.call('library.ingestPaths', { paths: more }).then((job) => {
          // Counted as running until its own events say otherwise (they may come before the answer).
          if (!jobStates.has(job.jobId)) jobStates.set(job.jobId, { ...acceptedJob, jobId: job.jobId, total: more.length, createdAt: new Date().toISOString() });
        });
      };
      if (trigger.kind !== 'accepted' && filesLeft() < LOW_WATER_FILES && batch.reserve.length > 0) {
        await sendReserve(`${filesLeft()} files left`);
      }
      onJobChanged = () => {
        if (!armed || topUp || filesLeft() > 1) return;
        if (batch.reserve.length > 0) topUp = sendReserve('the last file runs');
        else fire(); // no reserve left: the kill comes now, while the last file runs
      };
      let accepted = '';
      const armedAt = Date.now();
      if (trigger.kind === 'accepted') {
        sent.push(batch.jobB);
        const job = await server.client.call('library.ingestPaths', { paths: batch.jobB });
        server.child.kill('SIGKILL');
        accepted = `, job ${job.jobId.slice(0, 8)} just accepted`;
      } else {
        armed = true;
        if (trigger.kind === 'after') setTimeout(fire, trigger.ms);
        await Promise.race([fired, sleep(TRIGGER_FALLBACK_MS)]);
        // A reserve batch being sent is accepted (on disk) before the kill; the server may be slow.
        armed = false;
        const toppedUp = topUp as Promise<unknown> | null;
        if (toppedUp) await toppedUp;
      }
      const killedAt = Date.now();
      const atKill = running();
      events.close();
      await killAndInspect(server, label);
      const jobsText = atKill.map((j) => `${j.jobId.slice(0, 8)} ${j.finished}/${j.total}`).join(', ') || 'no job running';
      const times = `start ${listeningAt - spawnedAt} ms, API check ${checkedAt - listeningAt} ms, disk check ${Date.now() - killedAt} ms`;
      record(`${label}: ${describeTrigger(trigger)} -> killed ${killedAt - armedAt} ms after; jobs ${jobsText}${accepted} (${times})`);
      // A fast machine can finish every file sent before a drawn moment comes: that kill still tests a
      // restart, but not an interrupted job; most kills must land in an ingestion.
      if (trigger.kind !== 'accepted' && atKill.length === 0) idleKills.push(label);
    }

    expect(idleKills.length, why(`kills that came after the jobs had ended: ${idleKills.join(', ')}`)).toBeLessThanOrEqual(MAX_IDLE_KILLS);

    // The last start: the jobs resume and end.
    current = await startServe(dataDir, { args: serveArgs });
    const client = current.client;
    await expectConsistentApi(client, 'last start');
    const jobs = await waitForJobsDone(client, 240_000);
    say(`ingestion done ${Math.round((Date.now() - startedAt) / 1000)} s after the first start; jobs at the end: ${JSON.stringify(jobs.map((j) => ({ total: j.total, finished: j.finished, failed: j.failed, duplicates: j.duplicates, resumed: j.resumed })))}`);
    const docs = await expectConsistentApi(client, 'the end', true);

    // Every file exactly once.
    const all = sent.flat();
    const bySource = new Map(docs.map((d) => [d.sourcePath, d]));
    const [original, copy] = batch.duplicate;
    const twins = [bySource.get(original), bySource.get(copy)].filter((d): d is DocumentRecord => d !== undefined);
    expect(twins, why('two files with the same bytes make one document')).toHaveLength(1);
    expect(twins[0].status).toBe('ready');
    const broken = bySource.get(batch.broken);
    expect(broken?.status, why('the truncated PDF fails on its content')).toBe('failed');
    expect(broken?.error?.code).toBe('CORRUPT_FILE');
    const missing = all.filter((p) => p !== original && p !== copy && p !== batch.broken).filter((p) => bySource.get(p)?.status !== 'ready');
    expect(missing.map((p) => `${p}: ${bySource.get(p)?.status ?? 'no document'} ${bySource.get(p)?.error?.message ?? ''}`), why('files not ready')).toEqual([]);
    expect(docs, why('documents that are not from the batch')).toHaveLength(all.length - 1);
    // Each generated note found by the word only it has, in exactly one document.
    for (const [i, marker] of MARKERS.entries()) {
      const hits = await client.call('search.query', { query: marker, topK: 10, mode: 'fulltext' });
      const owners = new Set(hits.map((h) => h.documentId));
      expect(owners.size, why(`${marker}: documents holding it`)).toBe(1);
      const owner = docs.find((d) => d.id === hits[0].documentId)!;
      expect(i === 3 ? [original, copy] : [owner.sourcePath]).toContain(owner.sourcePath);
    }
    expect(readdirSync(join(dataDir, 'jobs')), 'finished jobs leave no journal').toEqual([]);
    await current.kill('SIGTERM');
    current = null;
    const disk = await readLibraryOnDisk(dataDir);
    expect(disk.halfVisible).toEqual([]);
    say(`on disk at the end: ${JSON.stringify(disk.tables)}; chunk rows of documents not ready: ${disk.hiddenChunkRows}`);
  }, 600_000);

  it(`analysis runs: ${ANALYSIS_KILLS} kills, each run marked interrupted, decisions whole`, async () => {
    // Feedback first, answered without a model (extractive): thumbs down on every answer's sources.
    current = await startServe(dataDir, { args: serveArgs });
    const questions = [
      'Who won Super Bowl 50?',
      'Where is Warsaw?',
      'Who were the Normans?',
      'What did Nikola Tesla invent?',
      'What is computational complexity theory?',
      'What did Martin Luther write?',
      'Qui est Jakob Böhme ?',
      'Qui est Yoweri Museveni ?',
      'Où se trouve Les Ulis ?',
      'Qu’est-ce que la Transnistrie ?',
      'Où est l’île Saint-Paul ?',
      'Qu’est-ce que le mridang ?',
    ];
    for (const [i, question] of questions.entries()) {
      const answer = await current.client.call('chat.ask', { question, requestId: `kill9-${i}` });
      await current.client.call('feedback.submit', { messageId: answer.messageId!, thumbs: 'down' });
    }
    const settings = await current.client.call('settings.get', {});
    await current.client.call('settings.update', { quality: { ...settings.quality, minVotes: 1, blacklistThreshold: 0.45, judgeTimeoutSeconds: 60 } });
    await current.kill('SIGTERM');
    current = null;

    const withJudge = [...serveArgs, '--model', tinyChatModel];
    const killedRuns: string[] = [];
    const expectRunsInterrupted = async (client: ContractClient, label: string) => {
      const runs = await client.call('quality.runs', { limit: 100 });
      for (const id of killedRuns) {
        const run = runs.find((r) => r.id === id);
        expect(run?.status, why(`${label}: run ${id} killed with its server`)).toBe('interrupted');
        expect(run?.endedAt).not.toBeNull();
      }
      // Every decision whole: each blacklist entry of the audit log has its chunk blacklisted.
      const audit = await client.call('quality.audit', { action: 'blacklist' });
      const blacklisted = new Set((await client.call('quality.chunks', { filter: 'blacklisted' })).map((c) => c.chunkId));
      expect(audit.filter((a) => a.chunkId && !blacklisted.has(a.chunkId)).map((a) => a.chunkId), why(`${label}: audit rows without their flag`)).toEqual([]);
      return { audit: audit.length, blacklisted };
    };

    for (let cycle = 0; cycle < ANALYSIS_KILLS; cycle++) {
      const label = `analysis kill ${cycle + 1}/${ANALYSIS_KILLS}`;
      const trigger = drawAnalysisTrigger();
      const server = await startServe(dataDir, { args: withJudge });
      current = server;
      await expectRunsInterrupted(server.client, `${label}, after the start`);
      let runId: string | null = null;
      let last: AnalysisRun | null = null;
      let fire: () => void = () => undefined;
      const fired = new Promise<void>((resolve) => (fire = resolve));
      const events = openEvents(server, (event, payload) => {
        if (event !== 'quality.run') return;
        const run = payload as AnalysisRun;
        if (runId !== null && run.id !== runId) return;
        last = run;
        if (run.status !== 'running') fire();
        else if (trigger.kind === 'judged' && run.counts.judgeCalls >= trigger.n) setTimeout(fire, trigger.extraMs);
      });
      await events.ready.catch(() => undefined);
      const startedRun = await server.client.call('quality.run', {});
      runId = startedRun.id;
      const runStartedAt = Date.now();
      if (trigger.kind === 'scoring') setTimeout(fire, trigger.ms);
      await Promise.race([fired, sleep(TRIGGER_FALLBACK_MS * 2)]);
      const seen = last as AnalysisRun | null;
      events.close();
      await killAndInspect(server, label);
      killedRuns.push(startedRun.id);
      const state = seen ? `${seen.status}, step ${seen.step}, ${seen.counts.judgeCalls} judge calls, ${seen.counts.blacklisted} blacklisted` : 'no progress seen';
      const line = `${label}: ${describeTrigger(trigger)} -> killed ${Date.now() - runStartedAt} ms into run ${startedRun.id}: ${state}`;
      kills.push(line);
      say(line);
      expect(seen?.status ?? 'running', why(`${label}: the kill came after the run had ended`)).toBe('running');
    }

    // The last start: every killed run interrupted, a new run may start and completes.
    current = await startServe(dataDir, { args: withJudge });
    const client = current.client;
    const before = await expectRunsInterrupted(client, 'last start');
    const started = await client.call('quality.run', {});
    const deadline = Date.now() + 180_000;
    let run: AnalysisRun | undefined;
    for (;;) {
      run = (await client.call('quality.runs', { limit: 5 })).find((r) => r.id === started.id);
      if (run && run.status !== 'running') break;
      if (Date.now() > deadline) throw new Error(why('the run after the kills did not end'));
      await sleep(500);
    }
    expect(run?.status, why(`run after the kills: ${JSON.stringify(run)}`)).toBe('completed');
    const after = await expectRunsInterrupted(client, 'the end');
    say(`analysis: ${before.audit} blacklist decisions before the last run, ${after.audit} after; ${after.blacklisted.size} chunks blacklisted`);
    // Blacklisted chunks stay out of search.
    for (const query of questions) {
      const hits = await client.call('search.query', { query, topK: 50, mode: 'fulltext' });
      expect(hits.filter((h) => after.blacklisted.has(h.chunkId)), why('search returned a blacklisted chunk')).toEqual([]);
    }
    await current.kill('SIGTERM');
    current = null;
    expect((await readLibraryOnDisk(dataDir)).halfVisible).toEqual([]);
  }, 420_000);
});
