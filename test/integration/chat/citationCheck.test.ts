/**
 * The citation check on real data: answer-like sentences from the corpus QA sets against their gold
 * paragraph (supported) and against a paragraph of another article (unsupported); a mixed answer;
 * then the embedding and judge halves with the real tiny GGUF models in the real inference host, and
 * the check stored on answers the core returns.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCitations } from '../../../src-main/core/chat/citationCheck/checkCitations';
import { contentStems, lexicalOverlap } from '../../../src-main/core/chat/citationCheck/contentWords';
import { LEXICAL_SUPPORT_THRESHOLD, LEXICAL_VERBATIM_THRESHOLD } from '../../../src-main/core/chat/citationCheck/thresholds';
import { createRemoteChatModel } from '../../../src-main/core/llm/remote/remoteChatModel';
import { createModelService } from '../../../src-main/core/llm/modelService';
import { nodeHostLauncher } from '../../../src-main/core/llm/nodeHostLauncher';
import type { ModelService } from '../../../src-main/core/llm/types';
import type { CitationCheck } from '../../../src-shared/domain';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/fakeOpenAiServer';
import { corpusFile, tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';
import { HOST_TEST_TIMEOUT, testSettings } from '../llm/helpers';

interface QaPair {
  claim: string;
  gold: string;
  other: string;
  lang: 'en' | 'fr';
}

/** Every `step`-th question of a QA set, with its gold paragraph and a paragraph of another article. */
function qaPairs(set: 'piaf_fr' | 'xquad_en', step: number): QaPair[] {
  const read = <T>(file: string) =>
    readFileSync(corpusFile('qa', set, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as T);
  const contexts = read<{ context_id: string; doc_id: string; text: string }>('contexts.jsonl');
  const byId = new Map(contexts.map((c) => [c.context_id, c]));
  const questions = read<{ question: string; answers: string[]; context_id: string; doc_id: string }>('questions.jsonl');
  const pairs: QaPair[] = [];
  questions.forEach((q, i) => {
    if (i % step !== 0 || !q.answers.length) return;
    const others = contexts.filter((c) => c.doc_id !== q.doc_id);
    pairs.push({
      claim: `${q.question.trim().replace(/\?$/, '').trim()} : ${q.answers[0]}.`,
      gold: byId.get(q.context_id)!.text,
      other: others[(i * 7919) % others.length].text,
      lang: set === 'piaf_fr' ? 'fr' : 'en',
    });
  });
  return pairs;
}

async function verdict(claim: string, passage: string, lang: 'en' | 'fr'): Promise<boolean | null> {
  const check = await checkCitations({ answer: `${claim} [1]`, passages: [{ n: 1, text: passage }], lang });
  return check.sentences[0].supported;
}

describe('lexical check on the corpus QA sets', () => {
  it.each([
    ['piaf_fr', 10],
    ['xquad_en', 4],
  ] as const)('%s: sentences pass against their gold paragraph and fail against another article', async (set, step) => {
    const pairs = qaPairs(set, step);
    expect(pairs.length).toBeGreaterThan(100);
    let accepted = 0;
    let wronglyAccepted = 0;
    for (const p of pairs) {
      if (await verdict(p.claim, p.gold, p.lang)) accepted++;
      if (await verdict(p.claim, p.other, p.lang)) wronglyAccepted++;
    }
    const tpr = accepted / pairs.length;
    const fpr = wronglyAccepted / pairs.length;
    console.log(`[citation check] ${set}: ${pairs.length} pairs, supported ${tpr.toFixed(3)}, wrongly supported ${fpr.toFixed(3)}`);
    expect(tpr).toBeGreaterThan(0.9);
    expect(fpr).toBeLessThan(0.03);
  });
});

describe('one answer, sentence by sentence', () => {
  const [pair] = qaPairs('xquad_en', 50);
  const answer =
    `Here is what the sources say.\n\n- ${pair.claim} [1]\n- ${pair.claim} [2]\n` +
    `- The lighthouse keeper counted forty-two ships in the fog. [7]`;

  it('marks what the cited passage supports, what it does not, and a citation of no source', async () => {
    const check = await checkCitations({
      answer,
      passages: [
        { n: 1, text: pair.gold },
        { n: 2, text: pair.other },
      ],
      lang: 'en',
    });
    expect(check.methods).toEqual(['lexical']);
    const bySupport = check.sentences.map((s) => [s.cited, s.supported]);
    expect(bySupport).toEqual([
      [[], null],
      [[1], true],
      [[2], false],
      [[7], false],
    ]);
    expect(check.unsupportedCount).toBe(2);
    // Offsets point at the sentence in the answer, so the UI can mark it in place.
    for (const s of check.sentences) expect(answer.slice(s.start, s.end)).toBe(s.text);
    expect(check.sentences[1].overlap).toBeGreaterThan(check.sentences[2].overlap);
  });
});

describe('with the tiny GGUF models', () => {
  let dir: string;
  let models: ModelService;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'phare-check-'));
    const settings = testSettings({ chatModelPath: tinyChatModel, embeddingModelPath: tinyEmbedModel });
    models = createModelService({ getSettings: () => settings, modelsDir: dir, launcher: nodeHostLauncher, onStatus: () => undefined });
  });
  afterAll(async () => {
    await models?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'adds embedding similarity, keeps every verdict well-formed, and names the judge only when it gave a verdict',
    async () => {
      const [pair] = qaPairs('piaf_fr', 100);
      const check = await checkCitations({
        answer: `${pair.claim} [1] Une autre phrase sans rapport avec la source, citée quand même [2].`,
        passages: [
          { n: 1, text: pair.gold },
          { n: 2, text: pair.other },
        ],
        lang: 'fr',
        embedder: await models.getEmbedder(),
        judge: await models.getChatModel(),
      });
      expect(check.methods.slice(0, 2)).toEqual(['lexical', 'embedding']);
      expect(check.sentences).toHaveLength(2);
      for (const s of check.sentences) {
        expect(s.similarity).not.toBeNull();
        expect(Math.abs(s.similarity!)).toBeLessThanOrEqual(1.001);
        expect([null, 'yes', 'no']).toContain(s.judge);
        expect(typeof s.supported).toBe('boolean');
      }
      // The tiny model's noise rarely says yes or no: 'judge' is listed exactly when it did.
      expect(check.methods.includes('judge')).toBe(check.sentences.some((s) => s.judge !== null));
    },
    HOST_TEST_TIMEOUT,
  );

  it(
    'gives no judge verdict once the judge budget is spent, and still decides',
    async () => {
      const [pair] = qaPairs('xquad_en', 100);
      const check: CitationCheck = await checkCitations({
        answer: `${pair.claim} [1]`,
        passages: [{ n: 1, text: pair.gold }],
        lang: 'en',
        judge: await models.getChatModel(),
        judgeBudgetMs: 0,
      });
      expect(check.sentences[0].judge).toBeNull();
      expect(check.sentences[0].supported).toBe(true);
      expect(check.methods).toEqual(['lexical']);
    },
    HOST_TEST_TIMEOUT,
  );
});

