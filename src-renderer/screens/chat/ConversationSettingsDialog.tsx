/**
 * A conversation's own settings: instructions added to the system prompt, temperature, and number of
 * sources (passages searched per question; not offered with the model alone, which searches nothing).
 * Each has "Use app setting" (null: the Settings screen's value applies). Checked here before saving,
 * with the errors next to their fields in the UI's language; the core checks them again.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../src-shared/domain';
import { useModalDialog } from '../../components/useModalDialog';
import { formatNumber } from '../../lib/format';
import { localizeError, type UiError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { currentMode, useChatStore } from '../../stores/chatStore';
import { client } from '../../transport/client';
import { validateConversationSettings, type Field, type FieldError } from './conversationSettingsForm';

export function ConversationSettingsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const current = useChatStore((s) => s.current);
  const modelOnly = useChatStore((s) => currentMode(s) === 'model');
  const configure = useChatStore((s) => s.configure);
  const [app, setApp] = useState<Pick<Settings, 'temperature' | 'topK'> | null>(null);
  const [instructions, setInstructions] = useState(current?.instructions ?? '');
  const [useAppInstructions, setUseAppInstructions] = useState(current?.instructions == null);
  const [temperature, setTemperature] = useState(current?.temperature == null ? '' : String(current.temperature));
  const [useAppTemperature, setUseAppTemperature] = useState(current?.temperature == null);
  const [topK, setTopK] = useState(current?.topK == null ? '' : String(current.topK));
  const [useAppTopK, setUseAppTopK] = useState(current?.topK == null);
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({});
  const [saveError, setSaveError] = useState<UiError | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLInputElement>(null);
  const id = useId();
  useModalDialog(ref, { initialFocus: first, fallbackFocusId: 'chat-title' });

  useEffect(() => {
    let live = true;
    client.call('settings.get', {}).then(
      (s) => live && setApp({ temperature: s.temperature, topK: s.topK }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = validateConversationSettings({
      instructions,
      useAppInstructions,
      temperature,
      useAppTemperature,
      topK,
      // Nothing is searched with the model alone: its number of sources stays the app's.
      useAppTopK: useAppTopK || modelOnly,
    });
    setErrors(checked.errors);
    const invalid = (Object.keys(checked.errors) as Field[])[0];
    if (invalid) {
      document.getElementById(`${id}-${invalid}`)?.focus();
      return;
    }
    setSaving(true);
    const error = await configure(checked.settings);
    setSaving(false);
    if (error) setSaveError(error);
    else onClose();
  };

  const fieldError = (field: Field) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="answer-error small" data-testid={`settings-error-${field}`}>
        {t(errors[field].key, errors[field].params)}
      </p>
    ) : null;
  const described = (field: Field) => [`${id}-${field}-hint`, errors[field] ? `${id}-${field}-error` : ''].filter(Boolean).join(' ');
  const appValue = (value: number | undefined) => (value === undefined ? t('conversationSettings.useApp') : t('conversationSettings.useAppValue', { value: formatNumber(value, lang, 2) }));

  return (
    <dialog
      ref={ref}
      className="dialog conversation-settings"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="conversation-settings"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-title`} className="dialog-title">
          {t('conversationSettings.title')}
        </h2>
        <p id={`${id}-body`} className="small muted">
          {t('conversationSettings.body')}
        </p>

        <fieldset className="settings-field">
          <legend>{t('conversationSettings.instructions')}</legend>
          <label className="dialog-check">
            <input ref={first} type="checkbox" checked={useAppInstructions} onChange={(e) => setUseAppInstructions(e.target.checked)} data-testid="settings-instructions-app" />
            {t('conversationSettings.useAppNone')}
          </label>
          <textarea
            id={`${id}-instructions`}
            className="dialog-textarea"
            rows={4}
            aria-label={t('conversationSettings.instructions')}
            aria-describedby={described('instructions')}
            aria-invalid={errors.instructions ? true : undefined}
            disabled={useAppInstructions}
            value={instructions}
            onChange={(e) => setInstructions(e.target.value)}
            data-testid="settings-instructions"
          />
          <p id={`${id}-instructions-hint`} className="small muted">
            {t('conversationSettings.instructionsHint')}
          </p>
          {fieldError('instructions')}
        </fieldset>

        <fieldset className="settings-field">
          <legend>{t('conversationSettings.temperature')}</legend>
          <label className="dialog-check">
            <input type="checkbox" checked={useAppTemperature} onChange={(e) => {
                setUseAppTemperature(e.target.checked);
                if (!e.target.checked && !temperature && app) setTemperature(String(app.temperature));
              }} data-testid="settings-temperature-app" />
            {appValue(app?.temperature)}
          </label>
          <input
            id={`${id}-temperature`}
            className="settings-number"
            inputMode="decimal"
            aria-label={t('conversationSettings.temperature')}
            aria-describedby={described('temperature')}
            aria-invalid={errors.temperature ? true : undefined}
            disabled={useAppTemperature}
            value={useAppTemperature ? (app ? String(app.temperature) : '') : temperature}
            onChange={(e) => setTemperature(e.target.value)}
            data-testid="settings-temperature"
          />
          <p id={`${id}-temperature-hint`} className="small muted">
            {t('conversationSettings.temperatureHint')}
          </p>
          {fieldError('temperature')}
        </fieldset>

        <fieldset className="settings-field" disabled={modelOnly}>
          <legend>{t('conversationSettings.topK')}</legend>
          <label className="dialog-check">
            <input type="checkbox" checked={useAppTopK || modelOnly} onChange={(e) => {
                setUseAppTopK(e.target.checked);
                if (!e.target.checked && !topK && app) setTopK(String(app.topK));
              }} data-testid="settings-topk-app" />
            {appValue(app?.topK)}
          </label>
          <input
            id={`${id}-topK`}
            className="settings-number"
            inputMode="numeric"
            aria-label={t('conversationSettings.topK')}
            aria-describedby={described('topK')}
            aria-invalid={errors.topK ? true : undefined}
            disabled={useAppTopK || modelOnly}
            value={useAppTopK || modelOnly ? (app ? String(app.topK) : '') : topK}
            onChange={(e) => setTopK(e.target.value)}
            data-testid="settings-topk"
          />
          <p id={`${id}-topK-hint`} className="small muted">
            {modelOnly ? t('conversationSettings.topKModelOnly') : t('conversationSettings.topKHint')}
          </p>
          {fieldError('topK')}
        </fieldset>

        {saveError && (
          <p className="answer-error" role="alert" data-testid="settings-save-error">
            {localizeError(saveError, lang)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('conversationSettings.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={saving} data-testid="settings-save">
            {t('conversationSettings.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
