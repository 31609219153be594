/** One conversation in the sidebar: open on click, rename inline (Enter saves, Escape cancels), export, delete. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../src-shared/conversations';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { downloadText } from '../../lib/download';
import { useChatStore } from '../../stores/chatStore';

export function ConversationListItem({ conversation: c, active, query }: { conversation: ConversationSummary; active: boolean; query: string }) {
  const { t } = useTranslation();
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
        <button type="button" className="conversation-open" disabled={busy && !active} onClick={() => void open(c.id)} aria-current={active ? 'true' : undefined}>
          <span className="conversation-title">{shown}</span>
          <span className="conversation-meta muted small">
            {c.mode === 'model' && (
              <span className="badge badge-model-only" data-testid="conversation-model-only">
                {t('conversations.modelOnlyBadge')}
              </span>
            )}
            {c.mode === 'model' && ' '}
            {t('conversations.questions', { count: c.questionCount })}
            {c.collection ? ` · ${c.collection}` : ''}
          </span>
          {query.trim() && c.match && c.match !== c.title && <span className="conversation-match small">{c.match}</span>}
        </button>
      )}
      <div className="conversation-actions" role="group" aria-label={t('conversations.actions', { title: shown })}>
        <button
          type="button"
          className="icon-button"
          title={t('conversations.rename')}
          aria-label={t('conversations.rename')}
          onClick={() => {
            setTitle(c.title);
            setEditing(true);
          }}
          data-testid="conversation-rename"
        >
          ✎
        </button>
        <button type="button" className="icon-button" title={t('conversations.exportMd')} aria-label={t('conversations.exportMd')} onClick={() => void exportAs('markdown')}>
          MD
        </button>
        <button type="button" className="icon-button" title={t('conversations.exportJson')} aria-label={t('conversations.exportJson')} onClick={() => void exportAs('json')}>
          {'{}'}
        </button>
        <button
          type="button"
          className="icon-button"
          title={t('conversations.remove')}
          aria-label={t('conversations.remove')}
          disabled={busy && active}
          onClick={() => {
            setKeepFeedback(true);
            setConfirmingRemove(true);
          }}
          data-testid="conversation-remove"
        >
          ✕
        </button>
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
