/**
 * What users of other local AI apps expect, on a real core (LanceDB on disk, the tiny chat model in its
 * real host): a conversation with the model alone (nothing searched or cited, CHAT_MODEL_REQUIRED
 * without a chat model), instructions of a collection and of a conversation in the system prompt (the
 * collection's first), a conversation's own temperature and number of passages (null: the app's
 * settings again), and moving a document to another collection (search follows; refused while the
 * document is being ingested).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModelOnlyMessages } from '../../../src-main/core/chat/modelOnlyPrompt';
import { buildRagMessages, SYSTEM_PROMPTS } from '../../../src-main/core/chat/ragPrompt';
import { runIngestJob } from '../../../src-shared/ingestJob';
import { corpusFile, tinyChatModel } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';

const PDF = corpusFile('pdf', 'pdfjs_tracemonkey.pdf');
const QUESTION = 'What is a trace tree and how does it handle nested loops?';
const APP_TOP_K = 6;
const APP_TEMPERATURE = 0.3;

let t: TestCore;
let pdfId: string;

function textFile(name: string, text: string): string {
  const path = join(t.dataDir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  t = await openTestCore({ chatModelPath: tinyChatModel, maxTokens: 16, threads: 1, temperature: APP_TEMPERATURE, topK: APP_TOP_K, language: 'en' });
  const [pdf] = await ingest(t.client, [PDF], 'papers');
  expect(pdf.status).toBe('ready');
  pdfId = pdf.documentId!;
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

describe('a conversation with the model alone', () => {
  it('answers with the chat model without searching, citing nothing, and says so in the trace', async () => {
    const created = await t.client.call('conversations.create', { mode: 'model', collection: 'papers' });
    expect(created).toMatchObject({ mode: 'model', collection: null, instructions: null, temperature: null, topK: null });
    const deltas: string[] = [];
    const off = t.client.on('chat.token', (e) => {
      if (e.requestId === 'm1') deltas.push(e.delta);
    });
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'm1', conversationId: created.id });
    off();
    expect(answer).toMatchObject({ mode: 'generative', modelOnly: true, sources: [], citationCheck: null, model: 'tiny-chat.gguf', rewrittenQuery: null });
    expect(answer.answer).toBe(deltas.join(''));
    expect(answer.timings.retrievalMs).toBe(0);

    const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
    expect(trace.conversationMode).toBe('model');
    expect(trace.rewrite.outcome).toBe('model-only');
    expect(trace.retrieval).toMatchObject({ mode: 'none', hits: [], lists: [] });
    expect(trace.packing.sent).toEqual([]);
    expect(trace.citationCheck).toBeNull();
    expect(trace.collection).toBeNull();
    expect(trace.model).toMatchObject({ file: 'tiny-chat.gguf', temperature: APP_TEMPERATURE });
    expect(trace.promptTokens).toBeGreaterThan(0);

    // A follow-up carries the earlier turn as context, still without a search.
    const followUp = await t.client.call('chat.ask', { question: 'And why?', requestId: 'm2', conversationId: created.id });
    expect(followUp.sources).toEqual([]);
    const second = await t.client.call('chat.trace', { messageId: followUp.messageId! });
    expect(second.rewrite).toMatchObject({ outcome: 'model-only', historyTurns: 1 });
    expect(second.retrieval.hits).toEqual([]);
    const stored = await t.client.call('conversations.get', { id: created.id });
    expect(stored.mode).toBe('model');
    expect(stored.messages.filter((m) => m.role === 'assistant').every((m) => m.answer?.modelOnly === true && m.answer.sources.length === 0)).toBe(true);
    // Nothing was asked of the library: not a knowledge gap on the Monitoring screen.
    const gaps = await t.client.call('monitoring.knowledgeGaps', {});
    expect(gaps.map((g) => g.conversationId)).not.toContain(created.id);
    // Its export says so, and does not claim the whole library was searched.
    await t.client.call('conversations.configure', { id: created.id, instructions: 'Be brief.\nNo lists.' });
    const markdown = (await t.client.call('conversations.export', { id: created.id, format: 'markdown' })).content;
    expect(markdown).toContain('- Answered by the model alone: no document searched or cited');
    expect(markdown).toContain('- Instructions: Be brief. No lists.');
    expect(markdown).not.toContain('whole library');
    expect(markdown).not.toContain('**Sources**');
  });

  it('says CHAT_MODEL_REQUIRED when no chat model is set, in the conversation and its trace', async () => {
    const created = await t.client.call('conversations.create', { mode: 'model' });
    await t.client.call('settings.update', { chatModelPath: null });
    try {
      await expect(t.client.call('chat.ask', { question: 'Hello?', requestId: 'm3', conversationId: created.id })).rejects.toMatchObject({
        code: 'CHAT_MODEL_REQUIRED',
      });
      const stored = await t.client.call('conversations.get', { id: created.id });
      const failed = stored.messages.find((m) => m.role === 'assistant');
      expect(failed?.error?.code).toBe('CHAT_MODEL_REQUIRED');
      // A library conversation still answers without a chat model (extractively).
      const extractive = await t.client.call('chat.ask', { question: QUESTION, requestId: 'm4' });
      expect(extractive.mode).toBe('extractive');
      expect(extractive.modelOnly).toBeUndefined();
    } finally {
      await t.client.call('settings.update', { chatModelPath: tinyChatModel });
    }
  });
});

describe('instructions and answer settings', () => {
  it('puts the collection’s instructions, then the conversation’s, after the system prompt', async () => {
    const collection = await t.client.call('collections.setInstructions', { name: 'papers', instructions: '  Answer like a ship’s captain.  ' });
    expect(collection).toEqual({ name: 'papers', documents: 1, instructions: 'Answer like a ship’s captain.' });
    expect((await t.client.call('collections.list', {})).find((c) => c.name === 'papers')?.instructions).toBe('Answer like a ship’s captain.');
    await expect(t.client.call('collections.setInstructions', { name: 'nowhere', instructions: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const plain = await t.client.call('conversations.create', { collection: 'papers' });
    const bare = await t.client.call('conversations.create', { collection: 'papers' });
    const configured = await t.client.call('conversations.configure', { id: plain.id, instructions: 'Use bullet points.' });
    expect(configured).toMatchObject({ instructions: 'Use bullet points.', mode: 'library', collection: 'papers' });

    const withBoth = await t.client.call('chat.ask', { question: QUESTION, requestId: 'i1', conversationId: plain.id });
    const both = await t.client.call('chat.trace', { messageId: withBoth.messageId! });
    expect(both.instructions).toBe('Answer like a ship’s captain.\n\nUse bullet points.');

    // Cleared on the collection: the conversation's own remain.
    await t.client.call('collections.setInstructions', { name: 'papers', instructions: null });
    const withOwn = await t.client.call('chat.ask', { question: QUESTION, requestId: 'i2', conversationId: plain.id });
    expect((await t.client.call('chat.trace', { messageId: withOwn.messageId! })).instructions).toBe('Use bullet points.');

    // The instructions are in the prompt the model read: the same question without them costs fewer tokens.
    const without = await t.client.call('chat.ask', { question: QUESTION, requestId: 'i3', conversationId: bare.id });
    const withoutTrace = await t.client.call('chat.trace', { messageId: without.messageId! });
    expect(withoutTrace.instructions).toBeNull();
    const ownTrace = await t.client.call('chat.trace', { messageId: withOwn.messageId! });
    expect(ownTrace.packing.sent.map((s) => s.chunkIds)).toEqual(withoutTrace.packing.sent.map((s) => s.chunkIds));
    expect(ownTrace.promptTokens!).toBeGreaterThan(withoutTrace.promptTokens!);
    expect(both.promptTokens!).toBeGreaterThan(ownTrace.promptTokens!);
  });

  it('builds the system prompt with the instructions after the rules, in the order given', async () => {
    const rag = buildRagMessages('Q?', [], 'en', 'Answer like a ship’s captain.\n\nUse bullet points.');
    const system = rag[0].content;
    expect(system.startsWith(SYSTEM_PROMPTS.en)).toBe(true);
    expect(system.indexOf('ship’s captain')).toBeGreaterThan(SYSTEM_PROMPTS.en.length);
    expect(system.indexOf('ship’s captain')).toBeLessThan(system.indexOf('bullet points'));
    expect(buildRagMessages('Q?', [], 'en', '   ')[0].content).toBe(SYSTEM_PROMPTS.en);
    const { messages } = await buildModelOnlyMessages({
      question: 'Q?',
      history: [],
      lang: 'fr',
      instructions: 'Réponds en vers.',
      budgetTokens: 1000,
      countTokens: async (s) => s.length,
    });
    expect(messages[0].content).toMatch(/Consignes de l’utilisateur[^\n]*\nRéponds en vers\.$/);
  });

  it('a conversation of the model alone gets its own instructions but not a collection’s', async () => {
    await t.client.call('collections.setInstructions', { name: 'papers', instructions: 'Collection rule.' });
    try {
      const created = await t.client.call('conversations.create', { mode: 'model', instructions: 'Be brief.' });
      const answer = await t.client.call('chat.ask', { question: 'Hello', requestId: 'i4', conversationId: created.id, collection: 'papers' });
      expect((await t.client.call('chat.trace', { messageId: answer.messageId! })).instructions).toBe('Be brief.');
    } finally {
      await t.client.call('collections.setInstructions', { name: 'papers', instructions: null });
    }
  });

  it('uses a conversation’s temperature and number of passages, and the app’s again after null', async () => {
    const created = await t.client.call('conversations.create', { collection: 'papers', temperature: 1.2, topK: 2 });
    expect(created).toMatchObject({ temperature: 1.2, topK: 2 });
    const first = await t.client.call('chat.ask', { question: QUESTION, requestId: 't1', conversationId: created.id });
    const own = await t.client.call('chat.trace', { messageId: first.messageId! });
    expect(own.model?.temperature).toBe(1.2);
    expect(own.retrieval.topK).toBe(2);
    expect(own.retrieval.hits).toHaveLength(2);
    expect(first.sources.length).toBeLessThanOrEqual(2);

    const changed = await t.client.call('conversations.configure', { id: created.id, topK: 4, temperature: 0 });
    expect(changed).toMatchObject({ topK: 4, temperature: 0 });
    const second = await t.client.call('chat.ask', { question: QUESTION, requestId: 't2', conversationId: created.id });
    const changedTrace = await t.client.call('chat.trace', { messageId: second.messageId! });
    expect(changedTrace.model?.temperature).toBe(0);
    expect(changedTrace.retrieval.hits).toHaveLength(4);

    // A field left out stays; null returns to the app's setting.
    const partial = await t.client.call('conversations.configure', { id: created.id, temperature: null });
    expect(partial).toMatchObject({ temperature: null, topK: 4 });
    const reset = await t.client.call('conversations.configure', { id: created.id, topK: null, instructions: null });
    expect(reset).toMatchObject({ temperature: null, topK: null, instructions: null });
    expect((await t.client.call('conversations.list', {})).find((c) => c.id === created.id)).toMatchObject({ temperature: null, topK: null });
    const third = await t.client.call('chat.ask', { question: QUESTION, requestId: 't3', conversationId: created.id });
    const appTrace = await t.client.call('chat.trace', { messageId: third.messageId! });
    expect(appTrace.model?.temperature).toBe(APP_TEMPERATURE);
    expect(appTrace.retrieval.topK).toBe(APP_TOP_K);
    expect(appTrace.retrieval.hits).toHaveLength(APP_TOP_K);

    await expect(t.client.call('conversations.configure', { id: created.id, topK: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(t.client.call('conversations.configure', { id: created.id, temperature: 3 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(t.client.call('conversations.configure', { id: 'nope', topK: 3 })).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
  });
});

describe('moving a document to another collection', () => {
  it('moves it so a search scoped to the new collection finds it and the old one does not', async () => {
    const [note] = await ingest(t.client, [textFile('gardien.txt', 'Le phare de Cordouan\n\nLe gardien allume la lanterne chaque soir.\n')], 'alpha');
    expect(note.status).toBe('ready');
    const id = note.documentId!;
    const before = await t.client.call('search.query', { query: 'gardien lanterne', collection: 'alpha', mode: 'fulltext' });
    expect(before[0]?.documentId).toBe(id);

    await t.client.call('collections.setInstructions', { name: 'alpha', instructions: 'Cite the keeper.' });
    const moved = await t.client.call('library.move', { id, collection: 'bêta nouvelle' });
    expect(moved).toMatchObject({ id, collection: 'bêta nouvelle', status: 'ready' });
    expect((await t.client.call('library.get', { id })).collection).toBe('bêta nouvelle');
    expect((await t.client.call('search.query', { query: 'gardien lanterne', collection: 'bêta nouvelle', mode: 'fulltext' }))[0]?.documentId).toBe(id);
    expect(await t.client.call('search.query', { query: 'gardien lanterne', collection: 'alpha', mode: 'fulltext' })).toEqual([]);
    expect((await t.client.call('library.list', { collection: 'bêta nouvelle' })).map((d) => d.id)).toEqual([id]);
    const listed = await t.client.call('collections.list', {});
    expect(listed.find((c) => c.name === 'bêta nouvelle')).toEqual({ name: 'bêta nouvelle', documents: 1 });
    // Emptied by the move, a collection with instructions stays, with them, until it is removed.
    expect(listed.find((c) => c.name === 'alpha')).toEqual({ name: 'alpha', documents: 0, instructions: 'Cite the keeper.' });
    expect(await t.client.call('collections.remove', { name: 'alpha' })).toEqual({ removed: true, documentsRemoved: 0 });
    expect(await t.client.call('collections.create', { name: 'alpha' })).toEqual({ name: 'alpha', documents: 0 });
    // A conversation scoped to the new collection answers from it.
    const answer = await t.client.call('chat.ask', { question: 'Qui allume la lanterne du phare ?', requestId: 'mv1', collection: 'bêta nouvelle' });
    expect(answer.sources.map((s) => s.documentId)).toContain(id);
    // Moving to where it is changes nothing.
    expect(await t.client.call('library.move', { id, collection: 'bêta nouvelle' })).toMatchObject({ collection: 'bêta nouvelle' });
  });

  it('refuses an unknown document (NOT_FOUND) and one being ingested (DOCUMENT_BUSY)', async () => {
    await expect(t.client.call('library.move', { id: 'no-such-document', collection: 'alpha' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const busy: { checked: boolean; status?: string; error?: unknown } = { checked: false };
    const path = corpusFile('pdf', 'deb_maint-guide-fr_maint-guide.fr.pdf');
    let jobId = '';
    let paused: Promise<unknown> | null = null;
    const off = t.client.on('ingest.progress', (e) => {
      if (paused || !e.documentId || e.result) return;
      jobId = e.jobId;
      const documentId = e.documentId;
      paused = (async () => {
        await t.client.call('jobs.pause', { jobId });
        busy.status = (await t.client.call('library.get', { id: documentId })).status;
        busy.error = await t.client.call('library.move', { id: documentId, collection: 'elsewhere' }).catch((error: unknown) => error);
        busy.checked = true;
        await t.client.call('jobs.resume', { jobId });
      })();
    });
    const done = await runIngestJob(t.client, { method: 'library.ingestPaths', input: { paths: [path], collection: 'guides' } });
    off();
    await paused;
    expect(busy.checked).toBe(true);
    expect(['queued', 'processing']).toContain(busy.status);
    expect(busy.error).toMatchObject({ code: 'DOCUMENT_BUSY' });
    const [result] = done.results;
    expect(result.status).toBe('ready');
    // Nothing moved: the document and its passages are in the collection it was ingested into.
    expect((await t.client.call('library.get', { id: result.documentId! })).collection).toBe('guides');
    expect(await t.client.call('library.list', { collection: 'elsewhere' })).toEqual([]);
    // Once ready it moves.
    expect((await t.client.call('library.move', { id: result.documentId!, collection: 'elsewhere' })).collection).toBe('elsewhere');
    expect((await t.client.call('library.get', { id: pdfId })).collection).toBe('papers');
  });
});
