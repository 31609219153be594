/** Re-ingest a document with an OCR mode and, optionally, another passage size. */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRecord, OcrMode } from '../../../src-shared/domain';
import { useModalDialog } from '../../components/useModalDialog';

interface Props {
  document: DocumentRecord;
  onConfirm(options: { ocr: OcrMode; chunkSize?: number }): void;
  onCancel(): void;
}

const MODES: OcrMode[] = ['auto', 'always', 'never'];

export function ReingestDialog({ document: doc, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [ocr, setOcr] = useState<OcrMode>(doc.ocrMode);
  const [chunkSize, setChunkSize] = useState('');

  useModalDialog(ref);

  const size = Number(chunkSize);
  const sizeValid = chunkSize.trim() === '' || (Number.isInteger(size) && size >= 100 && size <= 20_000);
  const submit = () => {
    if (!sizeValid) return;
    onConfirm({ ocr, chunkSize: chunkSize.trim() === '' ? undefined : size });
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="reingest-title"
      data-testid="reingest-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id="reingest-title" className="dialog-title">
          {t('library.manage.reingestTitle', { title: doc.title })}
        </h2>
        <p>{t('library.manage.reingestBody')}</p>
        <fieldset className="reingest-modes">
          <legend>{t('library.manage.ocrMode')}</legend>
          {MODES.map((mode) => (
            <label key={mode} className="radio">
              <input type="radio" name="ocr" value={mode} checked={ocr === mode} onChange={() => setOcr(mode)} />
              {t(`library.manage.ocr.${mode}`)}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('library.manage.chunkSize')}</span>
          <input type="number" min={100} max={20000} step={50} value={chunkSize} aria-invalid={!sizeValid} onChange={(e) => setChunkSize(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('library.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={!sizeValid}>
            {t('library.manage.start')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
