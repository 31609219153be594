/**
 * The quality loop end to end (issue 9, "Shown to work"). Prints figures, asserts nothing.
 *
 * Decisions against a plant list, on the corpus: the PIAF articles plus planted misleading passages
 * made from them. A plant covers two or three consecutive gold paragraphs of one article: for each of
 * their questions, the sentence holding its answer (clipped around the answer when long), put side by
 * side in one short passage (one chunk), in which every gold answer of the article is replaced by an
 * answer of another article (a number by a number, words by words). It shares the questions' words,
 * not their answers, and carries the article's title, like a stale or garbled copy would. Articles with
 * a single paragraph (five questions) get none: too few questions would ever meet it.
 * The questions are split in two halves by a hash of their id. The first half is asked through the CLI
 * (`phare ask --json`, no chat model: extractive answers whose three sources are the top passages) and
 * rated through the CLI as a careful person would: a planted passage among the sources gets a low
 * rating with `--wrong-source` on it; else a source holding a gold answer gets 5; else 3. Then
 * `phare quality run --wait --json`: with no chat model there is no judge, so candidates wait in the
 * review queue, where a planted chunk is accepted and anything else rejected (`phare quality review`).
 * Reported: the candidates against the plants (before review), the final blacklist against the plants,
 * and hit@5 (`search.query`, a gold answer in the top 5) on the other half before and after.
 *
 * Scale: the run's time on a library of 100,000 chunks with 10,000 feedbacks, judge excluded (no chat
 * model). The chunks are corpus paragraphs written through the library store (`commitDocument`, the
 * real tables, full text only), and the feedbacks through the feedback store: synthetic answer
 * snapshots pointing at real chunk ids (asking 10,000 real questions would take hours). The run goes
 * through the contract in a process of its own, so its RSS is the run's, not the library build's.
 */
import { fork } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnswerSnapshot, FeedbackSource } from '../src-shared/feedback';
import type { AnalysisRun, ReviewItem } from '../src-shared/quality';
import type { ContractClient } from '../src-shared/rpc';
import { runCli } from '../src-main/cli/main';
import { createCore, type Core } from '../src-main/core/core';
import { openConversationStore } from '../src-main/core/conversations/conversationStore';
import { createEventBus } from '../src-main/core/eventBus';
import { createFeedbackService } from '../src-main/core/feedback/feedbackService';
import { openFeedbackStore, type FeedbackRow } from '../src-main/core/feedback/feedbackStore';
import { createInProcessClient } from '../src-main/core/inProcessClient';
import { computeChunkScores } from '../src-main/core/quality/chunkScores';
import { defaultSettings } from '../src-main/core/settings/defaultSettings';
import { openLibraryStore } from '../src-main/core/store/libraryStore';
import { captureIo } from '../test/integration/cli/captureIo';
import { runToEnd } from '../test/integration/quality/runToEnd';
import { ingestAndWait, openBenchCore } from './benchCore';
import { fmt, median, printTable, timed } from './benchLib';
import { loadQaContexts, loadQaSet, loadQuestions, qaDocsDir, qaParagraphs, syntheticDocument, type QaContext, type QaRecord } from './qaLibrary';
import { seededRandom } from '../src-main/core/seededRandom';

/** A plant must stay one chunk at the default chunk size (1,200 characters). */
const PLANT_MAX_CHARS = 1_000;
const CONTEXTS_PER_PLANT = 3;
/** A sentence longer than this is clipped around the answer (shrunk until the plant fits). */
const WINDOW_CHARS = [240, 200, 170, 140, 120, 100, 80];
const HIT_AT = 5;

const SCALE_CHUNKS = 100_000;
const SCALE_FEEDBACKS = 10_000;
const SCALE_CHUNKS_PER_DOCUMENT = 1_000;
/** argv[2] of the process that runs the analysis at scale. */
const RUN_CHILD_FLAG = '--quality-run-child';

/** Folders the benchmark made (libraries of several hundred MB), removed at its end. */
const madeDirs: string[] = [];
function madeDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