/**
 * The judge's verdict decides a sentence the other methods would accept. The judge is a real remote
 * ChatModel (the OpenAI-compatible client) talking to a scripted server that always replies one
 * word: the tiny GGUF model's noise never says yes or no, so it cannot show that the verdict is used.
 */
describe('a judge that answers', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server?.close());
  const judge = () => createRemoteChatModel({ enabled: true, baseUrl: server.baseUrl, model: 'fake-model', apiKey: null, label: '' }, { contextSize: 8192 });

  // A paraphrase of its gold paragraph: enough shared words to be supported without a judge, too few to be verbatim.
  const pair = qaPairs('xquad_en', 4).find((p) => {
    const overlap = lexicalOverlap(p.claim, contentStems(p.gold));
    return overlap >= LEXICAL_SUPPORT_THRESHOLD + 0.1 && overlap < LEXICAL_VERBATIM_THRESHOLD - 0.1;
  })!;
  const input = { answer: `${pair.claim} [1]`, passages: [{ n: 1, text: pair.gold }], lang: 'en' as const };

  it('is asked about the sentence, and its "no" makes it unsupported', async () => {
    const without = await checkCitations(input);
    expect(without.sentences[0]).toMatchObject({ supported: true, judge: null });

    server.tokens = ['No', '.'];
    const before = server.requests.length;
    const check = await checkCitations({ ...input, judge: judge() });
    expect(server.requests.length).toBe(before + 1);
    expect(JSON.stringify(server.requests.at(-1)!.body)).toContain(pair.claim.slice(0, 40));
    expect(check.sentences[0]).toMatchObject({ judge: 'no', supported: false });
    expect(check.unsupportedCount).toBe(1);
    expect(check.methods).toEqual(['lexical', 'judge']);
  });

  it('its "yes" keeps it supported, and a nearly verbatim sentence is not asked', async () => {
    server.tokens = ['Yes'];
    const check = await checkCitations({ ...input, judge: judge() });
    expect(check.sentences[0]).toMatchObject({ judge: 'yes', supported: true });

    const before = server.requests.length;
    const verbatim = await checkCitations({ answer: `${pair.gold.split(/(?<=\.)\s/)[0]} [1]`, passages: input.passages, lang: 'en', judge: judge() });
    expect(server.requests.length).toBe(before);
    expect(verbatim.sentences.at(-1)).toMatchObject({ judge: null, supported: true });
    expect(verbatim.methods).toEqual(['lexical']);
  });
});

describe('answers carry their citation check', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await openTestCore({ chatModelPath: tinyChatModel, maxTokens: 48, threads: 1 });
    const [result] = await ingest(t.client, [corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt')]);
    expect(result.status).toBe('ready');
  }, HOST_TEST_TIMEOUT);
  afterAll(() => t?.dispose());

  it(
    'a generated answer has a check whose sentences cover the answer text',
    async () => {
      const answer = await t.client.call('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'cc1' });
      expect(answer.mode).toBe('generative');
      const check = answer.citationCheck!;
      expect(check).not.toBeNull();
      expect(check.methods).toContain('lexical');
      expect(check.methods.includes('judge')).toBe(check.sentences.some((s) => s.judge !== null));
      expect(check.sentences.length).toBeGreaterThan(0);
      for (const s of check.sentences) expect(answer.answer.slice(s.start, s.end)).toBe(s.text);
      expect(check.unsupportedCount).toBe(check.sentences.filter((s) => s.supported === false).length);
    },
    HOST_TEST_TIMEOUT,
  );
});
