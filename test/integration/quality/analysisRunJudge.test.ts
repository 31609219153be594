/**
 * The analysis run with a judge, on a real library and real quality tables: what each kind of judge
 * failure does (output that is not the JSON asked for, a time-out, an inference host killed in the
 * middle of a call), a judge call stopped by the user's question and asked again, cancelling, and
 * the tiny GGUF model judging for real under its JSON-schema grammar.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feedback } from '../../../src-shared/feedback';
import type { Settings } from '../../../src-shared/domain';
import { QUALITY_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { createEventBus } from '../../../src-main/core/eventBus';
import { createModelService } from '../../../src-main/core/llm/modelService';
import type { ChatModel, GenerateRequest, GenerateResult } from '../../../src-main/core/llm/types';
import { createAnalysisRunner, type Judge } from '../../../src-main/core/quality/analysisRun';
import { createChunkDecisions } from '../../../src-main/core/quality/chunkDecisions';
import { openQualityStore, type QualityStore } from '../../../src-main/core/quality/qualityStore';
import { openLibraryStore, type LibraryStore, type StoredChunkRecord } from '../../../src-main/core/store/libraryStore';
import { createUserActivity } from '../../../src-main/core/userActivity';
import { feedbackRecord, feedbackSource } from '../../helpers/feedbackFixtures';
import { corpusFile, tinyChatModel } from '../../helpers/paths';
import { ingest, openTestCore } from '../../helpers/testCore';
import { recordingLauncher, testSettings } from '../llm/helpers';

let dataDir: string;
let store: LibraryStore;
let chunks: StoredChunkRecord[];

beforeAll(async () => {
  const t = await openTestCore({ language: 'en', chunkSize: 300, chunkOverlap: 0, chunkUnit: 'characters' });
  dataDir = t.dataDir;
  const [result] = await ingest(t.client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt')]);
  expect(result.status).toBe('ready');
  await t.dispose();
  store = await openLibraryStore(dataDir);
  chunks = await store.listChunks(result.documentId!);
  expect(chunks.length).toBeGreaterThanOrEqual(6);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Three wrong-source marks on each of these chunks: enough votes to make each a candidate. */
function feedbackAgainst(chunkIds: string[]): Feedback[] {
  return chunkIds.flatMap((chunkId) =>
    [0, 1, 2].map((i) =>
      feedbackRecord(`${chunkId}-${i}`, [feedbackSource(1, [chunkId], { documentId: chunks[0].documentId })], {
        thumbs: 'down',
        wrongSources: [1],
        comment: `not about this (${i})`,
      }),
    ),
  );
}

/** A judge whose behaviour is chosen by the passage it is shown. */
function scriptedJudge(behaviours: Map<string, (request: GenerateRequest, call: number) => Promise<GenerateResult>>): { judge: Judge; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const model: ChatModel = {
    id: 'scripted-judge',
    contextSize: 4096,
    async countTokens(text) {
      return Math.ceil(text.length / 3);
    },
    async generate(request) {
      const prompt = request.messages.map((m) => m.content).join('\n');
      // A passage's own case (a document's case quotes passages too, and gets the default answer).
      const chunk = prompt.includes('Passage:') ? chunks.find((c) => prompt.includes(c.text.replace(/\s+/g, ' ').trim().slice(0, 80))) : undefined;
      const key = chunk?.id ?? 'document';
      const call = (calls.get(key) ?? 0) + 1;
      calls.set(key, call);
      const behaviour = behaviours.get(key) ?? (async () => result('{"verdict": "keep", "reason": "fine"}'));
      return behaviour(request, call);
    },
  };
  return { judge: { id: model.id, model }, calls };
}

function result(text: string, stopReason: GenerateResult['stopReason'] = 'eos'): GenerateResult {
  return { text, tokens: 10, promptTokens: 100, stopReason, ttftMs: 1, generationMs: 1 };
}

/** Waits for the request's abort (a judge that never answers), then ends as node-llama-cpp does. */
function hang(request: GenerateRequest): Promise<GenerateResult> {
  return new Promise((resolve) => {
    const stop = () => resolve(result('{"verd', 'aborted'));
    if (request.signal?.aborted) stop();
    else request.signal?.addEventListener('abort', stop, { once: true });
  });
}

