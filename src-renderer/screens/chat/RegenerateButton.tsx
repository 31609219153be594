/** Under the last answer: answer the same question again (the new answer replaces this one; its trace stays). */
import { useTranslation } from 'react-i18next';
import { useChatStore } from '../../stores/chatStore';

export function RegenerateButton() {
  const { t } = useTranslation();
  const regenerate = useChatStore((s) => s.regenerate);
  const last = useChatStore((s) => s.messages[s.messages.length - 1]);
  const busy = useChatStore((s) => s.activeRequestId !== null);
  if (!last?.messageId || busy) return null;
  return (
    <div className="regenerate">
      <button type="button" className="button" onClick={() => void regenerate()} data-testid="regenerate">
        {t('conversations.regenerate')}
      </button>
    </div>
  );
}
