/**
 * The citation check on real data: answer-like sentences from the corpus QA sets against their gold
 * paragraph (supported) and against a paragraph of another article (unsupported); a mixed answer;
 * then the embedding and judge halves with the real tiny GGUF models in the real inference host, and
 * the check stored on answers the core returns.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimOf } from '../../../src-main/core/chat/citationCheck/answerSentences';
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
import { createHashEmbedder } from '../retrieval/hashEmbedder';

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

/**
 * What the judge is asked and when it is not, read from the requests the scripted server received;
 * and what decides when the judge fails, stalls or is not there to ask.
 */
describe('the judge at work', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server?.close());
  const judge = () => createRemoteChatModel({ enabled: true, baseUrl: server.baseUrl, model: 'fake-model', apiKey: null, label: '' }, { contextSize: 8192 });
  const lastMessages = () => (server.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> }).messages;
  const lastBody = () => server.requests.at(-1)!.body as { max_tokens: number; temperature: number };

  // Paraphrases (supported by overlap, not verbatim) in each language.
  const paraphrase = (set: 'piaf_fr' | 'xquad_en') =>
    qaPairs(set, 4).find((p) => {
      const overlap = lexicalOverlap(p.claim, contentStems(p.gold));
      return overlap >= LEXICAL_SUPPORT_THRESHOLD + 0.1 && overlap < LEXICAL_VERBATIM_THRESHOLD - 0.1;
    })!;
  const en = paraphrase('xquad_en');
  const fr = paraphrase('piaf_fr');

  beforeEach(() => {
    server.behaviour = 'stream';
    server.tokens = ['No'];
  });

  it('asks in the answer\'s language, for a few tokens at temperature 0, with the claim and every cited passage', async () => {
    const check = await checkCitations({ answer: `${fr.claim} [1][2]`, passages: [{ n: 1, text: fr.gold }, { n: 2, text: fr.other }], lang: 'fr', judge: judge() });
    expect(check.sentences[0]).toMatchObject({ judge: 'no', supported: false });
    const [system, user] = lastMessages();
    expect(system).toEqual({ role: 'system', content: 'Tu vérifies des faits. Réponds par un seul mot : oui ou non.' });
    expect(user.role).toBe('user');
    expect(user.content).toContain('Affirmation : ');
    expect(user.content).toContain(claimOf(`${fr.claim} [1][2]`));
    // Both cited passages, one after the other (each cut to the judge's share).
    expect(user.content).toContain(`${fr.gold.trim().slice(0, 200)}`);
    expect(user.content.indexOf(fr.gold.trim().slice(0, 200))).toBeLessThan(user.content.indexOf('\n\n', user.content.indexOf('Passage :') + 10) + 1);
    expect(lastBody()).toMatchObject({ max_tokens: 4, temperature: 0 });

    await checkCitations({ answer: `${en.claim} [1]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge() });
    expect(lastMessages()[0]).toEqual({ role: 'system', content: 'You check facts. Reply with one word: yes or no.' });
    expect(lastMessages()[1].content).toContain(`Passage:\n${en.gold.trim().slice(0, 100)}`);
    expect(lastMessages()[1].content).toContain(`Statement: ${claimOf(en.claim)}`);
  });

  it('joins the passages a sentence cites with a blank line, and cuts a long passage to 1,800 characters', async () => {
    const one = 'Alpha lighthouse keepers counted ships near the harbour entrance every night.';
    const two = 'Beta lighthouse keepers wrote the counts in a logbook.';
    await checkCitations({ answer: 'Keepers counted ships and wrote logbooks nightly at Gamma [1, 2].', passages: [{ n: 1, text: one }, { n: 2, text: two }], lang: 'en', judge: judge() });
    expect(lastMessages()[1].content).toContain(`Passage:\n${one}\n\n${two}\n\nStatement: `);

    const long = `${'Lighthouse keepers counted ships. '.repeat(80)}THE-END-OF-THE-PASSAGE`;
    expect(long.length).toBeGreaterThan(1_800);
    await checkCitations({ answer: 'Keepers counted ships nightly near Gamma harbour [1].', passages: [{ n: 1, text: long }], lang: 'en', judge: judge() });
    const user = lastMessages()[1].content;
    expect(user).not.toContain('THE-END-OF-THE-PASSAGE');
    expect(user).toContain(`Passage:\n${long.slice(0, 1_800).trim()}…\n\nStatement: `);

    // A passage of exactly 1,800 characters is whole.
    const exact = long.slice(0, 1_799) + 'Z';
    await checkCitations({ answer: 'Keepers counted ships nightly near Gamma harbour [1].', passages: [{ n: 1, text: exact }], lang: 'en', judge: judge() });
    expect(lastMessages()[1].content).toContain(`${exact}\n\nStatement: `);
  });

  it('is not asked about a sentence with nothing to check, a citation of no source, or after the answer was cancelled', async () => {
    const before = server.requests.length;
    const check = await checkCitations({ answer: `It is so [1]. ${en.claim} [9]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge() });
    expect(check.sentences.map((s) => [s.supported, s.judge])).toEqual([
      [null, null],
      [false, null],
    ]);
    const aborted = new AbortController();
    aborted.abort();
    const cancelled = await checkCitations({ answer: `${en.claim} [1]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge(), signal: aborted.signal });
    expect(cancelled.sentences[0]).toMatchObject({ judge: null, supported: true });
    expect(cancelled.methods).toEqual(['lexical']);
    expect(server.requests.length).toBe(before);
  });

  it('asks about each checked sentence while its budget lasts', async () => {
    server.tokens = ['Yes'];
    const before = server.requests.length;
    const check = await checkCitations({ answer: `${en.claim} [1]\n${fr.claim} [2]`, passages: [{ n: 1, text: en.gold }, { n: 2, text: fr.gold }], lang: 'en', judge: judge() });
    expect(server.requests.length).toBe(before + 2);
    expect(check.sentences.map((s) => s.judge)).toEqual(['yes', 'yes']);
  });

  it('is not asked once the budget is spent, neither at the start nor after a slow first sentence', async () => {
    let before = server.requests.length;
    const none = await checkCitations({ answer: `${en.claim} [1]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge(), judgeBudgetMs: 0 });
    expect(server.requests.length).toBe(before);
    expect(none.sentences[0]).toMatchObject({ judge: null, supported: true });

    server.behaviour = 'silent';
    before = server.requests.length;
    const spent = await checkCitations({ answer: `${en.claim} [1]\n${fr.claim} [2]`, passages: [{ n: 1, text: en.gold }, { n: 2, text: fr.gold }], lang: 'en', judge: judge(), judgeBudgetMs: 300 });
    // The first sentence's wait used the whole budget: the second is not asked.
    expect(server.requests.length).toBe(before + 1);
    expect(spent.sentences.map((s) => s.judge)).toEqual([null, null]);
  }, 30_000);

  it('a cancelled answer cancels the judge\'s request in flight', async () => {
    // The judge starts a reply with no verdict in it, then waits.
    server.behaviour = 'stall';
    server.tokens = ['Hmm', ',', ' well', ' maybe'];
    const before = server.requests.length;
    const cancel = new AbortController();
    const checking = checkCitations({ answer: `${en.claim} [1]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge(), signal: cancel.signal, judgeTimeoutMs: 600_000, judgeBudgetMs: 600_000 });
    while (server.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 10));
    cancel.abort();
    // Answered at once, not when the judge's (ten-minute) time box ends.
    expect((await checking).sentences[0]).toMatchObject({ judge: null, supported: true });
  }, 30_000);

  it('is not asked about a sentence exactly at the verbatim threshold, and is listed when it judged any sentence', async () => {
    const words = ['anchor', 'beacon', 'cliff', 'dune', 'estuary', 'fjord', 'granite', 'harbour', 'inlet', 'jetty'];
    const claim = `${words.join(' ')}.`;
    const passage = `${words.slice(0, 9).join(' ')}.`;
    expect(lexicalOverlap(claim, contentStems(passage))).toBe(LEXICAL_VERBATIM_THRESHOLD);
    const before = server.requests.length;
    const check = await checkCitations({ answer: `${claim} [1]`, passages: [{ n: 1, text: passage }], lang: 'en', judge: judge() });
    expect(server.requests.length).toBe(before);
    expect(check.sentences[0]).toMatchObject({ judge: null, supported: true });

    // One sentence judged among others not asked: the judge took part.
    const mixed = await checkCitations({ answer: `${claim} [1]\n${en.claim} [2]`, passages: [{ n: 1, text: passage }, { n: 2, text: en.gold }], lang: 'en', judge: judge() });
    expect(mixed.sentences.map((s) => s.judge)).toEqual([null, 'no']);
    expect(mixed.methods).toEqual(['lexical', 'judge']);
  });

  it('gives the judge the passage without the whitespace around it', async () => {
    const text = '\n\n   Lighthouse keepers counted ships near the harbour every night.  \n';
    await checkCitations({ answer: 'Keepers counted ships nightly near Gamma harbour [1].', passages: [{ n: 1, text }], lang: 'en', judge: judge() });
    expect(lastMessages()[1].content).toContain(`Passage:\n${text.trim()}\n\nStatement: `);
  });

  it('a judge that fails or stays silent past its time box leaves the lexical verdict; a reply cut by the time box still counts', async () => {
    server.behaviour = 'error500';
    const failed = await checkCitations({ answer: `${en.claim} [1]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge() });
    expect(failed.sentences[0]).toMatchObject({ judge: null, supported: true });
    expect(failed.methods).toEqual(['lexical']);

    server.behaviour = 'silent';
    const before = server.requests.length;
    const silent = await checkCitations({ answer: `${en.claim} [1]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge(), judgeTimeoutMs: 300 });
    expect(server.requests.length).toBe(before + 1);
    expect(silent.sentences[0]).toMatchObject({ judge: null, supported: true });
    expect(silent.methods).toEqual(['lexical']);

    // The whole budget bounds one sentence's wait too.
    const budgeted = await checkCitations({ answer: `${en.claim} [1]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge(), judgeBudgetMs: 300 });
    expect(budgeted.sentences[0]).toMatchObject({ judge: null, supported: true });

    server.behaviour = 'stall';
    server.tokens = ['No', ',', ' the', ' passage', ' says'];
    const stalled = await checkCitations({ answer: `${en.claim} [1]`, passages: [{ n: 1, text: en.gold }], lang: 'en', judge: judge(), judgeTimeoutMs: 300 });
    expect(stalled.sentences[0]).toMatchObject({ judge: 'no', supported: false });
    expect(stalled.methods).toEqual(['lexical', 'judge']);
  }, 30_000);
});