async function setup(getJudge: () => Promise<Judge | null>, feedback: Feedback[], quality: Partial<Settings['quality']> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'phare-quality-run-'));
  // The quality tables live in their own folder here so each test starts from none.
  const qualityStore: QualityStore = await openQualityStore(join(dir, 'quality.lance'));
  const events = createEventBus();
  const activity = createUserActivity();
  const settings: Settings = testSettings({ quality: { ...QUALITY_SETTINGS_DEFAULTS, judgeTimeoutSeconds: 5, ...quality } });
  const decisions = createChunkDecisions({ store, quality: qualityStore, events });
  const runner = createAnalysisRunner({
    quality: qualityStore,
    store,
    feedback: { allCurrent: async () => feedback },
    decisions,
    getSettings: () => settings,
    getJudge,
    activity,
    events,
  });
  return {
    runner,
    quality: qualityStore,
    activity,
    events,
    async close() {
      await runner.dispose();
      await qualityStore.close();
      // Flags set by a test are cleared for the next one.
      for (const c of await store.flaggedChunks('blacklisted')) await store.updateChunkFlags(c.id, { blacklisted: false });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the analysis run with a judge', () => {
  it('leaves a candidate to a person when the judge writes no valid JSON, times out or its host dies, and goes on', async () => {
    const [invalid, slow, crashed, good] = chunks;
    const launch = recordingLauncher();
    const models = createModelService({
      getSettings: () => testSettings({ chatModelPath: tinyChatModel }),
      modelsDir: dataDir,
      launcher: launch.launcher,
      onStatus: () => undefined,
      onLog: () => undefined,
    });
    const real = (await models.getChatModel())!;
    const { judge, calls } = scriptedJudge(
      new Map([
        [invalid.id, async () => result('I think this passage should go.')],
        [slow.id, hang],
        // The real model, its host killed as the first token comes out.
        [crashed.id, (request) => real.generate({ ...request, onToken: () => launch.channels.at(-1)!.kill() })],
        [good.id, async () => result('{"verdict": "blacklist", "reason": "answers another question"}')],
      ]),
    );
    const t = await setup(async () => judge, feedbackAgainst([invalid.id, slow.id, crashed.id, good.id]));
    try {
      await t.runner.start('manual');
      await t.runner.idle();
      const [run] = await t.quality.listRuns(1);
      expect(run.status).toBe('completed');
      expect(run.judgeModel).toBe('scripted-judge');
      expect(run.counts).toMatchObject({ candidates: 4, blacklisted: 1, sentToReview: 3 });
      expect(run.counts.judgeErrors).toBeGreaterThanOrEqual(3);

      const review = await t.quality.listReview('pending');
      const errors = new Map(review.filter((r) => r.kind === 'blacklist').map((r) => [r.chunkId, r.judgeError?.code]));
      expect(errors).toEqual(
        new Map([
          [invalid.id, 'JUDGE_INVALID_OUTPUT'],
          [slow.id, 'JUDGE_TIMEOUT'],
          [crashed.id, 'MODEL_CRASHED'],
        ]),
      );
      expect(review.every((r) => r.why === 'judge-error')).toBe(true);
      expect(calls.get(crashed.id)).toBe(1);

      const [flagged] = await store.getChunks([good.id], { includeBlacklisted: true });
      expect(flagged.blacklisted).toBe(true);
      const [entry] = await t.quality.listAudit({ chunkId: good.id });
      expect(entry).toMatchObject({ action: 'blacklist', judgeVerdict: 'blacklist', reason: 'answers another question', actor: run.id, votes: 3 });
      expect(JSON.parse(entry.judgeRaw!)).toEqual({ verdict: 'blacklist', reason: 'answers another question' });
      // The model works again after the crash, in a new host.
      const after = await real.generate({ messages: [{ role: 'user', content: 'Again?' }], maxTokens: 5, temperature: 0 });
      expect(after.tokens).toBeGreaterThan(0);
      expect(launch.channels).toHaveLength(2);
    } finally {
      await t.close();
      await models.dispose();
    }
  });

  it('stops a judge call when the user asks a question, and asks it again once the answer is done', async () => {
    const [target] = chunks;
    let askUser: (() => void) | null = null;
    const { judge, calls } = scriptedJudge(
      new Map([
        [
          target.id,
          async (request, call) => {
            if (call > 1) return result('{"verdict": "keep", "reason": "fine after all"}');
            askUser?.();
            return hang(request);
          },
        ],
      ]),
    );
    const t = await setup(async () => judge, feedbackAgainst([target.id]), { judgeTimeoutSeconds: 600 });
    const answered: number[] = [];
    askUser = () => void t.activity.track(async () => void (await new Promise((r) => setTimeout(r, 300)), answered.push(Date.now())));
    try {
      await t.runner.start('manual');
      await t.runner.idle();
      const [run] = await t.quality.listRuns(1);
      expect(run.status).toBe('completed');
      expect(calls.get(target.id)).toBe(2);
      expect(answered).toHaveLength(1);
      // Stopped for the user: neither an error nor a review item.
      expect(run.counts).toMatchObject({ judgeCalls: 1, judgeErrors: 0, kept: 1, sentToReview: 0 });
    } finally {
      await t.close();
    }
  });

  it('cancels between decisions: what was decided stays, the rest waits for the next run', async () => {
    const [first, second] = chunks;
    let cancel: (() => void) | null = null;
    const { judge } = scriptedJudge(
      new Map([
        [first.id, async () => result('{"verdict": "blacklist", "reason": "wrong"}')],
        [
          second.id,
          (request) => {
            cancel?.();
            return hang(request);
          },
        ],
      ]),
    );
    // One good vote for the second chunk: the first gets the lower score, so it is judged first.
    const praise = feedbackRecord('praise', [feedbackSource(1, [second.id], { documentId: second.documentId })], { thumbs: 'up' });
    const t = await setup(async () => judge, [...feedbackAgainst([first.id, second.id]), praise]);
    cancel = () => t.runner.cancel();
    try {
      await t.runner.start('manual');
      await t.runner.idle();
      const [run] = await t.quality.listRuns(1);
      expect(run.status).toBe('cancelled');
      expect(run.endedAt).not.toBeNull();
      expect(run.counts.blacklisted).toBe(1);
      expect((await store.getChunks([first.id], { includeBlacklisted: true }))[0].blacklisted).toBe(true);
      expect((await store.getChunks([second.id], { includeBlacklisted: true }))[0].blacklisted).toBe(false);
      expect(await t.quality.listReview('pending')).toEqual([]);
      expect((await t.quality.listAudit()).map((a) => a.chunkId)).toEqual([first.id]);
    } finally {
      await t.close();
    }
  });

  it('judges with the tiny GGUF model: its output follows the JSON schema, and the verdict is recorded', async () => {
    const models = createModelService({
      getSettings: () => testSettings({ chatModelPath: tinyChatModel }),
      modelsDir: dataDir,
      launcher: recordingLauncher().launcher,
      onStatus: () => undefined,
      onLog: () => undefined,
    });
    const model = (await models.getChatModel())!;
    const targets = chunks.slice(0, 3).map((c) => c.id);
    const t = await setup(async () => ({ id: model.id, model }), feedbackAgainst(targets), { judgeTimeoutSeconds: 120 });
    try {
      await t.runner.start('manual');
      await t.runner.idle();
      const [run] = await t.quality.listRuns(1);
      expect(run.status).toBe('completed');
      expect(run.judgeModel).toBe('tiny-chat.gguf');
      expect(run.counts.candidates).toBe(3);
      // The tiny model's words mean nothing, but the grammar holds them to the schema: every call gives a verdict.
      expect(run.counts.judgeErrors).toBe(0);
      expect(run.counts.blacklisted + run.counts.kept).toBe(3);
      const audit = await t.quality.listAudit();
      for (const id of targets) {
        const entry = audit.find((a) => a.chunkId === id)!;
        expect(['blacklist', 'keep']).toContain(entry.action);
        expect(JSON.parse(entry.judgeRaw!).verdict).toBe(entry.judgeVerdict);
      }
    } finally {
      await t.close();
      await models.dispose();
    }
  });
});
