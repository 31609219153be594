/**
 * Feedback on answers through the contract, on a real core (LanceDB on disk, corpus documents, no chat
 * model: answers are extractive, three sources each): given, edited with its history, withdrawn; the
 * snapshot of the answer's trace; every refused input stores nothing; list filters; exports that parse
 * back; conversation removal with and without its feedback, then restore.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../../src-shared/domain';
import { FeedbackSchema, FeedbackVersionSchema, TrainingRecordSchema, type FeedbackInput } from '../../../src-shared/feedback';
import type { MethodInput } from '../../../src-shared/contract';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';
import { parseCsv } from './parseCsv';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');
const warsaw = corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt');

let t: TestCore;
let asked = 0;

async function ask(question: string, options: { collection?: string; conversationId?: string } = {}): Promise<Answer> {
  const answer = await t.client.call('chat.ask', { question, requestId: `fb-${++asked}`, ...options });
  expect(answer.mode).toBe('extractive');
  expect(answer.sources).toHaveLength(3);
  return answer;
}

/** The error code of a call, or 'ok'. */
async function codeOf<M extends 'feedback.submit' | 'feedback.list'>(method: M, input: MethodInput<M>): Promise<string> {
  const result = await t.core.dispatch(method, input);
  return result.ok ? 'ok' : result.error.code;
}

async function submit(input: FeedbackInput) {
  return t.client.call('feedback.submit', input);
}

