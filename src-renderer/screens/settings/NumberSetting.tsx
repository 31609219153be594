/**
 * One number setting: its label, the box, what it does, the allowed range (from the schema) and, when
 * the value is refused, why, in the user's language. The box is text, not type="number", so French
 * users can type "0,7" and the browser never shows its own, untranslated, validation bubble.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldBounds, type FieldError, type NumberField } from './settingsForm';

interface Props {
  field: NumberField;
  label: string;
  hint: string;
  value: string;
  error: FieldError | undefined;
  /** A note that does not block saving (a value the core will cap, say). */
  note?: ReactNode;
  onChange(value: string): void;
}

export function NumberSetting({ field, label, hint, value, error, note, onChange }: Props) {
  const { t } = useTranslation();
  const { min, max, whole, minExclusive } = fieldBounds(field);
  const id = `setting-${field}`;
  const range =
    min !== null && max !== null && !minExclusive
      ? t('settings.range.between', { min, max })
      : min !== null
        ? t(minExclusive ? 'settings.range.above' : 'settings.range.atLeast', { min })
        : max !== null
          ? t('settings.range.atMost', { max })
          : '';
  return (
    <div className="setting" data-testid={id}>
      <label className="setting-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="setting-input"
        type="text"
        inputMode={whole ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className="setting-hint">
        {hint} {range}
      </p>
      {error && (
        <p id={`${id}-error`} className="setting-error">
          {t(`settings.errors.${error.key}`, error.values)}
        </p>
      )}
      {!error && note && <p className="setting-note">{note}</p>}
    </div>
  );
}
