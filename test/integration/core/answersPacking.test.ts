/**
 * Context packing, property-style: over many random sets of real corpus passages (random lengths,
 * neighbouring chunks with and without overlap, random ranking), random context sizes and answer
 * lengths, the prompt never exceeds what the model's context leaves for it, every source is made of
 * whole chunks, a chunk is sent at most once, only neighbours are merged, and sources keep the order of
 * their best chunk. Counted with the real tiny chat model's tokenizer in its host, and checked against
 * the prompt size the model itself reports on a few real generations.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src-shared/domain';
import { buildRagMessages, type ChunkPosition, type PackedSource } from '../../../src-main/core/chat/ragPrompt';
import { MIN_ANSWER_TOKENS, packWithinContext, TEMPLATE_OVERHEAD_TOKENS } from '../../../src-main/core/chat/answerService';
import { createModelService } from '../../../src-main/core/llm/modelService';
import type { ChatModel, ModelService } from '../../../src-main/core/llm/types';
import { corpusFile, tinyChatModel } from '../../helpers/paths';
import { HOST_TEST_TIMEOUT, recordingLauncher, testSettings } from '../llm/helpers';
import { mulberry32 } from '../../helpers/seededRandom';

interface Chunk {
  hit: SearchHit;
  position: ChunkPosition;
  /** Characters this chunk repeats from the previous one. */
  overlap: number;
}

/** Chunks cut from a real document's text, in order, each overlapping the previous by 0-40 characters. */
function chunkDocument(documentId: string, text: string, random: () => number, count: number): Chunk[] {
  const chunks: Chunk[] = [];
  let start = Math.floor(random() * Math.max(1, text.length - 8000));
  for (let ordinal = 0; ordinal < count && start < text.length - 50; ordinal++) {
    const length = 40 + Math.floor(random() * random() * 1400);
    const overlap = ordinal === 0 || random() < 0.5 ? 0 : Math.floor(random() * 40);
    const charStart = Math.max(0, start - overlap);
    const charEnd = Math.min(text.length, start + length);
    const chunkText = text.slice(charStart, charEnd);
    chunks.push({
      hit: { chunkId: `${documentId}#${ordinal}`, documentId, title: `Doc ${documentId}`, page: 1 + Math.floor(ordinal / 3), pageEnd: 1 + Math.floor(ordinal / 3), score: 0, text: chunkText },
      position: { documentId, ordinal, charStart, charEnd },
      overlap: ordinal === 0 ? 0 : charStart < chunks[ordinal - 1].position.charEnd ? chunks[ordinal - 1].position.charEnd - charStart : 0,
    });
    start = charEnd;
  }
  return chunks;
}

function randomHitSet(texts: string[], random: () => number): { hits: SearchHit[]; positions: Map<string, ChunkPosition>; chunks: Map<string, Chunk> } {
  const documents = 1 + Math.floor(random() * 3);
  const pool: Chunk[] = [];
  for (let d = 0; d < documents; d++) pool.push(...chunkDocument(`d${d}`, texts[Math.floor(random() * texts.length)], random, 3 + Math.floor(random() * 10)));
  // A random ranking of a random subset: neighbours often both retrieved, as with real searches.
  const picked = pool.filter(() => random() < 0.7).sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 12));
  const hits = picked.map((c, i) => ({ ...c.hit, score: 1 / (i + 1) }));
  return { hits, positions: new Map(picked.map((c) => [c.hit.chunkId, c.position])), chunks: new Map(picked.map((c) => [c.hit.chunkId, c])) };
}

function checkSources(packed: PackedSource[], hits: SearchHit[], chunks: Map<string, Chunk>): void {
  const rank = new Map(hits.map((h, i) => [h.chunkId, i]));
  const seen = new Set<string>();
  expect(packed.map((p) => p.n)).toEqual(packed.map((_, i) => i + 1));
  // Sources in the order of their best chunk.
  const bestRanks = packed.map((p) => rank.get(p.hit.chunkId)!);
  expect([...bestRanks].sort((a, b) => a - b)).toEqual(bestRanks);
  for (const source of packed) {
    const members = source.hits ?? [source.hit];
    // The best chunk is the most relevant of its members.
    expect(Math.min(...members.map((m) => rank.get(m.chunkId)!))).toBe(rank.get(source.hit.chunkId));
    const text = source.text ?? source.hit.text;
    members.forEach((m, i) => {
      expect(seen.has(m.chunkId)).toBe(false);
      seen.add(m.chunkId);
      const chunk = chunks.get(m.chunkId)!;
      // Whole chunks: every member's text is there (the overlap with its predecessor written once).
      const own = i === 0 ? m.text.trim() : m.text.slice(chunk.overlap).trim();
      expect(text).toContain(own);
      if (i > 0) {
        const previous = chunks.get(members[i - 1].chunkId)!;
        expect(chunk.position.documentId).toBe(previous.position.documentId);
        expect(chunk.position.ordinal).toBe(previous.position.ordinal + 1);
      }
    });
  }
}

