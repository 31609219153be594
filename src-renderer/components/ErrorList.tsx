/** Errors from calls, shown in the user's current language until dismissed. */
import { useTranslation } from 'react-i18next';
import { localizeError } from '../lib/localizeError';
import { useAppStore } from '../stores/appStore';

export function ErrorList() {
  const { t } = useTranslation();
  const errors = useAppStore((s) => s.errors);
  const lang = useAppStore((s) => s.lang);
  const dismiss = useAppStore((s) => s.dismissError);
  if (!errors.length) return null;
  return (
    <div className="error-list" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="error-banner" data-code={e.code}>
          <strong>{t('errors.title')}</strong>
          <span className="error-text">{localizeError(e, lang)}</span>
          <button type="button" className="link-button" onClick={() => dismiss(e.id)}>
            {t('errors.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