export async function benchQualityLoop(): Promise<void> {
  try {
    await benchDecisions();
    await benchScale();
  } finally {
    for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Decisions against a plant list

const fold = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
/** The corpus's definition of a hit: the text contains a gold answer (NFC, whitespace folded). */
const hasAnswer = (text: string, answers: readonly string[]) => answers.some((a) => fold(text).includes(fold(a)));
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hashNumber = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0);
/** The half whose questions are asked and rated; the other half only measures. */
const inFeedbackHalf = (q: QaRecord) => hashNumber(q.id) % 2 === 0;

/**
 * Where an answer occurs in a text: anywhere for three characters or more; as a whole word or number for
 * shorter ones ("50", "Le", "on"), which occur inside too many words to be taken out everywhere.
 */
function answerPattern(answer: string): RegExp {
  const a = escapeRegExp(fold(answer));
  return fold(answer).length >= 3 ? new RegExp(a, 'gu') : new RegExp(`(?<![\\p{L}\\p{N}])${a}(?![\\p{L}\\p{N}])`, 'gu');
}

const leaksOf = (text: string, answers: readonly string[]) => answers.filter((a) => answerPattern(a).test(text));

/** Bounds of the sentence of `context` that holds the character at `at`. */
function sentenceAt(context: string, at: number): [number, number] {
  let from = at;
  while (from > 0 && !/[.!?]\s/.test(context.slice(from - 2, from))) from--;
  let to = at + 1;
  while (to < context.length && !/[.!?]/.test(context[to - 1])) to++;
  return [from, to];
}

/** [from, to) of a sentence, clipped to about `maxChars` around [start, end), on word boundaries. */
function clipAround(context: string, [from, to]: [number, number], start: number, end: number, maxChars: number): string {
  if (to - from > maxChars) {
    const half = Math.max(0, Math.floor((maxChars - (end - start)) / 2));
    let a = Math.max(from, start - half);
    let b = Math.min(to, end + half);
    if (a > from && !/\s/.test(context[a - 1])) a = Math.min(start, context.indexOf(' ', a) + 1 || start);
    if (b < to && !/\s/.test(context[b])) b = Math.max(end, context.lastIndexOf(' ', b));
    [from, to] = [a, b];
  }
  return fold(context.slice(from, to));
}

interface Plant {
  file: string;
  article: string;
  /** The questions whose answer sentences it was made from (both halves). */
  questions: number;
  chars: number;
  /** Gold answers of its article still in it (short answers inside other words, counted by the corpus's substring rule). */
  substringLeaks: number;
}

/** Writes the plants as .txt files (title line, then the passage) into `dir`. */
function writePlants(questions: QaRecord[], contexts: QaContext[], dir: string): Plant[] {
  const byArticle = new Map<string, QaContext[]>();
  for (const c of contexts) byArticle.set(c.doc_id, [...(byArticle.get(c.doc_id) ?? []), c]);
  const byContext = new Map<string, QaRecord[]>();
  for (const q of questions) byContext.set(q.context_id, [...(byContext.get(q.context_id) ?? []), q]);
  const answersOf = new Map<string, string[]>();
  for (const q of questions) answersOf.set(q.doc_id, [...new Set([...(answersOf.get(q.doc_id) ?? []), ...q.answers])]);
  const pool = [...new Set(questions.flatMap((q) => q.answers.map((a) => `${q.doc_id}\u0000${fold(a)}`)))].sort().map((s) => {
    const [article, answer] = s.split('\u0000');
    return { article, answer };
  });

  const plants: Plant[] = [];
  for (const article of [...byArticle.keys()].sort()) {
    const paragraphs = byArticle.get(article)!;
    if (paragraphs.length < 2) continue;
    const answers = answersOf.get(article)!.sort((a, b) => b.length - a.length || a.localeCompare(b));
    /** Another article's answer of the same kind (number or words) that holds none of this article's answers. */
    const replacementFor = (answer: string, salt: string): string => {
      const numeric = /\d/.test(answer);
      const kind = pool.filter((p) => p.article !== article && /\d/.test(p.answer) === numeric);
      // Of a similar length when there is one, so the passage reads like the original.
      const similar = kind.filter((p) => p.answer.length >= answer.length / 2 && p.answer.length <= answer.length * 2 + 3);
      for (const candidates of [similar, kind]) {
        const first = hashNumber(`${salt}:${answer}`) % Math.max(1, candidates.length);
        for (let i = 0; i < candidates.length; i++) {
          const c = candidates[(first + i) % candidates.length].answer;
          if (leaksOf(c, answers).length === 0) return c;
        }
      }
      return '';
    };
    const groups = Math.ceil(paragraphs.length / CONTEXTS_PER_PLANT);
    for (let g = 0; g < groups; g++) {
      // Consecutive paragraphs, as evenly split as can be (7 -> 3, 2, 2).
      const group = paragraphs.slice(Math.round((g * paragraphs.length) / groups), Math.round(((g + 1) * paragraphs.length) / groups));
      const asked = group.flatMap((c) => (byContext.get(c.context_id) ?? []).map((q) => ({ q, context: c.text })));
      // One window per sentence holding answers, spanning them all.
      const sentences = new Map<string, { context: string; bounds: [number, number]; start: number; end: number }>();
      for (const { q, context } of asked) {
        const start = q.answer_starts[0];
        const end = start + q.answers[0].length;
        const bounds = sentenceAt(context, start);
        const key = `${q.context_id}:${bounds[0]}`;
        const known = sentences.get(key);
        sentences.set(key, known ? { ...known, start: Math.min(known.start, start), end: Math.max(known.end, end) } : { context, bounds, start, end });
      }
      let text = '';
      for (const maxChars of WINDOW_CHARS) {
        text = [...sentences.values()].map((w) => clipAround(w.context, w.bounds, w.start, w.end, maxChars)).join(' ');
        // Every gold answer of the article out, replaced by one of another article (a few passes: a replacement may form another).
        for (let pass = 0; pass < 5; pass++) {
          const leaks = leaksOf(text, answers);
          if (leaks.length === 0) break;
          for (const a of leaks) text = text.replace(answerPattern(a), replacementFor(a, `${article}:${g}:${pass}`));
        }
        if (text.length <= PLANT_MAX_CHARS) break;
      }
      if (text.length > PLANT_MAX_CHARS) text = text.slice(0, text.lastIndexOf(' ', PLANT_MAX_CHARS));
      const file = join(dir, `plant_${article}_${g}.txt`);
      writeFileSync(file, `${group[0].title}\n\n${text}\n`);
      plants.push({ file, article, questions: asked.length, chars: text.length, substringLeaks: answers.filter((a) => hasAnswer(text, [a])).length });
    }
  }
  return plants;
}

async function openCoreOn(dataDir: string): Promise<{ core: Core; client: ContractClient }> {
  // No background work: no catch-up run may start while the bench measures.
  const core = await createCore({ dataDir, background: false });
  return { core, client: createInProcessClient(core) };
}

interface HitFigures {
  hit: number;
  plantInTop: number;
  n: number;
}

async function hitAt(client: ContractClient, questions: QaRecord[], plantChunks: ReadonlySet<string>): Promise<HitFigures> {
  let hit = 0;
  let plantInTop = 0;
  for (const q of questions) {
    const hits = await client.call('search.query', { query: q.question, topK: HIT_AT });
    if (hits.some((h) => !plantChunks.has(h.chunkId) && hasAnswer(h.text, q.answers))) hit++;
    if (hits.some((h) => plantChunks.has(h.chunkId))) plantInTop++;
  }
  return { hit: hit / questions.length, plantInTop, n: questions.length };
}

const ratio = (num: number, den: number) => (den === 0 ? 'n/a' : `${fmt(num / den, 3)} (${num}/${den})`);

async function benchDecisions(): Promise<void> {
  const questions = loadQaSet('piaf_fr');
  const contexts = loadQaContexts('piaf_fr');
  const feedbackHalf = questions.filter(inFeedbackHalf);
  const otherHalf = questions.filter((q) => !inFeedbackHalf(q));
  const articleDir = qaDocsDir('piaf_fr');
  const articles = readdirSync(articleDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(articleDir, f));

  // Reference: the articles alone, no plants, no feedback.
  const clean = await openBenchCore('quality-loop-clean');
  madeDirs.push(clean.dataDir);
  let cleanHit: HitFigures;
  try {
    await ingestAndWait(clean.client, articles);
    cleanHit = await hitAt(clean.client, otherHalf, new Set());
  } finally {
    await clean.core.dispose();
  }

  const root = madeDir('phare-bench-quality-loop-');
  const plantDir = join(root, 'plants');
  mkdirSync(plantDir);
  const dataDir = join(root, 'library');
  const plants = writePlants(questions, contexts, plantDir);

  // The library: articles and plants, one folder, read back through the contract.
  const chunkText = new Map<string, string>();
  const plantChunks = new Set<string>();
  let before: HitFigures;
  let beforeFeedbackHalf: HitFigures;
  let answerSettings: Record<string, unknown>;
  let qualitySettings: Record<string, unknown>;
  let retrievalNote: string;
  {
    const { core, client } = await openCoreOn(dataDir);
    try {
      const results = await ingestAndWait(client, [...articles, ...plants.map((p) => p.file)]);
      const plantFiles = new Set(plants.map((p) => basename(p.file)));
      for (const r of results) {
        if (r.status !== 'ready' || !r.documentId) throw new Error(`ingestion of ${r.file} failed: ${r.error?.message ?? r.status}`);
        const detail = await client.call('library.detail', { id: r.documentId });
        for (const c of detail.chunks) {
          chunkText.set(c.id, c.text);
          if (plantFiles.has(basename(r.file))) plantChunks.add(c.id);
        }
      }
      const s = await client.call('settings.get', {});
      answerSettings = { topK: s.topK, chunkSize: s.chunkSize, chunkOverlap: s.chunkOverlap, chatModel: s.chatModelPath, embeddingModel: s.embeddingModelPath };
      qualitySettings = { ...s.quality };
      retrievalNote = s.embeddingModelPath ? 'hybrid (vectors + full text)' : 'full text only (no embedding model)';
      before = await hitAt(client, otherHalf, plantChunks);
      beforeFeedbackHalf = await hitAt(client, feedbackHalf, plantChunks);
    } finally {
      await core.dispose();
    }
  }

  // The first half through the CLI, one process-like call per command on the same --data folder.
  const cliFailures: string[] = [];
  const phare = async (args: string[]): Promise<string | null> => {
    const io = captureIo(undefined, root);
    const code = await runCli([...args, '--data', dataDir], io);
    if (code !== 0) {
      cliFailures.push(`${args.slice(0, 2).join(' ')}: exit ${code}: ${io.err.trim().split('\n')[0]}`);
      return null;
    }
    return io.out;
  };
  const rated = { wrongSource: 0, wrongSourceWithGold: 0, gold: 0, middling: 0, marks: 0 };
  const plantVotes = new Map<string, number>();
  const askMs: number[] = [];
  const rateMs: number[] = [];
  const feedbackStarted = performance.now();
  for (const q of feedbackHalf) {
    const asked = await timed(() => phare(['ask', q.question, '--json']));
    askMs.push(asked.ms);
    const out = asked.value;
    if (out === null) continue;
    const answer = JSON.parse(out) as { messageId: string; sources: Array<{ n: number; chunkId: string }> };
    const planted = answer.sources.filter((s) => plantChunks.has(s.chunkId));
    const gold = answer.sources.some((s) => !plantChunks.has(s.chunkId) && hasAnswer(chunkText.get(s.chunkId) ?? '', q.answers));
    let verdict: string[];
    if (planted.length > 0) {
      verdict = ['--rating', gold ? '2' : '1', ...planted.flatMap((s) => ['--wrong-source', String(s.n)])];
      rated.wrongSource++;
      if (gold) rated.wrongSourceWithGold++;
      rated.marks += planted.length;
      for (const s of planted) plantVotes.set(s.chunkId, (plantVotes.get(s.chunkId) ?? 0) + 1);
    } else if (gold) {
      verdict = ['--rating', '5'];
      rated.gold++;
    } else {
      verdict = ['--rating', '3'];
      rated.middling++;
    }
    rateMs.push((await timed(() => phare(['feedback', 'add', answer.messageId, ...verdict, '--json']))).ms);
  }
  const feedbackMs = performance.now() - feedbackStarted;

  const runOut = await timed(() => phare(['quality', 'run', '--wait', '--json']));
  const run = runOut.value ? (JSON.parse(runOut.value) as AnalysisRun) : null;

  // Review, as a person holding the plant list would: accept planted chunks, reject anything else.
  const reviewOut = await phare(['quality', 'review', '--json']);
  const review = reviewOut ? (JSON.parse(reviewOut) as ReviewItem[]) : [];
  const candidates = review.filter((r) => r.kind === 'blacklist');
  const candidateChunks = new Set(candidates.map((r) => r.chunkId!));
  const candidatePlants = [...candidateChunks].filter((id) => plantChunks.has(id)).length;
  let accepted = 0;
  let rejected = 0;
  const reviewStarted = performance.now();
  for (const item of review) {
    const accept = item.kind === 'blacklist' && plantChunks.has(item.chunkId!);
    const reason = accept ? 'bench: a planted passage' : item.kind === 'blacklist' ? 'bench: not a planted passage' : 'bench: re-ingestion does not fix a planted passage';
    if ((await phare(['quality', 'review', accept ? '--accept' : '--reject', item.id, '--reason', reason, '--json'])) !== null) {
      if (accept) accepted++;
      else rejected++;
    }
  }
  const reviewMs = performance.now() - reviewStarted;

  let after: HitFigures;
  let afterFeedbackHalf: HitFigures;
  let blacklist: string[];
  let scored: Array<{ chunkId: string; score: number | null; votes: number }>;
  let auditRows: number;
  {
    const { core, client } = await openCoreOn(dataDir);
    try {
      blacklist = (await client.call('quality.chunks', { filter: 'blacklisted', limit: 10_000 })).map((c) => c.chunkId);
      scored = await client.call('quality.chunks', { filter: 'scored', limit: 10_000 });
      auditRows = (await client.call('quality.audit', {})).length;
      after = await hitAt(client, otherHalf, plantChunks);
      afterFeedbackHalf = await hitAt(client, feedbackHalf, plantChunks);
    } finally {
      await core.dispose();
    }
  }

  const minVotes = Number(qualitySettings.minVotes);
  const threshold = Number(qualitySettings.blacklistThreshold);
  const plantScores = scored.filter((s) => plantChunks.has(s.chunkId));
  const others = scored.filter((s) => !plantChunks.has(s.chunkId));
  const votesOf = [...plantChunks].map((id) => plantVotes.get(id) ?? 0).sort((a, b) => a - b);
  const blacklistPlants = blacklist.filter((id) => plantChunks.has(id)).length;
  const articleCount = articles.length;

  console.log('\nDecisions against a plant list (PIAF, French)');
  console.log(`settings (defaults, not tuned to the plants): quality ${JSON.stringify(qualitySettings)}`);
  console.log(`answers: ${JSON.stringify(answerSettings)}; retrieval ${retrievalNote}; extractive answers cite their top 3 passages`);
  printTable(
    'Library and feedback',
    ['what', 'value'],
    [
      ['articles / their chunks', `${articleCount} / ${chunkText.size - plantChunks.size}`],
      ['plants (files) / plant chunks', `${plants.length} / ${plantChunks.size}`],
      ['plant length, chars (min / median / max)', `${Math.min(...plants.map((p) => p.chars))} / ${median(plants.map((p) => p.chars))} / ${Math.max(...plants.map((p) => p.chars))}`],
      ['questions per plant (both halves; min / median / max)', `${Math.min(...plants.map((p) => p.questions))} / ${median(plants.map((p) => p.questions))} / ${Math.max(...plants.map((p) => p.questions))}`],
      ['plants still holding one of their article\'s short answers inside a word', plants.filter((p) => p.substringLeaks > 0).length],
      ['questions: asked and rated / measured only', `${feedbackHalf.length} / ${otherHalf.length}`],
      ['rated low with --wrong-source (of which gold also cited)', `${rated.wrongSource} (${rated.wrongSourceWithGold}), ${rated.marks} marks`],
      ['rated 5 (gold cited, no plant) / 3 (neither)', `${rated.gold} / ${rated.middling}`],
      ['wrong-source marks per plant chunk (min / median / max; plants with < minVotes)', `${votesOf[0]} / ${median(votesOf)} / ${votesOf[votesOf.length - 1]}; ${votesOf.filter((v) => v < minVotes).length}`],
      ['CLI asks + feedbacks, seconds (ms per question)', `${fmt(feedbackMs / 1000)} (${fmt(feedbackMs / feedbackHalf.length, 0)})`],
      ['`phare ask` ms, mean of the first / last 100 questions', `${fmt(mean(askMs.slice(0, 100)), 0)} / ${fmt(mean(askMs.slice(-100)), 0)}`],
      ['`phare feedback add` ms, mean of the first / last 100', `${fmt(mean(rateMs.slice(0, 100)), 0)} / ${fmt(mean(rateMs.slice(-100)), 0)}`],
      ['CLI failures', cliFailures.length ? `${cliFailures.length}: ${cliFailures.slice(0, 3).join(' | ')}` : 0],
    ],
  );
  printTable(
    'The run and the review',
    ['what', 'value'],
    [
      ['run status / wall clock s (CLI, incl. opening the library)', run ? `${run.status} / ${fmt(runOut.ms / 1000, 2)}` : 'failed'],
      ['run counts', run ? JSON.stringify(run.counts) : '-'],
      ['run step ms', run ? JSON.stringify(run.stepMs) : '-'],
      ['chunks scored: plants / others', `${plantScores.length} / ${others.length}`],
      ['plants with >= minVotes votes / scored under the threshold', `${plantScores.filter((s) => s.votes >= minVotes).length} / ${plantScores.filter((s) => (s.score ?? 1) < threshold).length}`],
      ['lowest score of a chunk that is not a plant', others.length ? fmt(Math.min(...others.map((s) => s.score ?? 1)), 3) : '-'],
      ['review items: blacklist candidates / re-ingestion advice', `${candidates.length} / ${review.length - candidates.length}`],
      ['candidates: precision (plants / candidates)', ratio(candidatePlants, candidateChunks.size)],
      ['candidates: recall (plants among candidates / plants)', ratio(candidatePlants, plantChunks.size)],
      ['review: accepted / rejected (CLI, seconds)', `${accepted} / ${rejected} (${fmt(reviewMs / 1000)})`],
      ['final blacklist: precision', ratio(blacklistPlants, blacklist.length)],
      ['final blacklist: recall', ratio(blacklistPlants, plantChunks.size)],
      ['audit rows', auditRows],
    ],
  );
  printTable(
    `hit@${HIT_AT} (search.query, a gold answer in the top ${HIT_AT}; plants never count as hits)`,
    ['library', 'measured half', 'feedback half', 'measured half: questions with a plant in the top 5'],
    [
      ['articles only (no plants)', fmt(cleanHit.hit, 3), '', ''],
      ['with plants, before feedback', fmt(before.hit, 3), fmt(beforeFeedbackHalf.hit, 3), before.plantInTop],
      ['with plants, after run + review', fmt(after.hit, 3), fmt(afterFeedbackHalf.hit, 3), after.plantInTop],
    ],
  );
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

// ---------------------------------------------------------------------------------------------------
// Scale


interface LibraryChunk {
  id: string;
  documentId: string;
  title: string;
  text: string;
}

/**
 * 10,000 feedbacks as the app would store them on generative answers (topK 6): each answer's sources
 * are chunks of the library drawn with a skew (a few passages come up in many answers, as popular topics
 * do; ~1 in 5 sources merges a neighbour, as packing does), cited or not. Ratings: 60 % good (4-5), 20 %
 * middling, 20 % bad; 1 % of the chunks are "bad" and draw low ratings with a wrong-source mark when they
 * are cited; thumbs alone on 30 %, comments on 20 %, corrections on 5 %; over the last 30 days.
 */
function syntheticFeedback(chunks: LibraryChunk[], count: number): FeedbackRow[] {
  const random = seededRandom(9);
  const questions = loadQuestions(Number.MAX_SAFE_INTEGER);
  // Popularity is spread over documents: rank -> a shuffled chunk.
  const order = chunks.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const pick = () => order[Math.floor(order.length * Math.pow(random(), 3))];
  const badIndices = new Set<number>();
  while (badIndices.size < chunks.length / 100) badIndices.add(Math.floor(random() * chunks.length));
  const bad = new Set([...badIndices].map((i) => chunks[i].id));
  const now = Date.now();
  const rows: FeedbackRow[] = [];
  for (let i = 0; i < count; i++) {
    const q = questions[Math.floor(random() * questions.length)];
    const picked = new Set<number>();
    while (picked.size < 6) picked.add(pick());
    const sources: FeedbackSource[] = [...picked].map((index, k) => {
      const c = chunks[index];
      const next = chunks[index + 1];
      const merged = random() < 0.2 && next?.documentId === c.documentId;
      return {
        n: k + 1,
        documentId: c.documentId,
        title: c.title,
        page: 1,
        chunkIds: merged ? [c.id, next.id] : [c.id],
        cited: k < 2 || random() < 0.4,
        rank: k + 1,
        snippet: c.text.slice(0, 200),
      };
    });
    const badCited = sources.filter((s) => s.cited && s.chunkIds.some((id) => bad.has(id)));
    const r = random();
    let rating = r < 0.3 ? 5 : r < 0.6 ? 4 : r < 0.8 ? 3 : r < 0.92 ? 2 : 1;
    let wrongSources: number[] = [];
    if (badCited.length > 0) {
      rating = random() < 0.5 ? 1 : 2;
      if (random() < 0.7) wrongSources = badCited.map((s) => s.n);
    }
    // The thumbs come first in the app; a rating may follow (a middling answer gets a rating only).
    const thumbs = rating >= 4 ? 'up' : rating <= 2 ? 'down' : null;
    const thumbsOnly = thumbs !== null && random() < 0.3;
    const comment = random() < 0.2 ? (rating <= 2 ? 'Les sources ne répondent pas à la question.' : 'Réponse claire, merci.') : null;
    const correction = rating <= 2 && random() < 0.25 ? `La bonne réponse : ${q.answers[0]}` : null;
    const at = new Date(now - Math.floor(random() * 30 * 86_400_000)).toISOString();
    const answer = sources
      .filter((s) => s.cited)
      .map((s) => `${s.snippet} [${s.n}]`)
      .join(' ');
    const snapshot: AnswerSnapshot = {
      question: q.question,
      searchQuery: q.question,
      answer,
      mode: 'generative',
      model: 'bench-model.gguf',
      collection: null,
      language: q.lang === 'en' ? 'en' : 'fr',
      settings: { topK: 6, temperature: 0.2, maxTokens: 512, contextSize: 4096 },
      sources,
      retrievedChunkIds: Array.from({ length: 4 }, () => chunks[pick()].id).filter((id) => !sources.some((s) => s.chunkIds.includes(id))),
      answeredAt: at,
      totalMs: 2_000 + Math.floor(random() * 18_000),
    };
    const finalRating = thumbsOnly ? null : rating;
    rows.push({
      id: randomUUID(),
      messageId: randomUUID(),
      conversationId: randomUUID(),
      version: 1,
      thumbs,
      rating: finalRating,
      comment,
      correction,
      wrongSources,
      withdrawn: false,
      withdrawnWith: null,
      needsAttention: (finalRating !== null && finalRating <= 2) || thumbs === 'down' || correction !== null || wrongSources.length > 0,
      createdAt: at,
      updatedAt: at,
      collection: null,
      question: q.question,
      answerPreview: answer.slice(0, 200),
      mode: 'generative',
      model: 'bench-model.gguf',
      sourceCount: sources.length,
      snapshot: JSON.stringify(snapshot),
    });
  }
  return rows;
}

/** Writes the library and the feedback; only the figures come back, so the run starts without them in the heap. */
async function fillScaleLibrary(dataDir: string): Promise<{ dbPath: string; chunks: number; feedbacks: number; buildMs: number; writeMs: number }> {
  const chunks: LibraryChunk[] = [];
  // The library: corpus paragraphs (repeated with a copy number), written through the store.
  const store = await openLibraryStore(dataDir);
  const dbPath = store.dbPath;
  const build = await timed(async () => {
    const source = qaParagraphs();
    for (let d = 0, written = 0; written < SCALE_CHUNKS; d++) {
      const texts: Array<{ title: string; text: string }> = [];
      for (let o = 0; o < SCALE_CHUNKS_PER_DOCUMENT; o++, written++) {
        const p = source[written % source.length];
        const copy = Math.floor(written / source.length);
        texts.push({ title: p.title, text: copy ? `${p.text} (${copy})` : p.text });
      }
      const { doc, chunks: stored } = syntheticDocument(`quality-bench-doc-${d}`, texts, null);
      await store.commitDocument(doc, { pages: [{ page: 1, text: '' }], chunks: stored, vectors: null }, { isNew: true });
      for (const c of stored) chunks.push({ id: c.id, documentId: c.documentId, title: doc.title, text: c.text });
    }
    await store.optimize();
    await store.maintenanceIdle();
  });
  await store.close();

  const rows = syntheticFeedback(chunks, SCALE_FEEDBACKS);
  const feedbackStore = await openFeedbackStore(dbPath);
  const written = await timed(async () => {
    for (let i = 0; i < rows.length; i += 1_000) await feedbackStore.put(rows.slice(i, i + 1_000));
  });
  await feedbackStore.close();
  return { dbPath, chunks: chunks.length, feedbacks: rows.length, buildMs: build.ms, writeMs: written.ms };
}

async function benchScale(): Promise<void> {
  const dataDir = madeDir('phare-bench-quality-scale-');
  const filled = await fillScaleLibrary(dataDir);
  const dbPath = filled.dbPath;

  // The run, in a process of its own so that its memory is not mixed with the library build's.
  const child = fork(fileURLToPath(import.meta.url), [RUN_CHILD_FLAG, dataDir, dbPath], { stdio: 'inherit' });
  const measured = await new Promise<RunMeasures>((resolve, reject) => {
    child.once('message', (m) => resolve(m as RunMeasures));
    child.once('exit', (code) => reject(new Error(`the run's process exited with ${code} before reporting`)));
  });
  const { run, wallMs, rssOpenMb, rssPeakMb, maxRssMb, reads, scoringMs, scoredChunks, feedbacks } = measured;

  const ms = (v: number | undefined) => (v === undefined ? '-' : fmt(v / 1000, 2));
  printTable(
    `Analysis run at scale (${SCALE_CHUNKS} chunks, ${SCALE_FEEDBACKS} synthetic feedbacks on real chunk ids, no chat model: judge excluded; default quality settings)`,
    ['what', 'seconds', 'note'],
    [
      ['library build (store.commitDocument, full text only)', fmt(filled.buildMs / 1000), `${filled.chunks} chunks`],
      ['feedback write (feedback store, 10 batches)', fmt(filled.writeMs / 1000), `${filled.feedbacks} rows`],
      ['run: total (startedAt -> endedAt)', ms(Date.parse(run.endedAt ?? run.startedAt) - Date.parse(run.startedAt)), `${run.status}; wall clock through the contract ${fmt(wallMs / 1000, 2)} s`],
      ['run: step scores', ms(run.stepMs.scores), `${run.counts.feedbacks} feedbacks, ${run.counts.chunksScored} chunks scored`],
      ['run: step blacklist', ms(run.stepMs.blacklist), `${run.counts.candidates} candidates, ${run.counts.sentToReview} to review (incl. re-ingestion advice)`],
      ['run: step reingest', ms(run.stepMs.reingest), `${run.counts.recommendations} recommendations`],
      ['feedback read (FeedbackService.allCurrent), cold / warm / warm', reads.map((r) => fmt(r / 1000, 2)).join(' / '), `${feedbacks} feedbacks with snapshots`],
      ['scores computed alone (computeChunkScores)', fmt(scoringMs / 1000, 2), `${scoredChunks} chunks`],
      ['RSS of the run\'s process, MB: library open / peak during the run', `${fmt(rssOpenMb, 0)} / ${fmt(rssPeakMb, 0)}`, `its max RSS up to the run's end: ${fmt(maxRssMb, 0)} MB`],
    ],
  );
}

interface RunMeasures {
  run: AnalysisRun;
  wallMs: number;
  rssOpenMb: number;
  rssPeakMb: number;
  maxRssMb: number;
  reads: number[];
  scoringMs: number;
  scoredChunks: number;
  feedbacks: number;
}

/** In the child process: the run through the contract, then the feedback read and the scoring timed on their own. */
async function measureRun(dataDir: string, dbPath: string): Promise<RunMeasures> {
  const mb = (bytes: number) => bytes / 2 ** 20;
  // No chat model, so no judge: candidates go to the review queue.
  const { core, client } = await openCoreOn(dataDir);
  let run: AnalysisRun;
  let wallMs: number;
  const rssOpen = process.memoryUsage.rss();
  let rssPeak = rssOpen;
  let maxRssMb: number;
  try {
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 20);
    try {
      const started = performance.now();
      run = (await runToEnd(client)).run;
      wallMs = performance.now() - started;
    } finally {
      clearInterval(sampler);
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    maxRssMb = process.resourceUsage().maxRSS / 1024;
  } finally {
    await core.dispose();
  }

  // The feedback read the scores step starts with (FeedbackService.allCurrent), and the scoring alone.
  const library = await openLibraryStore(dataDir);
  const conversations = await openConversationStore(dbPath);
  const settings = defaultSettings();
  const service = await createFeedbackService({ dbPath, conversations, events: createEventBus(), getSettings: () => settings, store: library });
  const reads: number[] = [];
  let feedbacks: Awaited<ReturnType<typeof service.allCurrent>> = [];
  try {
    for (let i = 0; i < 3; i++) {
      const read = await timed(() => service.allCurrent());
      reads.push(read.ms);
      feedbacks = read.value;
    }
  } finally {
    await service.close();
    await conversations.close();
    await library.close();
  }
  const scoring = await timed(async () => computeChunkScores(feedbacks, { priorWeight: settings.quality.priorWeight }));
  return {
    run,
    wallMs,
    rssOpenMb: mb(rssOpen),
    rssPeakMb: mb(rssPeak),
    maxRssMb,
    reads,
    scoringMs: scoring.ms,
    scoredChunks: scoring.value.scores.length,
    feedbacks: feedbacks.length,
  };
}

// The run's process (forked by benchScale with the same tsx loader).
if (process.argv[2] === RUN_CHILD_FLAG && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  measureRun(process.argv[3], process.argv[4]).then(
    (measures) => process.send!(measures, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