let texts: string[];
beforeAll(async () => {
  texts = await Promise.all(
    ['qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt', 'qa/xquad_en/docs/xquad_en_d001_Warsaw.txt', 'qa/piaf_fr/docs/piaf_fr_d000_Sport.txt'].map((f) =>
      readFile(corpusFile(f), 'utf8'),
    ),
  );
});

describe('packing with a word-count tokenizer (many sets)', () => {
  const words = async (text: string) => text.split(/\s+/).filter(Boolean).length;
  it('never exceeds the context, over 600 random sets', async () => {
    const random = mulberry32(7);
    let merged = 0;
    let sent = 0;
    let shortened = 0;
    for (let i = 0; i < 600; i++) {
      const { hits, positions, chunks } = randomHitSet(texts, random);
      const contextSize = 256 + Math.floor(random() * 1800);
      const maxTokens = 16 + Math.floor(random() * 400);
      const question = 'What happened in the second half and who scored?';
      const packing = await packWithinContext({ hits, question, lang: 'en', contextSize, maxTokens, countTokens: words, positions });
      const { packed, promptTokens } = packing;
      expect(promptTokens).toBe(await words(buildRagMessages(question, packed, 'en').map((m) => m.content).join('\n')));
      if (packed.length > 0) expect(promptTokens + packing.maxTokens + TEMPLATE_OVERHEAD_TOKENS).toBeLessThanOrEqual(contextSize);
      // The answer is shortened only to make room for a source, and never below the floor.
      expect(packing.maxTokens).toBeLessThanOrEqual(maxTokens);
      if (packing.maxTokens < maxTokens) {
        expect(packing.maxTokens).toBeGreaterThanOrEqual(MIN_ANSWER_TOKENS);
        expect(packed.length).toBeGreaterThan(0);
        shortened++;
      }
      checkSources(packed, hits, chunks);
      sent += packed.length;
      merged += packed.filter((p) => (p.hits?.length ?? 1) > 1).length;
    }
    // The sets exercised both plain and merged sources.
    expect(sent).toBeGreaterThan(600);
    expect(merged).toBeGreaterThan(50);
    expect(shortened).toBeGreaterThan(0);
  });
});

describe('packing with the tiny chat model', { timeout: HOST_TEST_TIMEOUT }, () => {
  let modelsDir: string;
  let service: ModelService;
  let chat: ChatModel;

  beforeAll(async () => {
    modelsDir = await mkdtemp(join(tmpdir(), 'phare-packing-'));
    await copyFile(tinyChatModel, join(modelsDir, 'tiny-chat.gguf'));
    const settings = testSettings({ chatModelPath: 'tiny-chat.gguf', contextSize: 2048 });
    service = createModelService({ getSettings: () => settings, modelsDir, launcher: recordingLauncher().launcher, onStatus: () => undefined, onLog: () => undefined });
    chat = (await service.getChatModel())!;
  }, HOST_TEST_TIMEOUT);

  afterAll(async () => {
    await service?.dispose();
    if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
  });

  it('never exceeds the context, counted by the model, and the model agrees', async () => {
    const random = mulberry32(11);
    const countTokens = (text: string) => chat.countTokens(text);
    for (let i = 0; i < 120; i++) {
      const { hits, positions, chunks } = randomHitSet(texts, random);
      // The loaded context (2048) is the ceiling; smaller windows stand for smaller models.
      const contextSize = 300 + Math.floor(random() * (chat.contextSize - 300));
      const maxTokens = 16 + Math.floor(random() * 300);
      const question = i % 2 ? 'Qui a remporté la finale et en quelle année ?' : 'Who won the final, and in which year?';
      const lang = i % 2 ? 'fr' : 'en';
      const packing = await packWithinContext({ hits, question, lang, contextSize, maxTokens, countTokens, positions });
      const { packed, promptTokens } = packing;
      if (packed.length > 0) expect(promptTokens + packing.maxTokens + TEMPLATE_OVERHEAD_TOKENS).toBeLessThanOrEqual(contextSize);
      checkSources(packed, hits, chunks);
      if (i % 20 === 0 && packed.length > 0) {
        // The prompt as the model evaluates it (chat template included) leaves room for the whole answer.
        const result = await chat.generate({ messages: buildRagMessages(question, packed, lang), maxTokens: 1, temperature: 0 });
        expect(result.promptTokens).toBeGreaterThan(promptTokens);
        expect(result.promptTokens + packing.maxTokens).toBeLessThanOrEqual(contextSize);
      }
    }
  });
});