describe('embedding similarity', () => {
  it('is the best of the cited passages, rounded to three decimals, and a failing embedder leaves it out', async () => {
    const embedder = createHashEmbedder();
    const claim = 'Keepers counted ships near the harbour every night';
    const near = 'Keepers counted ships near the harbour every night, and wrote them down.';
    const far = 'A recipe for buckwheat pancakes with salted butter.';
    const input = { answer: `${claim} [1, 2].`, passages: [{ n: 1, text: far }, { n: 2, text: near }], lang: 'en' as const };
    const check = await checkCitations({ ...input, embedder });
    expect(check.methods).toEqual(['lexical', 'embedding']);
    const [claimVector] = await embedder.embedDocuments([`${claim}.`]);
    const [nearVector, farVector] = await embedder.embedDocuments([near, far]);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);
    expect(dot(claimVector, nearVector)).toBeGreaterThan(dot(claimVector, farVector) + 0.2);
    expect(check.sentences[0].similarity).toBeCloseTo(Math.round(dot(claimVector, nearVector) * 1000) / 1000, 6);
    expect(check.sentences[0].overlap).toBe(1);

    // A sentence citing a source and a number that is none is checked against the source.
    const partly = await checkCitations({ answer: `${claim} [2, 9].`, passages: input.passages, lang: 'en', embedder });
    expect(partly.sentences[0].similarity).toBe(check.sentences[0].similarity);
    expect(partly.sentences[0]).toMatchObject({ overlap: 1, supported: true });

    // Nothing to check: the embedder is not asked and takes no part.
    const calls = embedder.calls;
    const nothing = await checkCitations({ answer: 'It is so [1]. Not cited.', passages: input.passages, lang: 'en', embedder });
    expect(embedder.calls).toBe(calls);
    expect(nothing.methods).toEqual(['lexical']);

    const broken = { ...embedder, embedDocuments: async () => Promise.reject(new Error('model unloaded')) };
    const without = await checkCitations({ ...input, embedder: broken });
    expect(without.methods).toEqual(['lexical']);
    expect(without.sentences[0]).toMatchObject({ similarity: null, supported: true });
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
