/**
 * A collection's instructions: added to the system prompt of every answer in the conversations that
 * search this collection (before a conversation's own). Empty clears them. Focus returns to the button
 * that opened the dialog.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_INSTRUCTIONS_CHARS } from '../../../src-shared/conversations';
import type { CollectionInfo } from '../../../src-shared/libraryManagement';
import { useModalDialog } from '../../components/useModalDialog';
import { localizeError, type UiError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useLibraryStore } from '../../stores/libraryStore';

export function CollectionInstructionsDialog({ collection, onClose }: { collection: CollectionInfo; onClose(): void }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const save = useLibraryStore((s) => s.setCollectionInstructions);
  const [text, setText] = useState(collection.instructions ?? '');
  const [error, setError] = useState<UiError | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useModalDialog(ref, { initialFocus: area, fallbackFocusId: 'library-title' });
  const length = text.trim().length;
  const tooLong = length > MAX_INSTRUCTIONS_CHARS;

  return (
    <dialog
      ref={ref}
      className="dialog collection-instructions"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="collection-instructions-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (tooLong) return;
          setSaving(true);
          const failed = await save(collection.name, text.trim() || null);
          setSaving(false);
          if (failed) setError(failed);
          else onClose();
        }}
      >
        <h2 id={`${id}-title`} className="dialog-title">
          {t('library.manage.instructionsTitle', { name: collection.name })}
        </h2>
        <p id={`${id}-body`} className="small muted">
          {t('library.manage.instructionsBody')}
        </p>
        <label className="dialog-field" htmlFor={`${id}-text`}>
          {t('library.manage.instructionsLabel')}
        </label>
        <textarea
          ref={area}
          id={`${id}-text`}
          className="dialog-textarea"
          rows={5}
          value={text}
          aria-invalid={tooLong ? true : undefined}
          aria-describedby={tooLong ? `${id}-error` : undefined}
          onChange={(e) => setText(e.target.value)}
          data-testid="collection-instructions-text"
        />
        {tooLong && (
          <p id={`${id}-error`} className="answer-error small">
            {t('library.manage.instructionsTooLong', { max: MAX_INSTRUCTIONS_CHARS, count: length })}
          </p>
        )}
        {error && (
          <p className="answer-error" role="alert">
            {localizeError(error, lang)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('library.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={saving || tooLong} data-testid="collection-instructions-save">
            {t('library.manage.instructionsSave')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
