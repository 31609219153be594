/** One conversation in the sidebar: open on click; its menu renames inline (Enter saves, Escape cancels), exports, deletes. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../src-shared/conversations';
import { ActionMenu } from '../../components/ActionMenu';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { downloadText } from '../../lib/download';
import { useAppStore } from '../../stores/appStore';
import { useChatStore } from '../../stores/chatStore';
import { formatTimeOfDay } from './conversationDays';
import { collectionLabel } from '../../lib/collectionName';

export function ConversationListItem({ conversation: c, active, query }: { conversation: ConversationSummary; active: boolean; query: string }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const open = useChatStore((s) => s.open);
  const rename = useChatStore((s) => s.rename);
  const remove = useChatStore((s) => s.remove);
  const exportConversation = useChatStore((s) => s.exportConversation);
  const busy = useChatStore((s) => s.activeRequestId !== null);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(c.title);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const [keepFeedback, setKeepFeedback] = useState(true);
  const shown = c.title || t('conversations.untitled');

  const save = () => {
    setEditing(false);
    const next = title.trim();
    if (next && next !== c.title) void rename(c.id, next);
  };

  const exportAs = async (format: 'markdown' | 'json') => {
    const file = await exportConversation(c.id, format);
    if (file) downloadText(file.fileName, file.mime, file.content);
  };

  return (
    <li className={`conversation-item${active ? ' active' : ''}`} data-testid="conversation-item" data-conversation-id={c.id}>
      {editing ? (
        <input
          className="conversation-rename"
          aria-label={t('conversations.renameLabel', { title: shown })}
          value={title}
          maxLength={300}
          autoFocus
          onChange={(e) => setTitle(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Enter') save();
            if (e.key === 'Escape') {
              setTitle(c.title);
              setEditing(false);
            }
          }}
          data-testid="conversation-rename-input"
        />
      ) : (
        <button
          type="button"
          className="conversation-open"
          disabled={busy && !active}
          onClick={() => void open(c.id)}
          aria-current={active ? 'true' : undefined}
          // The title is cut to one line; the whole of it shows on hover (and is read in full: it is all in the text).
          title={shown}
        >
          <span className="conversation-title">{shown}</span>
          <span className="conversation-meta muted small">
            {c.mode === 'model' && (
              <span className="badge badge-model-only" data-testid="conversation-model-only">
                {t('conversations.modelOnlyBadge')}
              </span>
            )}
            {c.mode === 'model' && ' '}
            {t('conversations.questions', { count: c.questionCount })}
            {c.collection ? ` · ${collectionLabel(t, c.collection)}` : ''}
            {' · '}
            <time dateTime={c.updatedAt} data-testid="conversation-time">
              {formatTimeOfDay(c.updatedAt, lang)}
            </time>
          </span>
          {query.trim() && c.match && c.match !== c.title && <span className="conversation-match small">{c.match}</span>}
        </button>
      )}
      <div className="conversation-actions">
        <ActionMenu
          label={t('conversations.actions', { title: shown })}
          testId="conversation-menu"
          items={[
            {
              label: t('conversations.rename'),
              testId: 'conversation-rename',
              onSelect: () => {
                setTitle(c.title);
                setEditing(true);
              },
            },
            { label: t('conversations.exportMd'), testId: 'conversation-export-md', onSelect: () => void exportAs('markdown') },
            { label: t('conversations.exportJson'), testId: 'conversation-export-json', onSelect: () => void exportAs('json') },
            {
              label: t('conversations.remove'),
              testId: 'conversation-remove',
              tone: 'danger',
              disabled: busy && active,
              onSelect: () => {
                setKeepFeedback(true);
                setConfirmingRemove(true);
              },
            },
          ]}
        />
      </div>
      {confirmingRemove && (
        <ConfirmDialog
          title={t('conversations.confirmRemoveTitle')}
          body={t('conversations.confirmRemoveBody', { title: shown })}
          confirmLabel={t('conversations.remove')}
          cancelLabel={t('conversations.cancel')}
          testId="conversation-remove-dialog"
          onCancel={() => setConfirmingRemove(false)}
          onConfirm={() => {
            setConfirmingRemove(false);
            void remove(c.id, keepFeedback);
          }}
        >
          <label className="dialog-check">
            <input type="checkbox" checked={keepFeedback} onChange={(e) => setKeepFeedback(e.target.checked)} data-testid="conversation-keep-feedback" />
            {t('conversations.keepFeedback')}
          </label>
          <p className="small muted">{keepFeedback ? t('conversations.keepFeedbackHint') : t('conversations.dropFeedbackHint')}</p>
        </ConfirmDialog>
      )}
    </li>
  );
}
