/**
 * Every method of the contract answers over each transport (in-process and the HTTP bridge) on a real
 * core with a real LanceDB library, invalid input comes back as a VALIDATION value, an unknown method as
 * UNKNOWN_METHOD, and events reach a WebSocket client. The input table must cover every method.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { openQualityStore } from '../../../src-main/core/quality/qualityStore';
import { openAlertStore } from '../../../src-main/core/metrics/alertStore';
import { HttpBridge, startHttpBridge } from '../../../src-main/server/httpBridge';
import { MethodName, methodNames } from '../../../src-shared/contract';
import type { IngestJobDone } from '../../../src-shared/domain';
import { CallResult, ContractTransport, createContractClient } from '../../../src-shared/rpc';
import { ACCESS_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { bridgeAuth } from '../../helpers/bridgeAuth';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';
import { corpusFile } from '../../helpers/paths';
import { createHttpTestTransport, HttpTestTransport, sendRaw } from './httpTestTransport';
import { invalidInputs, validInputs } from './methodInputs';

const documentPath = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');

/** The transports below, by name (each gets its own review item and recommendations). */
const transportNames = ['in-process', 'HTTP bridge'];

let test: TestCore;
let bridge: HttpBridge;
let http: HttpTestTransport;
let apiToken: string;
let documentId: string;
let chunkId: string;
/** A conversation and one of its answers (the conversations.* and chat.trace/regenerate inputs). */
let conversationId: string;
let answerMessageId: string;
/** An alert of the library (written in beforeAll, as the alert evaluation writes them). */
let alertId = 'set-in-beforeAll';
let backupName = 'set-in-beforeAll';

