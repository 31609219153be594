/** Shown over the whole window while files are dragged over it. */
import { useTranslation } from 'react-i18next';

export function DropOverlay() {
  const { t } = useTranslation();
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-live="polite">
      <div className="drop-overlay-box">{t('library.dropHere')}</div>
    </div>
  );
}
