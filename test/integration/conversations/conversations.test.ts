/**
 * Conversations through the contract on a real core (LanceDB on disk, no chat model: answers are
 * extractive): stored with their answers and traces across a restart, searched, renamed, removed and
 * restored, purged after the undo window, exported, and scoped to a collection.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationSchema } from '../../../src-shared/conversations';
import { createCore } from '../../../src-main/core/core';
import { createInProcessClient } from '../../../src-main/core/inProcessClient';
import { openConversationStore } from '../../../src-main/core/conversations/conversationStore';
import { createConversationService, UNDO_WINDOW_MS } from '../../../src-main/core/conversations/conversationService';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, TestCore } from '../../helpers/testCore';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');
const warsaw = corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt');

let t: TestCore;
let superBowlId: string;
let warsawId: string;

beforeAll(async () => {
  t = await openTestCore({ language: 'en' });
  const [a] = await ingest(t.client, [superBowl], 'sport');
  const [b] = await ingest(t.client, [warsaw], 'cities');
  expect([a.status, b.status]).toEqual(['ready', 'ready']);
  superBowlId = a.documentId!;
  warsawId = b.documentId!;
});

afterAll(async () => {
  await t?.dispose();
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

describe('conversations', () => {
  it('starts a conversation on a first question, titled by it, and keeps it across a restart', async () => {
    const answer = await t.client.call('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'c1' });
    expect(answer.conversationId).toBeTruthy();
    expect(answer.messageId).toBeTruthy();
    expect(answer.rewrittenQuery).toBeNull();
    const followUp = await t.client.call('chat.ask', { question: 'Where was it played?', requestId: 'c2', conversationId: answer.conversationId });
    expect(followUp.conversationId).toBe(answer.conversationId);

    // A second core on the same folder: what the first one stored is there.
    await t.core.dispose();
    const core = await createCore({ dataDir: t.dataDir });
    t = { ...t, core, client: createInProcessClient(core), dispose: () => core.dispose() };
    const listed = await t.client.call('conversations.list', {});
    const summary = listed.find((c) => c.id === answer.conversationId)!;
    expect(summary.title).toBe('Who won Super Bowl 50?');
    expect(summary.questionCount).toBe(2);
    const conversation = await t.client.call('conversations.get', { id: answer.conversationId! });
    expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(conversation.messages[0].content).toBe('Who won Super Bowl 50?');
    expect(conversation.messages[1].replyTo).toBe(conversation.messages[0].id);
    expect(conversation.messages[1].answer?.answer).toBe(answer.answer);
    expect(conversation.messages[1].answer?.sources).toEqual(answer.sources);

    const trace = await t.client.call('chat.trace', { messageId: followUp.messageId! });
    expect(trace.conversationId).toBe(answer.conversationId);
    expect(trace.question).toBe('Where was it played?');
    // No chat model: the follow-up could not be rewritten and was searched as asked.
    expect(trace.rewrite.outcome).toBe('no-model');
    expect(trace.searchQuery).toBe('Where was it played?');
    expect(trace.mode).toBe('extractive');
    expect(trace.outcome).toBe('complete');
    expect(trace.retrieval.mode).toBe('fulltext');
    expect(trace.retrieval.hits.length).toBeGreaterThan(0);
    expect(trace.retrieval.hits.map((h) => h.rank)).toEqual(trace.retrieval.hits.map((_, i) => i + 1));
    expect(trace.retrieval.lists.map((l) => l.source).sort()).toEqual(['fulltext:en', 'fulltext:fr']);
    // Each list keeps its own BM25 scores beside its ids, best first.
    for (const list of trace.retrieval.lists) {
      expect(list.scores).toHaveLength(list.chunkIds.length);
      expect(list.scores!.every((score, i) => score > 0 && (i === 0 || score <= list.scores![i - 1]))).toBe(true);
    }
    const retrieved = new Set(trace.retrieval.hits.map((h) => h.chunkId));
    for (const sent of trace.packing.sent) for (const id of sent.chunkIds) expect(retrieved.has(id)).toBe(true);
    expect(trace.packing.sent.map((s) => s.chunkIds[0])).toEqual(followUp.sources.map((s) => s.chunkId));
    expect(trace.timings?.totalMs).toBeGreaterThanOrEqual(0);
    expect(trace.model).toBeNull();
  });

  it('searches titles and messages, without regard to case or accents', async () => {
    await t.client.call('chat.ask', { question: 'Quelle était la population de Varsovie ?', requestId: 'c3' });
    const byTitle = await t.client.call('conversations.list', { query: 'VARSOVIE' });
    expect(byTitle.map((c) => c.title)).toEqual(['Quelle était la population de Varsovie ?']);
    const byAccent = await t.client.call('conversations.list', { query: 'Etait LA' });
    expect(byAccent.map((c) => c.title)).toEqual(['Quelle était la population de Varsovie ?']);
    // A word that is only in an answer (the extractive passages quote the documents).
    const first = (await t.client.call('conversations.list', { query: 'Super Bowl 50' }))[0];
    const conversation = await t.client.call('conversations.get', { id: first.id });
    const answerWord = conversation.messages[1].content.match(/\b[A-Z][a-z]{6,}\b/)![0];
    const byMessage = await t.client.call('conversations.list', { query: answerWord.toLowerCase() });
    expect(byMessage.map((c) => c.id)).toContain(first.id);
    expect(byMessage.find((c) => c.id === first.id)?.match?.toLowerCase()).toContain(answerWord.toLowerCase());
    expect(await t.client.call('conversations.list', { query: 'zzqx no such words' })).toEqual([]);
  });

  it('renames, removes (hidden at once) and restores', async () => {
    const created = await t.client.call('conversations.create', { title: 'Draft' });
    expect(created.questionCount).toBe(0);
    const renamed = await t.client.call('conversations.rename', { id: created.id, title: '  Notes on Warsaw ' });
    expect(renamed.title).toBe('Notes on Warsaw');
    const removed = await t.client.call('conversations.remove', { id: created.id });
    expect(removed.deletedAt).not.toBeNull();
    expect((await t.client.call('conversations.list', {})).map((c) => c.id)).not.toContain(created.id);
    const gone = await t.core.dispatch('conversations.get', { id: created.id });
    expect(gone.ok ? null : gone.error.code).toBe('CONVERSATION_NOT_FOUND');
    const asking = await t.core.dispatch('chat.ask', { question: 'Warsaw?', requestId: 'c4', conversationId: created.id });
    expect(asking.ok ? null : asking.error.code).toBe('CONVERSATION_NOT_FOUND');
    const restored = await t.client.call('conversations.restore', { id: created.id });
    expect(restored.deletedAt).toBeNull();
    expect((await t.client.call('conversations.list', {})).map((c) => c.id)).toContain(created.id);
  });

  it('purges removed conversations and their messages once the undo window has passed', async () => {
    const answer = await t.client.call('chat.ask', { question: 'Who was the Super Bowl 50 MVP?', requestId: 'c5' });
    const id = answer.conversationId!;
    await t.client.call('conversations.remove', { id });
    const store = await openConversationStore(join(t.dataDir, 'library.lance'));
    try {
      const service = createConversationService(store);
      expect(await service.purgeRemoved(new Date(Date.now() + UNDO_WINDOW_MS / 2))).toBe(0);
      expect(await store.getConversation(id)).not.toBeNull();
      expect(await service.purgeRemoved(new Date(Date.now() + UNDO_WINDOW_MS + 60_000))).toBe(1);
      expect(await store.getConversation(id)).toBeNull();
      expect(await store.listMessages(id)).toEqual([]);
      expect(await store.getMessage(answer.messageId!)).toBeNull();
    } finally {
      await store.close();
    }
    const restore = await t.core.dispatch('conversations.restore', { id });
    expect(restore.ok ? null : restore.error.code).toBe('CONVERSATION_NOT_FOUND');
  });

  it('keeps every message, in order, through the background compactions of a long conversation', async () => {
    const dbPath = join(t.dataDir, 'compaction.lance');
    let store = await openConversationStore(dbPath);
    const now = new Date().toISOString();
    await store.addConversation({
      id: 'long',
      title: 'Long',
      collection: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      mode: 'library',
      instructions: null,
      temperature: null,
      topK: null,
    });
    const writes: Promise<void>[] = [];
    for (let turn = 0; turn < 70; turn++) {
      for (const role of ['user', 'assistant'] as const) {
        writes.push(
          store.addMessage({ id: `${turn}-${role}`, conversationId: 'long', turn, role, content: `${role} ${turn}`, createdAt: now, replyTo: role === 'assistant' ? `${turn}-user` : null, supersededBy: null, answer: null, trace: null, error: null }),
        );
      }
    }
    await Promise.all(writes);
    await store.close();
    store = await openConversationStore(dbPath);
    try {
      const messages = await store.listMessages('long');
      expect(messages.map((m) => m.id)).toEqual(Array.from({ length: 70 }, (_, turn) => [`${turn}-user`, `${turn}-assistant`]).flat());
    } finally {
      await store.close();
    }
  });

  it('exports as Markdown and as JSON', async () => {
    const answer = await t.client.call('chat.ask', { question: 'Which team won Super Bowl 50?', requestId: 'c6' });
    const id = answer.conversationId!;
    const md = await t.client.call('conversations.export', { id, format: 'markdown' });
    expect(md.fileName).toBe('Which-team-won-Super-Bowl-50.md');
    expect(md.content).toMatch(/^# Which team won Super Bowl 50\?\n/);
    expect(md.content).toContain('## Question\n\nWhich team won Super Bowl 50?');
    for (const s of answer.sources) expect(md.content).toContain(`- [${s.n}] ${s.title}, p. ${s.page}`);
    const json = await t.client.call('conversations.export', { id, format: 'json' });
    expect(json.fileName).toBe('Which-team-won-Super-Bowl-50.json');
    const parsed = ConversationSchema.parse(JSON.parse(json.content));
    expect(parsed.id).toBe(id);
    expect(parsed.messages[1].answer?.sources).toEqual(answer.sources);
  });

  it('scopes a conversation to a collection: its questions search only it', async () => {
    const scoped = await t.client.call('conversations.create', { collection: 'cities' });
    const answer = await t.client.call('chat.ask', { question: 'Who won Super Bowl 50 and what is the population of Warsaw?', requestId: 'c7', conversationId: scoped.id });
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(new Set(answer.sources.map((s) => s.documentId))).toEqual(new Set([warsawId]));
    const trace = await t.client.call('chat.trace', { messageId: answer.messageId! });
    expect(trace.collection).toBe('cities');
    // Untitled when created: the first question names it.
    expect((await t.client.call('conversations.get', { id: scoped.id })).title).toMatch(/^Who won Super Bowl 50/);
    expect((await t.client.call('conversations.list', { collection: 'cities' })).map((c) => c.id)).toEqual([scoped.id]);
    const unscoped = await t.client.call('chat.ask', { question: 'Who won Super Bowl 50 and what is the population of Warsaw?', requestId: 'c8' });
    expect(unscoped.sources.some((s) => s.documentId === superBowlId)).toBe(true);
  });

  it('regenerates an answer: the new one replaces it in the view, the old one keeps its trace', async () => {
    const first = await t.client.call('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'c9' });
    const again = await t.client.call('chat.regenerate', { messageId: first.messageId!, requestId: 'c10' });
    expect(again.messageId).not.toBe(first.messageId);
    expect(again.conversationId).toBe(first.conversationId);
    expect(again.question).toBe('Who won Super Bowl 50?');
    const view = await t.client.call('conversations.get', { id: first.conversationId! });
    expect(view.messages.map((m) => m.id)).toEqual([view.messages[0].id, again.messageId]);
    expect((await t.client.call('chat.trace', { messageId: first.messageId! })).outcome).toBe('complete');
    expect((await t.client.call('chat.trace', { messageId: again.messageId! })).regeneratedFrom).toBe(first.messageId);
    const missing = await t.core.dispatch('chat.regenerate', { messageId: view.messages[0].id, requestId: 'c11' });
    expect(missing.ok ? null : missing.error.code).toBe('MESSAGE_NOT_FOUND');
  });
});