beforeAll(async () => {
  t = await openTestCore({ language: 'en' });
  const results = [...(await ingest(t.client, [superBowl], 'sport')), ...(await ingest(t.client, [warsaw], 'cities'))];
  expect(results.map((r) => r.status)).toEqual(['ready', 'ready']);
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

describe('submit, edit, withdraw', () => {
  it('keeps every version in the history and the first creation date', async () => {
    const answer = await ask('Who won Super Bowl 50?');
    const messageId = answer.messageId!;
    const changed: string[] = [];
    const off = t.client.on('feedback.changed', (e) => changed.push(e.messageId));

    const first = await submit({ messageId, thumbs: 'up' });
    expect(first).toMatchObject({ messageId, conversationId: answer.conversationId, version: 1, thumbs: 'up', rating: null, comment: null, withdrawn: false, needsAttention: false });
    // A patch: the rating is added, the thumbs stay.
    const second = await submit({ messageId, rating: 2, comment: '  Too vague.  ' });
    expect(second).toMatchObject({ id: first.id, version: 2, thumbs: 'up', rating: 2, comment: 'Too vague.', needsAttention: true, createdAt: first.createdAt });
    expect(second.updatedAt >= first.updatedAt).toBe(true);
    // null clears a field; the rating alone still gives a direction.
    const third = await submit({ messageId, thumbs: null, rating: 5, comment: null });
    expect(third).toMatchObject({ version: 3, thumbs: null, rating: 5, comment: null, needsAttention: false });
    off();
    expect(changed).toEqual([messageId, messageId, messageId]);

    expect(await t.client.call('feedback.get', { messageId })).toEqual(third);
    const history = await t.client.call('feedback.history', { messageId });
    expect(history.map((v) => [v.version, v.thumbs, v.rating, v.comment])).toEqual([
      [1, 'up', null, null],
      [2, 'up', 2, 'Too vague.'],
      [3, null, 5, null],
    ]);
    for (const v of history) expect(FeedbackVersionSchema.strict().safeParse(v).success).toBe(true);
  });

  it('withdraws (history kept), refuses a second withdrawal, and a new submit starts afresh', async () => {
    const answer = await ask('Who was the MVP of Super Bowl 50?');
    const messageId = answer.messageId!;
    await submit({ messageId, thumbs: 'down', comment: 'Wrong player', correction: 'Von Miller', wrongSources: [2] });
    expect(await t.client.call('feedback.withdraw', { messageId })).toEqual({ withdrawn: true });
    expect(await t.client.call('feedback.get', { messageId })).toBeNull();
    expect(await t.client.call('feedback.withdraw', { messageId })).toEqual({ withdrawn: false });
    expect((await t.client.call('feedback.list', {})).some((f) => f.messageId === messageId)).toBe(false);
    const withWithdrawn = await t.client.call('feedback.list', { includeWithdrawn: true });
    expect(withWithdrawn.find((f) => f.messageId === messageId)).toMatchObject({ withdrawn: true, version: 2 });

    const again = await submit({ messageId, rating: 4 });
    expect(again).toMatchObject({ version: 3, rating: 4, thumbs: null, comment: null, correction: null, wrongSources: [], withdrawn: false });
    const history = await t.client.call('feedback.history', { messageId });
    expect(history.map((v) => [v.version, v.withdrawn])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    // A message without any feedback: nothing to withdraw, nothing in its history.
    const other = await ask('Where was Super Bowl 50 played?');
    expect(await t.client.call('feedback.withdraw', { messageId: other.messageId! })).toEqual({ withdrawn: false });
    expect(await t.client.call('feedback.history', { messageId: other.messageId! })).toEqual([]);
  });

  it('takes feedback on an answer a regeneration replaced (its trace is still there)', async () => {
    const answer = await ask('What halftime show was at Super Bowl 50?');
    const regenerated = await t.client.call('chat.regenerate', { messageId: answer.messageId!, requestId: 'fb-regen' });
    expect(regenerated.messageId).not.toBe(answer.messageId);
    const old = await submit({ messageId: answer.messageId!, thumbs: 'down' });
    expect(old.snapshot.sources).toHaveLength(3);
  });
});

describe('the answer snapshot', () => {
  it('holds the packed chunks of each source, cited, with its retrieval rank, and the retrieved chunks left out', async () => {
    const answer = await ask('Which team represented the AFC at Super Bowl 50?', { collection: 'sport' });
    const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
    const feedback = await submit({ messageId: answer.messageId!, rating: 3 });
    const s = feedback.snapshot;
    expect(s).toMatchObject({
      question: 'Which team represented the AFC at Super Bowl 50?',
      searchQuery: trace.searchQuery,
      answer: answer.answer,
      mode: 'extractive',
      model: null,
      collection: 'sport',
      language: 'en',
      answeredAt: trace.createdAt,
      totalMs: answer.timings.totalMs,
    });
    expect(s.settings).toEqual({ topK: trace.retrieval.topK, temperature: null, maxTokens: null, contextSize: null });
    expect(s.sources.map((x) => x.n)).toEqual([1, 2, 3]);
    expect(s.sources.map((x) => x.chunkIds)).toEqual(trace.packing.sent.map((p) => p.chunkIds));
    // Extractive: every listed source is shown, so cited; each came straight from the fused ranking.
    expect(s.sources.map((x) => x.cited)).toEqual([true, true, true]);
    const rankOf = new Map(trace.retrieval.hits.map((h) => [h.chunkId, h.rank]));
    expect(s.sources.map((x) => x.rank)).toEqual(s.sources.map((x) => Math.min(...x.chunkIds.map((id) => rankOf.get(id)!))));
    expect(s.sources.map((x) => x.rank)).toEqual([1, 2, 3]);
    for (const [i, source] of s.sources.entries()) {
      expect(source).toMatchObject({ documentId: answer.sources[i].documentId, title: answer.sources[i].title, page: answer.sources[i].page, snippet: answer.sources[i].snippet });
    }
    const packed = new Set(trace.packing.sent.flatMap((p) => p.chunkIds));
    expect(s.retrievedChunkIds).toEqual(trace.retrieval.hits.map((h) => h.chunkId).filter((id) => !packed.has(id)));
    expect(s.retrievedChunkIds.length).toBe(trace.retrieval.hits.length - 3);
    // The snapshot stays the one taken at the first rating.
    const edited = await submit({ messageId: answer.messageId!, rating: 4 });
    expect(edited.snapshot).toEqual(s);
  });
});

describe('refused input stores nothing', () => {
  let answer: Answer;
  let questionId: string;
  let failedId: string;
  let removedAnswerId: string;

  beforeAll(async () => {
    answer = await ask('How many points did the Broncos score in Super Bowl 50?');
    const conversation = await t.client.call('conversations.get', { id: answer.conversationId! });
    questionId = conversation.messages[0].id;
    expect(conversation.messages[0].role).toBe('user');
    // A failed answer: the configured chat model file does not exist.
    await t.client.call('settings.update', { chatModelPath: join(t.dataDir, 'missing.gguf') });
    const failed = await t.core.dispatch('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'fb-fail', conversationId: answer.conversationId });
    expect(failed.ok).toBe(false);
    await t.client.call('settings.update', { chatModelPath: null });
    const after = await t.client.call('conversations.get', { id: answer.conversationId! });
    const failedMessage = after.messages.find((m) => m.role === 'assistant' && m.error !== null)!;
    expect(failedMessage.answer).toBeNull();
    failedId = failedMessage.id;
    const removed = await ask('Who coached the Panthers?');
    await t.client.call('conversations.remove', { id: removed.conversationId! });
    removedAnswerId = removed.messageId!;
  });

  it('gives one error code per bad input, with the list and the history unchanged', async () => {
    const messageId = answer.messageId!;
    const before = await submit({ messageId, thumbs: 'up', rating: 4 });
    const listBefore = await t.client.call('feedback.list', { includeWithdrawn: true });
    const historyBefore = await t.client.call('feedback.history', { messageId });
    expect(historyBefore).toHaveLength(1);

    const cases: Array<[string, MethodInput<'feedback.submit'>, string]> = [
      ['rating 0', { messageId, rating: 0 }, 'VALIDATION'],
      ['rating 6', { messageId, rating: 6 }, 'VALIDATION'],
      ['rating 2.5', { messageId, rating: 2.5 }, 'VALIDATION'],
      ['a 1 MB comment', { messageId, thumbs: 'up', comment: 'x'.repeat(1024 * 1024) }, 'VALIDATION'],
      ['an unknown message', { messageId: 'no-such-message', thumbs: 'up' }, 'MESSAGE_NOT_FOUND'],
      ['a question message', { messageId: questionId, thumbs: 'up' }, 'MESSAGE_NOT_FOUND'],
      ['an answer of a removed conversation', { messageId: removedAnswerId, thumbs: 'up' }, 'MESSAGE_NOT_FOUND'],
      ['a failed answer', { messageId: failedId, thumbs: 'down' }, 'ANSWER_NOT_RATABLE'],
      ['wrong source 9 of 3', { messageId, thumbs: 'down', wrongSources: [1, 9] }, 'SOURCE_NOT_IN_ANSWER'],
      ['neither thumbs nor rating', { messageId, thumbs: null, rating: null }, 'FEEDBACK_NEEDS_DIRECTION'],
    ];
    const codes = [];
    for (const [, input] of cases) codes.push(await codeOf('feedback.submit', input));
    expect(codes).toEqual(cases.map(([, , code]) => code));

    // A message without feedback, given no direction: refused too, and nothing is created.
    const fresh = await ask('What was the attendance at Super Bowl 50?');
    expect(await codeOf('feedback.submit', { messageId: fresh.messageId!, comment: 'no direction' })).toBe('FEEDBACK_NEEDS_DIRECTION');
    expect(await t.client.call('feedback.history', { messageId: fresh.messageId! })).toEqual([]);

    expect(await t.client.call('feedback.list', { includeWithdrawn: true })).toEqual(listBefore);
    expect(await t.client.call('feedback.history', { messageId })).toEqual(historyBefore);
    expect(await t.client.call('feedback.get', { messageId })).toEqual(before);
    for (const id of [questionId, failedId, removedAnswerId]) expect(await t.client.call('feedback.history', { messageId: id })).toEqual([]);
  });

  it('refuses a bad filter', async () => {
    expect(await codeOf('feedback.list', { since: 'not a date' })).toBe('VALIDATION');
    expect(await codeOf('feedback.list', { minRating: 0 })).toBe('VALIDATION');
  });
});

describe('list filters and exports', () => {
  /** Feedback made for this block, by a name. */
  const made = new Map<string, string>();

  beforeAll(async () => {
    const plans: Array<[string, string, string, Omit<FeedbackInput, 'messageId'>]> = [
      ['s1', 'Who won Super Bowl 50?', 'sport', { rating: 1, thumbs: 'down', correction: 'The Denver Broncos' }],
      ['s2', 'Where was Super Bowl 50 played?', 'sport', { rating: 5, thumbs: 'up', comment: '=HYPERLINK("http://x"), "quoted"\nsecond line' }],
      ['c1', 'What is the population of Warsaw?', 'cities', { rating: 3, comment: 'ok' }],
      ['c2', 'Which river flows through Warsaw?', 'cities', { thumbs: 'down', wrongSources: [3] }],
    ];
    for (const [name, question, collection, input] of plans) {
      const answer = await ask(question, { collection });
      await submit({ messageId: answer.messageId!, ...input });
      made.set(name, answer.messageId!);
    }
  });

  /** The names of this block's feedback a filter lists, in list order. */
  async function listed(filter: MethodInput<'feedback.list'>): Promise<string[]> {
    const byId = new Map([...made].map(([name, id]) => [id, name]));
    return (await t.client.call('feedback.list', filter)).map((f) => byId.get(f.messageId)).filter((n): n is string => n !== undefined);
  }

  it('lists most recent first, with the row a list needs', async () => {
    expect(await listed({})).toEqual(['c2', 'c1', 's2', 's1']);
    const [row] = await t.client.call('feedback.list', { limit: 1 });
    expect(row).toMatchObject({ messageId: made.get('c2'), question: 'Which river flows through Warsaw?', mode: 'extractive', model: null, collection: 'cities', sourceCount: 3 });
    expect(row.answerPreview.length).toBeGreaterThan(0);
    expect(row).not.toHaveProperty('snapshot');
  });

  it('filters by rating, thumbs, collection, comment, correction, attention and date', async () => {
    expect(await listed({ maxRating: 2 })).toEqual(['s1']);
    expect(await listed({ minRating: 3 })).toEqual(['c1', 's2']);
    expect(await listed({ minRating: 3, maxRating: 3 })).toEqual(['c1']);
    expect(await listed({ thumbs: 'down' })).toEqual(['c2', 's1']);
    expect(await listed({ thumbs: 'up' })).toEqual(['s2']);
    expect(await listed({ collection: 'cities' })).toEqual(['c2', 'c1']);
    expect(await listed({ collection: "cit'ies" })).toEqual([]);
    expect(await listed({ collection: 'sport', thumbs: 'down' })).toEqual(['s1']);
    expect(await listed({ hasComment: true })).toEqual(['c1', 's2']);
    expect(await listed({ hasComment: false })).toEqual(['c2', 's1']);
    expect(await listed({ hasCorrection: true })).toEqual(['s1']);
    expect(await listed({ needsAttention: true })).toEqual(['c2', 's1']);

    const day = (offset: number) => {
      const d = new Date();
      d.setDate(d.getDate() + offset);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    expect(await listed({ since: day(0) })).toEqual(['c2', 'c1', 's2', 's1']);
    expect(await listed({ until: day(0) })).toEqual(['c2', 'c1', 's2', 's1']);
    expect(await listed({ since: day(1) })).toEqual([]);
    expect(await listed({ until: day(-1) })).toEqual([]);
    const all = await t.client.call('feedback.list', {});
    const c1 = all.find((f) => f.messageId === made.get('c1'))!;
    expect(await listed({ since: c1.updatedAt })).toEqual(['c2', 'c1']);
    expect(await listed({ until: c1.updatedAt })).toEqual(['c1', 's2', 's1']);
  });

  it('exports JSONL and CSV that parse back', async () => {
    // This block's two sport answers (an earlier block rated another one of that collection).
    const s1Given = (await t.client.call('feedback.get', { messageId: made.get('s1')! }))!.updatedAt;
    const filter = { collection: 'sport', since: s1Given };
    const jsonl = await t.client.call('feedback.export', { format: 'jsonl', filter });
    expect(jsonl.fileName).toMatch(/^phare-feedback-\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(jsonl.mime).toBe('application/x-ndjson');
    expect(jsonl.count).toBe(2);
    const lines = jsonl.content.trimEnd().split('\n').map((l) => FeedbackSchema.parse(JSON.parse(l)));
    expect(lines.map((f) => f.messageId)).toEqual([made.get('s2'), made.get('s1')]);
    expect(lines[1]).toEqual(await t.client.call('feedback.get', { messageId: made.get('s1')! }));

    const csv = await t.client.call('feedback.export', { format: 'csv', filter });
    expect(csv.fileName).toMatch(/^phare-feedback-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.count).toBe(2);
    const [header, ...rows] = parseCsv(csv.content);
    expect(rows).toHaveLength(2);
    const record = (row: string[]) => Object.fromEntries(header.map((h, i) => [h, row[i]]));
    const s2 = record(rows[0]);
    expect(s2).toMatchObject({ messageId: made.get('s2'), rating: '5', thumbs: 'up', question: 'Where was Super Bowl 50 played?', collection: 'sport', withdrawn: 'false' });
    // The formula guard: a leading = gets an apostrophe; quotes, the comma and the line break survive quoting.
    expect(s2.comment).toBe('\'=HYPERLINK("http://x"), "quoted"\nsecond line');
    const s1 = record(rows[1]);
    expect(s1).toMatchObject({ rating: '1', thumbs: 'down', correction: 'The Denver Broncos', comment: '', needsAttention: 'true' });
    expect(s1.sources.split('; ')).toHaveLength(3);
  });

  it('exports training records with the passages read from the library', async () => {
    const exported = await t.client.call('feedback.export', { format: 'jsonl', training: true, filter: { collection: 'cities' } });
    expect(exported.fileName).toMatch(/^phare-feedback-training-\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(exported.count).toBe(2);
    const records = exported.content.trimEnd().split('\n').map((l) => TrainingRecordSchema.strict().parse(JSON.parse(l)));
    const c2 = (await t.client.call('feedback.get', { messageId: made.get('c2')! }))!;
    expect(records[0]).toMatchObject({ question: 'Which river flows through Warsaw?', answer: c2.snapshot.answer, correctedAnswer: null, rating: null, thumbs: 'down', language: 'en', model: null });
    expect(records[0].contexts.map((c) => c.wrong)).toEqual([false, false, true]);
    for (const [i, context] of records[0].contexts.entries()) {
      const source = c2.snapshot.sources[i];
      const chunk = await t.client.call('library.chunk', { id: source.chunkIds[0] });
      expect(context).toEqual({ documentId: source.documentId, title: source.title, page: source.page, text: chunk.text, wrong: i === 2 });
    }
    expect(records[1]).toMatchObject({ question: 'What is the population of Warsaw?', rating: 3, comment: 'ok' });
  });
});

describe('conversation removal', () => {
  it('keeps the feedback by default; without it, withdraws it until a restore', async () => {
    const first = await ask('Who sang the national anthem at Super Bowl 50?');
    const conversationId = first.conversationId!;
    const second = await ask('Who broadcast Super Bowl 50?', { conversationId });
    const third = await ask('What was the cost of a commercial during Super Bowl 50?', { conversationId });
    await submit({ messageId: first.messageId!, thumbs: 'up' });
    await submit({ messageId: second.messageId!, rating: 2 });
    await submit({ messageId: third.messageId!, rating: 4 });
    // Withdrawn by its author before: a restore of the conversation must not bring it back.
    await t.client.call('feedback.withdraw', { messageId: third.messageId! });
    const ofConversation = async () => (await t.client.call('feedback.list', {})).filter((f) => f.conversationId === conversationId).map((f) => f.messageId).sort();

    await t.client.call('conversations.remove', { id: conversationId });
    expect(await ofConversation()).toEqual([first.messageId!, second.messageId!].sort());
    expect((await t.client.call('feedback.get', { messageId: first.messageId! }))?.version).toBe(1);
    await t.client.call('conversations.restore', { id: conversationId });
    expect((await t.client.call('feedback.get', { messageId: first.messageId! }))?.version).toBe(1);

    await t.client.call('conversations.remove', { id: conversationId, keepFeedback: false });
    expect(await ofConversation()).toEqual([]);
    expect(await t.client.call('feedback.get', { messageId: first.messageId! })).toBeNull();
    expect((await t.client.call('feedback.history', { messageId: second.messageId! })).map((v) => v.withdrawn)).toEqual([false, true]);

    await t.client.call('conversations.restore', { id: conversationId });
    expect(await ofConversation()).toEqual([first.messageId!, second.messageId!].sort());
    expect(await t.client.call('feedback.get', { messageId: second.messageId! })).toMatchObject({ version: 3, rating: 2, withdrawn: false });
    expect(await t.client.call('feedback.get', { messageId: third.messageId! })).toBeNull();
    expect((await t.client.call('feedback.history', { messageId: third.messageId! })).map((v) => v.withdrawn)).toEqual([false, true]);
  });
});