beforeAll(async () => {
  // Every method with valid and invalid input, in a few seconds: far above the rate limits a person meets,
  // which are tested on their own (test/unit/transport/bridgeAccess.test.ts).
  const access = structuredClone(ACCESS_SETTINGS_DEFAULTS);
  for (const limits of Object.values(access.rateLimits)) for (const cls of Object.keys(limits) as Array<keyof typeof limits>) limits[cls] = 100_000;
  test = await openTestCore({ access });
  const [result] = await ingest(test.client, [documentPath]);
  expect(result.status).toBe('ready');
  documentId = result.documentId!;
  chunkId = (await test.client.call('search.query', { query: 'Super Bowl', topK: 1 }))[0].chunkId;
  const asked = await test.client.call('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'setup' });
  conversationId = asked.conversationId!;
  answerMessageId = asked.messageId!;
  // Decisions waiting for a person, one set per transport (deciding closes them), written as a run writes them.
  const quality = await openQualityStore(join(test.dataDir, 'library.lance'));
  const now = new Date().toISOString();
  // Other chunks than the one `quality.setChunkFlag` restores (which settles that chunk's pending items).
  const reviewed = (await test.client.call('search.query', { query: 'Super Bowl', topK: 3, mode: 'fulltext' })).map((h) => h.chunkId).filter((id) => id !== chunkId);
  expect(reviewed.length).toBeGreaterThanOrEqual(2);
  for (const [index, name] of transportNames.entries()) {
    const tag = name.replace(/\W+/g, '-');
    const base = { documentId, createdAt: now, updatedAt: now, runId: null, judgeVerdict: null, judgeReason: null, jobId: null, documentTitle: 'Super Bowl 50' };
    const apply = { ...base, id: `apply-${tag}`, status: 'open' as const, reasons: [{ code: 'low-score-share' as const, params: { low: 2, scored: 3, share: 0.667 } }], suggested: {} };
    await quality.addRecommendation(apply);
    await quality.addRecommendation({ ...apply, id: `dismiss-${tag}` });
    await quality.addReviewItems([
      {
        id: `review-${tag}`,
        kind: 'blacklist',
        status: 'pending',
        chunkId: reviewed[index],
        documentId,
        documentTitle: 'Super Bowl 50',
        page: 1,
        text: 'a passage',
        score: 0.1,
        votes: 3,
        why: 'no-judge',
        judgeVerdict: null,
        judgeError: null,
        recommendationId: null,
        evidence: [],
        runId: null,
        createdAt: now,
        decidedAt: null,
      },
    ]);
  }
  await quality.close();
  // An alert, as the minute's evaluation writes one.
  const alerts = await openAlertStore(join(test.dataDir, 'library.lance'));
  alertId = 'alert-reachability';
  await alerts.add({ id: alertId, rule: 'low-disk', severity: 'critical', state: 'firing', value: 0.01, threshold: 0.05, firedAt: now, resolvedAt: null, acknowledgedAt: null });
  await alerts.close();
  backupName = (await test.client.call('backup.create', {})).name;
  const auth = bridgeAuth(test.dataDir);
  apiToken = auth.apiToken;
  bridge = await startHttpBridge({ dispatch: test.core.dispatch, events: test.core.events, port: 0, auth });
  http = createHttpTestTransport(bridge.url, apiToken);
  await http.ready;
});

afterAll(async () => {
  http?.close();
  await bridge?.close();
  await test?.dispose();
  if (test) rmSync(test.dataDir, { recursive: true, force: true });
});

/** Both transports, as the raw `call` a generic adapter offers. */
const transports: Array<[string, () => Pick<ContractTransport, 'call'> & { raw(method: string, body: unknown): Promise<CallResult> }]> = [
  [
    'in-process',
    () => ({
      call: (method, input) => test.core.dispatch(method, input),
      raw: (method, body) => test.core.dispatch(method, body),
    }),
  ],
  [
    'HTTP bridge',
    () => ({
      call: (method, input) => http.call(method, input),
      raw: (method, body) => sendRaw(bridge.url, method, JSON.stringify(body), apiToken),
    }),
  ],
];

it('has a valid input for every method of the contract, and nothing else', () => {
  const table = validInputs({ documentId: 'x', chunkId: 'x', documentPath: 'x', tag: 'x', conversationId: 'x', answerMessageId: 'x', reviewItemId: 'x', recommendationId: 'x', alertId: 'x', backupName: 'x' });
  expect(Object.keys(table).sort()).toEqual([...methodNames].sort());
});

describe.each(transports)('over %s', (name, transport) => {
  const tag = name.replace(/\W+/g, '-');

  it.each(methodNames)('%s answers a valid input', async (method: MethodName) => {
    const input = validInputs({ documentId, chunkId, documentPath, tag, conversationId, answerMessageId, reviewItemId: `review-${tag}`, recommendationId: `${method === 'quality.applyRecommendation' ? 'apply' : 'dismiss'}-${tag}`, alertId, backupName })[method];
    const result = await transport().call(method, input);
    expect(result.ok ? null : result.error, `${method} failed`).toBeNull();
  });

  it.each(methodNames)('%s refuses invalid input with VALIDATION', async (method: MethodName) => {
    for (const input of [42, 'not an object', ...(invalidInputs[method] ?? [])]) {
      const result = await transport().raw(method, input);
      expect(result.ok, `${method} accepted ${JSON.stringify(input)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('VALIDATION');
        expect(result.error.message).toMatch(/\S/);
        expect(result.error.message).not.toMatch(/\n\s+at /); // no stack trace
      }
    }
  });

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    for (const method of ['library.format', '__proto__', 'constructor', '']) {
      const result = await transport().raw(method, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNKNOWN_METHOD');
    }
  });

  it('returns contract errors as values', async () => {
    const result = await transport().call('library.get', { id: 'no-such-document' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
  });
});

describe('over the HTTP bridge, events', () => {
  it('binds 127.0.0.1', () => {
    expect(new URL(bridge.url).hostname).toBe('127.0.0.1');
  });

  it('delivers ingestion events to a WebSocket client, through a typed client', async () => {
    const client = createContractClient(http);
    const seen: string[] = [];
    const offProgress = client.on('ingest.progress', (p) => seen.push(p.stage));
    let jobId: string | null = null;
    const early: IngestJobDone[] = [];
    const done = new Promise<IngestJobDone>((resolve) => {
      client.on('ingest.done', (d) => (jobId === d.jobId ? resolve(d) : early.push(d)));
    });
    const job = await client.call('library.ingestUploads', {
      files: [{ name: 'events.md', dataBase64: Buffer.from('# Events\n\nA note that travels over the WebSocket.').toString('base64') }],
    });
    jobId = job.jobId;
    const finished = early.find((d) => d.jobId === job.jobId) ?? (await done);
    offProgress();
    expect(finished.results).toHaveLength(1);
    expect(finished.results[0].status).toBe('ready');
    expect(seen.length).toBeGreaterThan(0);
  });

  it('reaches the same library as the in-process client', async () => {
    const viaHttp = await createContractClient(http).call('library.list', {});
    const inProcess = await createInProcessClient(test.core).call('library.list', {});
    expect(viaHttp.map((d) => d.id).sort()).toEqual(inProcess.map((d) => d.id).sort());
    expect(viaHttp.some((d) => d.id === documentId)).toBe(true);
  });
});
