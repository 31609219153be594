/**
 * Questions in conversations: each question and its answer are stored as messages of a conversation
 * (made on the fly for a first question), with the answer's trace; follow-ups are answered with the
 * conversation's earlier turns; an answer can be regenerated (the new one replaces it in the view, the
 * old one keeps its trace). `chat.trace` reads how any stored answer was made.
 */
import { randomUUID } from 'node:crypto';
import { AnswerTraceSchema, type AnswerTrace } from '../../../src-shared/conversations';
import type { Answer, Settings } from '../../../src-shared/domain';
import { PhareError, toErrorValue } from '../../../src-shared/errors';
import type { ConversationRow, ConversationStore, MessageRow } from '../conversations/conversationStore';
import { titleFromQuestion, visibleMessages, type ConversationService } from '../conversations/conversationService';
import { newTraceDraft, type AnswerService, type AskRequest } from './answerService';
import type { Turn } from './followUpRewrite';

export interface ChatAskRequest {
  question: string;
  requestId: string;
  collection?: string;
  conversationId?: string;
}

export interface ChatService {
  ask(request: ChatAskRequest): Promise<Answer>;
  regenerate(request: { messageId: string; requestId: string }): Promise<Answer>;
  trace(messageId: string): Promise<AnswerTrace>;
}

export function createChatService(deps: {
  answers: AnswerService;
  conversations: ConversationService;
  store: ConversationStore;
  getSettings: () => Settings;
  /** The instructions of a collection, added before a scoped conversation's own. */
  collectionInstructions?: (collection: string) => string | null;
  /** Every answer made (null when it failed) with its trace, once stored: the metrics count them. */
  onAnswered?: (answer: Answer | null, trace: AnswerTrace) => void;
}): ChatService {
  /** Answers `question` as turn `turn` of a conversation and stores the answer (or the failure) with its trace. */
  async function answerTurn(request: {
    conversation: ConversationRow;
    question: string;
    questionId: string;
    turn: number;
    requestId: string;
    collection?: string;
    history: Turn[];
    regeneratedFrom: string | null;
  }): Promise<Answer> {
    const { question, requestId, conversation } = request;
    const conversationId = conversation.id;
    const messageId = randomUUID();
    const ask: AskRequest = {
      question,
      requestId,
      collection: request.collection,
      history: request.history,
      mode: conversation.mode,
      instructions: instructionsFor(conversation, request.collection),
      temperature: conversation.temperature,
      topK: conversation.topK,
    };
    const draft = newTraceDraft(ask, deps.getSettings());
    const store = async (answer: Answer | null, error: { code: string; message: string } | null) => {
      const createdAt = new Date().toISOString();
      const trace: AnswerTrace = { ...draft, messageId, conversationId, createdAt, regeneratedFrom: request.regeneratedFrom, error };
      const row: MessageRow = {
        id: messageId,
        conversationId,
        turn: request.turn,
        role: 'assistant',
        content: answer?.answer ?? '',
        createdAt,
        replyTo: request.questionId,
        supersededBy: null,
        answer: answer ? JSON.stringify(answer) : null,
        trace: JSON.stringify(trace),
        error: error ? JSON.stringify(error) : null,
      };
      await deps.store.addMessage(row);
      if (request.regeneratedFrom) await deps.store.markSuperseded(request.regeneratedFrom, messageId);
      await deps.conversations.touch(conversationId);
      deps.onAnswered?.(answer, trace);
    };
    let answer: Answer;
    try {
      answer = await deps.answers.ask(ask, draft);
    } catch (error) {
      const value = toErrorValue(error, deps.getSettings().language);
      draft.outcome = 'error';
      // The failure is part of the record (the feedback work counts them); the caller still gets the error.
      await store(null, { code: value.code, message: value.message }).catch(() => undefined);
      throw error;
    }
    const stored: Answer = { ...answer, conversationId, messageId };
    await store(stored, null);
    return stored;
  }

  /** The collection's instructions, then the conversation's own. */
  function instructionsFor(conversation: ConversationRow, collection: string | undefined): string | null {
    const parts = [collection && conversation.mode === 'library' ? deps.collectionInstructions?.(collection) : null, conversation.instructions];
    const text = parts.filter((p): p is string => !!p && p.trim().length > 0).join('\n\n');
    return text || null;
  }

  /** Question/answer pairs of the view before `turn`, oldest first. */
  function historyBefore(rows: MessageRow[], turn: number): Turn[] {
    const view = visibleMessages(rows).filter((m) => m.turn < turn);
    const turns: Turn[] = [];
    for (const q of view.filter((m) => m.role === 'user')) {
      const a = view.find((m) => m.role === 'assistant' && m.replyTo === q.id);
      if (a && a.content) turns.push({ question: q.content, answer: a.content });
    }
    return turns;
  }

  return {
    async ask({ question, requestId, collection, conversationId }) {
      const conversation = conversationId
        ? await deps.conversations.requireLive(conversationId)
        : await deps.conversations.create({ title: titleFromQuestion(question), collection: collection || null });
      const id = conversation.id;
      if (!conversation.title) await deps.conversations.rename(id, titleFromQuestion(question));
      const rows = await deps.store.listMessages(id);
      const turn = rows.reduce((max, m) => Math.max(max, m.turn + 1), 0);
      const questionId = randomUUID();
      await deps.store.addMessage({
        id: questionId,
        conversationId: id,
        turn,
        role: 'user',
        content: question,
        createdAt: new Date().toISOString(),
        replyTo: null,
        supersededBy: null,
        answer: null,
        trace: null,
        error: null,
      });
      return answerTurn({
        conversation,
        question,
        questionId,
        turn,
        requestId,
        // A scoped conversation searches its collection; a question may narrow an unscoped one.
        collection: conversation.collection ?? collection,
        history: historyBefore(rows, turn),
        regeneratedFrom: null,
      });
    },

    async regenerate({ messageId, requestId }) {
      const old = await deps.store.getMessage(messageId);
      if (!old || old.role !== 'assistant' || !old.replyTo) throw new PhareError('MESSAGE_NOT_FOUND', { id: messageId });
      const conversation = await deps.conversations.requireLive(old.conversationId);
      const question = await deps.store.getMessage(old.replyTo);
      if (!question) throw new PhareError('MESSAGE_NOT_FOUND', { id: old.replyTo });
      // A regenerated answer that was itself replaced: regenerate the current one instead.
      const rows = await deps.store.listMessages(conversation.id);
      const current = visibleMessages(rows).find((m) => m.role === 'assistant' && m.replyTo === question.id);
      return answerTurn({
        conversation,
        question: question.content,
        questionId: question.id,
        turn: old.turn,
        requestId,
        collection: conversation.collection ?? previousCollection(old),
        history: historyBefore(rows, old.turn),
        regeneratedFrom: current?.id ?? old.id,
      });
    },

    async trace(messageId) {
      const row = await deps.store.getMessage(messageId);
      if (!row || !row.trace) throw new PhareError('MESSAGE_NOT_FOUND', { id: messageId });
      return AnswerTraceSchema.parse(JSON.parse(row.trace));
    },
  };
}

/** The collection an answer searched (a question may have narrowed an unscoped conversation). */
function previousCollection(row: MessageRow): string | undefined {
  if (!row.trace) return undefined;
  const parsed = AnswerTraceSchema.safeParse(JSON.parse(row.trace));
  return parsed.success ? (parsed.data.collection ?? undefined) : undefined;
}
