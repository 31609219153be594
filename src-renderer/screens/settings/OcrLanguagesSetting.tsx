/**
 * The OCR languages, one checkbox each: the installed ones, plus any saved language that is not
 * installed (set from the command line, say), so it can be seen and unchecked.
 */
import { useTranslation } from 'react-i18next';
import { INSTALLED_OCR_LANGUAGES } from '../../../src-shared/settingsDefaults';
import { toggleLanguage, type FieldError } from './settingsForm';

interface Props {
  value: string[];
  error: FieldError | undefined;
  onChange(value: string[]): void;
}

export function OcrLanguagesSetting({ value, error, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const codes = [...INSTALLED_OCR_LANGUAGES, ...value.filter((code) => !INSTALLED_OCR_LANGUAGES.includes(code))];
  const installedName = (code: string) => (i18n.exists(`settings.ocrLanguages.names.${code}`) ? t(`settings.ocrLanguages.names.${code}`) : code);
  return (
    <fieldset
      className="setting setting-choices"
      data-testid="setting-ocrLanguages"
      aria-invalid={error ? true : undefined}
      aria-describedby={`setting-ocrLanguages-hint${error ? ' setting-ocrLanguages-error' : ''}`}
    >
      <legend className="setting-label">{t('settings.ocrLanguages.label')}</legend>
      <div className="setting-checkboxes">
        {codes.map((code) => (
          <label key={code} className="setting-checkbox">
            <input type="checkbox" checked={value.includes(code)} onChange={(e) => onChange(toggleLanguage(value, code, e.target.checked))} />
            {INSTALLED_OCR_LANGUAGES.includes(code) ? (
              <>
                {installedName(code)} <span className="muted small">({code})</span>
              </>
            ) : (
              t('settings.ocrLanguages.notInstalled', { code })
            )}
          </label>
        ))}
      </div>
      <p id="setting-ocrLanguages-hint" className="setting-hint">
        {t('settings.ocrLanguages.hint')}
      </p>
      {error && (
        <p id="setting-ocrLanguages-error" className="setting-error">
          {t(`settings.errors.${error.key}`, error.values)}
        </p>
      )}
    </fieldset>
  );
}
