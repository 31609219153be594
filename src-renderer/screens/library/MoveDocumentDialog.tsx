/**
 * Moves a document to another collection: the collections it is not in, or a new one named here. Its
 * passages move with it (library.move); a document still being ingested is refused with the reason.
 * Focus returns to the button that opened the dialog (or the library's title if the document left the
 * list on screen).
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRecord } from '../../../src-shared/domain';
import { useModalDialog } from '../../components/useModalDialog';
import { localizeError, type UiError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useLibraryStore } from '../../stores/libraryStore';
import { collectionLabel } from '../../lib/collectionName';

const NEW = '\u0000new';

export function MoveDocumentDialog({
  document: doc,
  onClose,
  fallbackFocusId = 'library-title',
}: {
  document: DocumentRecord;
  onClose(moved: boolean): void;
  /** Focused on close when the opener left the page; null: the caller places the focus. */
  fallbackFocusId?: string | null;
}) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const collections = useLibraryStore((s) => s.collections);
  const move = useLibraryStore((s) => s.moveDocument);
  const others = collections.filter((c) => c.name !== doc.collection);
  const [target, setTarget] = useState(others[0]?.name ?? NEW);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [moving, setMoving] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  const select = useRef<HTMLSelectElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const id = useId();
  useModalDialog(ref, { initialFocus: select, fallbackFocusId: fallbackFocusId ?? undefined });

  const submit = async () => {
    setError(null);
    const to = target === NEW ? name.trim() : target;
    if (target === NEW && !to) {
      setProblem(t('documentDetail.moveNameRequired'));
      nameInput.current?.focus();
      return;
    }
    if (target === NEW && collections.some((c) => c.name === to)) {
      setProblem(t('documentDetail.moveExists'));
      nameInput.current?.focus();
      return;
    }
    setProblem(null);
    setMoving(true);
    const failed = await move(doc.id, to);
    setMoving(false);
    if (failed) setError(failed);
    else onClose(true);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="move-document-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose(false);
      }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={`${id}-title`} className="dialog-title">
          {t('documentDetail.moveTitle', { title: doc.title })}
        </h2>
        <p id={`${id}-body`}>{t('documentDetail.moveBody', { collection: collectionLabel(t, doc.collection) })}</p>
        <div className="dialog-field">
          <label htmlFor={`${id}-to`}>{t('documentDetail.moveTo')}</label>{' '}
          <select
            ref={select}
            id={`${id}-to`}
            value={target}
            onChange={(e) => {
              setTarget(e.target.value);
              setProblem(null);
            }}
            data-testid="move-document-target"
          >
            {others.map((c) => (
              <option key={c.name} value={c.name}>
                {collectionLabel(t, c.name)}
              </option>
            ))}
            <option value={NEW}>{t('documentDetail.moveNew')}</option>
          </select>
        </div>
        {target === NEW && (
          <div className="dialog-field">
            <label htmlFor={`${id}-name`}>{t('documentDetail.moveNewName')}</label>{' '}
            <input
              ref={nameInput}
              id={`${id}-name`}
              value={name}
              maxLength={200}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(e) => setName(e.target.value)}
              data-testid="move-document-new-name"
            />
          </div>
        )}
        {problem && (
          <p id={`${id}-problem`} className="answer-error small">
            {problem}
          </p>
        )}
        {error && (
          <p className="answer-error" role="alert" data-testid="move-document-error">
            {localizeError(error, lang)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => onClose(false)}>
            {t('documentDetail.moveCancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={moving} data-testid="move-document-confirm">
            {t('documentDetail.moveConfirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
