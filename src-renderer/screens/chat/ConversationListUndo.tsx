/** The toast after a conversation is deleted: Undo restores it; it goes away by itself after a while. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useChatStore } from '../../stores/chatStore';

/** Long enough to notice and click; the core keeps a removed conversation restorable for a day anyway. */
const UNDO_TOAST_MS = 10_000;

export function ConversationListUndo() {
  const { t } = useTranslation();
  const removed = useChatStore((s) => s.removed);
  const undo = useChatStore((s) => s.undoRemove);
  const dismiss = useChatStore((s) => s.dismissUndo);

  useEffect(() => {
    if (!removed) return;
    const timer = setTimeout(dismiss, UNDO_TOAST_MS);
    return () => clearTimeout(timer);
  }, [removed, dismiss]);

  if (!removed) return null;
  return (
    <div className="toast" role="status" data-testid="conversation-undo-toast">
      <span>{t('conversations.removed', { title: removed.title || t('conversations.untitled') })}</span>
      <button type="button" className="button" onClick={() => void undo()} data-testid="conversation-undo">
        {t('conversations.undo')}
      </button>
      <button type="button" className="icon-button" aria-label={t('conversations.dismiss')} onClick={dismiss}>
        ✕
      </button>
    </div>
  );
}
