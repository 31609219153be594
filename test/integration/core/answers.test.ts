/**
 * The first end-to-end slice through the real core: ingest a corpus PDF, then answer questions with
 * the tiny chat model (streamed, cancellable, cited) and without a model (extractive).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

const PDF = 'pdfjs_tracemonkey.pdf';
const QUESTION = 'What is a trace tree and how does it handle nested loops?';

describe('answers without a model', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await openTestCore();
    const [result] = await ingest(t.client, [corpusFile('pdf', PDF)]);
    expect(result.status).toBe('ready');
  });
  afterAll(() => t?.dispose());

  it('gives the best passages, cited with pages, labelled extractive', async () => {
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'x1' });
    expect(answer.mode).toBe('extractive');
    expect(answer.outcome).toBe('complete');
    expect(answer.sources.length).toBeGreaterThan(0);
    for (const source of answer.sources) {
      expect(source.title).toBeTruthy();
      expect(source.page).toBeGreaterThanOrEqual(1);
      expect(source.page).toBeLessThanOrEqual(14);
      expect(answer.answer).toContain(`[${source.n}]`);
    }
    expect(answer.sources[0].snippet.toLowerCase()).toMatch(/trace|loop/);
  });

  it('says so when nothing matches', async () => {
    const answer = await t.client.call('chat.ask', { question: 'zzqxw vvbnmq', requestId: 'x2' });
    expect(answer.outcome).toBe('no-sources');
    expect(answer.sources).toEqual([]);
  });
});

describe('answers with the tiny chat model', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await openTestCore({ chatModelPath: tinyChatModel, maxTokens: 48, threads: 1 });
    await ingest(t.client, [corpusFile('pdf', PDF)]);
  });
  afterAll(() => t?.dispose());

  it('streams tokens, then returns the answer with numbered sources', async () => {
    const deltas: string[] = [];
    const off = t.client.on('chat.token', (e) => {
      if (e.requestId === 'g1') deltas.push(e.delta);
    });
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'g1' });
    off();
    expect(answer.mode).toBe('generative');
    expect(answer.outcome).toBe('complete');
    expect(answer.model).toBe('tiny-chat.gguf');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(answer.answer);
    expect(answer.sources.map((s) => s.n)).toEqual(answer.sources.map((_, i) => i + 1));
    expect(answer.timings.tokens).toBeGreaterThan(0);
  });

  it('stops when cancelled and keeps what was generated', async () => {
    await t.client.call('settings.update', { maxTokens: 2000 });
    let cancelled = false;
    const deltas: string[] = [];
    const off = t.client.on('chat.token', (e) => {
      if (e.requestId !== 'g2') return;
      deltas.push(e.delta);
      if (!cancelled && deltas.length >= 3) {
        cancelled = true;
        void t.client.call('chat.cancel', { requestId: 'g2' });
      }
    });
    const answer = await t.client.call('chat.ask', { question: QUESTION, requestId: 'g2' });
    off();
    expect(answer.outcome).toBe('cancelled');
    expect(answer.timings.tokens).toBeLessThan(2000);
    expect(answer.answer).toBe(deltas.join(''));
  });
});

/**
 * Hybrid search must find what only its vector list finds. A Russian question about the lighthouse of
 * Alexandria ("маяк в Александрии") and a Greek note about it ("Φάρος Αλεξάνδρειας", titled "Φάρος")
 * share no word, so full text cannot match them. The tiny model's weights are noise and know no
 * synonym, but both scripts are outside its vocabulary: each word is one unknown token, and three
 * unknown tokens (the note is embedded with its title) embed alike whatever the words. So its vector
 * list ranks the note first among the paper's 246 chunks and another Greek note, as a real
 * multilingual model would.
 */
describe('hybrid search with the tiny embedding model', () => {
  const QUERY = 'маяк в Александрии';
  let t: TestCore;
  let noteId: string;
  beforeAll(async () => {
    t = await openTestCore({ embeddingModelPath: tinyEmbedModel, threads: 1 });
    const note = join(t.dataDir, 'Φάρος.txt');
    writeFileSync(note, 'Φάρος Αλεξάνδρειας\n');
    // Another short note in Greek, one word longer: close to the question, not identical.
    const other = join(t.dataDir, 'Κολοσσός.txt');
    writeFileSync(other, 'Κολοσσός της Ρόδου\n');
    const results = await ingest(t.client, [corpusFile('pdf', PDF), note, other]);
    expect(results.map((r) => r.status)).toEqual(['ready', 'ready', 'ready']);
    noteId = results[1].documentId!;
  });
  afterAll(() => t?.dispose());

  it('embeds chunks at ingestion and fuses vector and full-text results', async () => {
    const docs = await t.client.call('library.list', {});
    for (const doc of docs) expect(doc.embedder).toContain('tiny-embed');
    const hybrid = await t.client.call('search.query', { query: 'trace trees nested loops', mode: 'hybrid', topK: 5 });
    const vector = await t.client.call('search.query', { query: 'trace trees nested loops', mode: 'vector', topK: 5 });
    expect(hybrid.length).toBe(5);
    expect(vector.length).toBe(5);
    expect(hybrid.some((h) => /trace/i.test(h.text))).toBe(true);
  });

  it('finds by its vector list what full text cannot find', async () => {
    expect(await t.client.call('search.query', { query: QUERY, mode: 'fulltext', topK: 5 })).toEqual([]);
    const [nearest] = await t.client.call('search.query', { query: QUERY, mode: 'vector', topK: 5 });
    expect(nearest).toMatchObject({ documentId: noteId, text: 'Φάρος Αλεξάνδρειας' });
    const hybrid = await t.client.call('search.query', { query: QUERY, mode: 'hybrid', topK: 5 });
    expect(hybrid[0]).toMatchObject({ documentId: noteId, title: 'Φάρος' });
    // The default search (no mode) is hybrid when an embedding model is configured.
    expect((await t.client.call('search.query', { query: QUERY, topK: 5 }))[0]?.documentId).toBe(noteId);
  });
});

describe('packing neighbouring passages through the core', () => {
  let t: TestCore;
  beforeAll(async () => {
    // Short passages of one note that all speak of the question's words: consecutive ones are retrieved together.
    t = await openTestCore({ chatModelPath: tinyChatModel, maxTokens: 32, threads: 1, chunkSize: 200, chunkOverlap: 0, chunkUnit: 'characters', topK: 8 });
    const note = join(t.dataDir, 'registre.txt');
    const paragraphs = Array.from({ length: 8 }, (_, i) => `Le gardien du phare de Cordouan note la relève numéro ${i + 1} de la lanterne et l’état de la lentille ce jour-là.`);
    writeFileSync(note, `Registre du phare\n\n${paragraphs.join('\n\n')}\n`);
    const [result] = await ingest(t.client, [note]);
    expect(result.status).toBe('ready');
    expect(result.chunks).toBeGreaterThan(3);
  });
  afterAll(() => t?.dispose());

  it('merges chunks that follow each other in their document into one source', async () => {
    const answer = await t.client.call('chat.ask', { question: 'gardien du phare de Cordouan relève de la lanterne et lentille', requestId: 'm1' });
    expect(answer.mode).toBe('generative');
    const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
    // Positions come from the retriever's own read of the chunks: without them nothing would be merged.
    expect(trace.packing.sent.some((s) => s.chunkIds.length > 1)).toBe(true);
  });
});
