/**
 * Chat: the session's conversation and the question box; a conversation with the model alone is marked
 * by a banner; its settings (instructions, temperature, number of sources) open in a dialog.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentMode, useChatStore } from '../../stores/chatStore';
import { ConversationSettingsDialog } from './ConversationSettingsDialog';
import { useFeedbackStore } from '../../stores/feedbackStore';
import { ConversationList } from './ConversationList';
import { MessageItem } from './MessageItem';
import { QuestionBox } from './QuestionBox';
import { RegenerateButton } from './RegenerateButton';
import { RemoteModelBadge } from '../settings/RemoteModelBadge';
import { ChatEmptyState } from './ChatEmptyState';

export function ChatScreen() {
  const { t } = useTranslation();
  const messages = useChatStore((s) => s.messages);
  const clear = useChatStore((s) => s.clear);
  const end = useRef<HTMLDivElement>(null);
  const last = messages[messages.length - 1];
  const modelOnly = useChatStore((s) => currentMode(s) === 'model');
  const busy = useChatStore((s) => s.activeRequestId !== null);
  const [settingsOpen, setSettingsOpen] = useState(false);

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
          <button type="button" className="button" disabled={busy} onClick={() => setSettingsOpen(true)} data-testid="conversation-settings-open">
            {t('conversationSettings.open')}
          </button>
          {messages.length > 0 && (
            <button type="button" className="button" onClick={clear}>
              {t('chat.clear')}
            </button>
          )}
        </div>
        {modelOnly && (
          <p className="banner banner-model-only" role="note" data-testid="model-only-banner">
            {t('conversationSettings.modelOnlyBanner')}
          </p>
        )}
        <div className="conversation" aria-live="polite">
          {messages.length === 0 && <ChatEmptyState modelOnly={modelOnly} />}
          {messages.map((m) => (
            <MessageItem key={m.requestId} message={m} />
          ))}
          <RegenerateButton />
          <div ref={end} />
        </div>
        <QuestionBox />
        {settingsOpen && <ConversationSettingsDialog onClose={() => setSettingsOpen(false)} />}
      </section>
    </div>
  );
}
