/** The question box: Enter sends, Shift+Enter adds a line; Stop cancels the running answer. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChatStore } from '../../stores/chatStore';

export function QuestionBox() {
  const { t } = useTranslation();
  const [question, setQuestion] = useState('');
  const ask = useChatStore((s) => s.ask);
  const stop = useChatStore((s) => s.stop);
  const busy = useChatStore((s) => s.activeRequestId !== null);

  const send = () => {
    const q = question.trim();
    if (!q || busy) return;
    setQuestion('');
    void ask(q);
  };

  return (
    <form
      className="question-box"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        className="question-input"
        aria-label={t('chat.questionLabel')}
        placeholder={t('chat.placeholder')}
        value={question}
        rows={2}
        maxLength={8000}
        autoFocus
        onChange={(e) => setQuestion(e.target.value)}
        onKeyDown={(e) => {
          // An IME composition uses Enter to commit characters, not to send.
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      {busy ? (
        <button type="button" className="button button-danger" onClick={() => void stop()}>
          {t('chat.stop')}
        </button>
      ) : (
        <button type="submit" className="button button-primary" disabled={!question.trim()}>
          {t('chat.send')}
        </button>
      )}
    </form>
  );
}
