/** Chat: the session's conversation and the question box. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useChatStore } from '../../stores/chatStore';
import { useFeedbackStore } from '../../stores/feedbackStore';
import { ConversationList } from './ConversationList';
import { MessageItem } from './MessageItem';
import { QuestionBox } from './QuestionBox';
import { RegenerateButton } from './RegenerateButton';
import { RemoteModelBadge } from '../settings/RemoteModelBadge';

export function ChatScreen() {
  const { t } = useTranslation();
  const messages = useChatStore((s) => s.messages);
  const clear = useChatStore((s) => s.clear);
  const end = useRef<HTMLDivElement>(null);
  const last = messages[messages.length - 1];

  // The saved feedback of each finished answer (a stored conversation shows what was said before).
  const ensureFeedback = useFeedbackStore((s) => s.ensureLoaded);
  useEffect(() => {
    const ids = messages.filter((m) => m.state === 'done' && m.messageId).map((m) => m.messageId as string);
    if (ids.length) void ensureFeedback(ids);
  }, [messages, ensureFeedback]);

  // Follow the answer as it streams in.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages.length, last?.streamed, last?.state]);

  return (
    <div className="chat-layout">
      <ConversationList />
      <section className="screen chat-screen" aria-labelledby="chat-title">
        <div className="screen-head">
          <h1 id="chat-title">{t('chat.title')}</h1>
          {/* While a remote server answers, say so on every screen of the chat. */}
          <RemoteModelBadge place="chat" />
          {messages.length > 0 && (
            <button type="button" className="button" onClick={clear}>
              {t('chat.clear')}
            </button>
          )}
        </div>
        <div className="conversation" aria-live="polite">
          {messages.length === 0 && <p className="empty">{t('chat.empty')}</p>}
          {messages.map((m) => (
            <MessageItem key={m.requestId} message={m} />
          ))}
          <RegenerateButton />
          <div ref={end} />
        </div>
        <QuestionBox />
      </section>
    </div>
  );
}
