/**
 * What an empty conversation says to do next: ask (and how answers are made), and before that, what is
 * missing — documents in the library, a chat model for written answers — with the way to get it.
 */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores/appStore';
import { useLibraryStore } from '../../stores/libraryStore';
import { remoteIsActive, useRemoteChatStore } from '../settings/remoteChatStore';

export function ChatEmptyState({ modelOnly }: { modelOnly: boolean }) {
  const { t } = useTranslation();
  const setScreen = useAppStore((s) => s.setScreen);
  const noDocuments = useLibraryStore((s) => s.loaded && !s.documents.some((d) => d.status === 'ready'));
  // Known once the status has arrived. A model set up but not loaded yet (it loads at the first question)
  // counts as one, and so does a remote server.
  const noModel = useAppStore((s) => s.models !== null && s.models.chat.path === null && s.models.chat.state !== 'ready');
  const remote = useRemoteChatStore(remoteIsActive);

  if (modelOnly) return <p className="empty">{t('conversationSettings.empty')}</p>;
  return (
    <div className="empty chat-empty" data-testid="chat-empty">
      <p>{t('chat.empty')}</p>
      {noDocuments && (
        <p data-testid="chat-empty-documents">
          {t('chat.noDocuments')}{' '}
          <button type="button" className="button" onClick={() => setScreen('library')}>
            {t('chat.addDocuments')}
          </button>
        </p>
      )}
      {noModel && !remote && (
        <p data-testid="chat-empty-model">
          {t('chat.noModel')}{' '}
          <button type="button" className="button" onClick={() => setScreen('models')}>
            {t('chat.getModel')}
          </button>
        </p>
      )}
    </div>
  );
}
