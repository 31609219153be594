/**
 * Settings: how answers are written (temperature, length, number of sources) and how documents are
 * read (passages, OCR). Each field is checked against the schema the core uses, as it is typed; Save
 * (or Enter in a field) sends only these settings and the form then shows what the core kept.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ANSWER_SETTINGS_DEFAULTS, INGESTION_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { AnswerSettingsSection } from './AnswerSettingsSection';
import { IngestionSettingsSection } from './IngestionSettingsSection';
import { formatNumber, hasErrors, isDirty, validateDraft } from './settingsForm';
import { useSettingsFormStore } from './settingsFormStore';
import './settings.css';

export function SettingsScreen() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const { saved, draft, busy, outcome, error, load, edit, relocalize, save, resetToDefaults } = useSettingsFormStore();
  const [confirmingReset, setConfirmingReset] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    relocalize();
  }, [lang, relocalize]);

  const errors = draft ? validateDraft(draft) : {};
  const invalid = hasErrors(errors);
  const dirty = draft !== null && saved !== null && isDirty(draft, saved);

  return (
    <section className="screen settings-screen" aria-labelledby="settings-title">
      <div className="screen-head">
        <div>
          <h1 id="settings-title" tabIndex={-1}>
            {t('settings.title')}
          </h1>
          <p className="muted">{t('settings.intro')}</p>
        </div>
        {draft && (
          <span className={dirty ? 'settings-state settings-state-dirty' : 'settings-state'} data-testid="settings-state" data-dirty={dirty}>
            {dirty ? t('settings.unsaved') : t('settings.upToDate')}
          </span>
        )}
      </div>

      {error && (
        <p className="settings-core-error" role="alert" data-testid="settings-error">
          {localizeError(error, lang)}
        </p>
      )}

      {!draft || !saved ? (
        <p className="muted">{t('settings.loading')}</p>
      ) : (
        <form
          className="settings-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <AnswerSettingsSection draft={draft} errors={errors} contextSize={saved.contextSize} onEdit={edit} />
          <IngestionSettingsSection draft={draft} errors={errors} hasEmbeddingModel={saved.embeddingModelPath !== null} onEdit={edit} />

          <div className="settings-actions">
            <button type="submit" className="button button-primary" disabled={invalid || !dirty || busy}>
              {busy ? t('settings.saving') : t('settings.save')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setConfirmingReset(true)}>
              {t('settings.reset')}
            </button>
            <span className="settings-outcome" aria-live="polite" data-testid="settings-outcome">
              {invalid ? (
                <span className="settings-invalid">{t('settings.fixErrors')}</span>
              ) : outcome === 'saved' ? (
                t('settings.saved')
              ) : outcome === 'reset' ? (
                t('settings.resetDone')
              ) : dirty ? (
                <span className="muted">{t('settings.enterSaves')}</span>
              ) : null}
            </span>
          </div>
        </form>
      )}

      {confirmingReset && (
        <ConfirmDialog
          title={t('settings.confirmReset.title')}
          body={t('settings.confirmReset.body', {
            ...ANSWER_SETTINGS_DEFAULTS,
            temperature: formatNumber(ANSWER_SETTINGS_DEFAULTS.temperature, lang),
            chunkSize: INGESTION_SETTINGS_DEFAULTS.chunkSize,
            chunkOverlap: INGESTION_SETTINGS_DEFAULTS.chunkOverlap,
          })}
          confirmLabel={t('settings.confirmReset.confirm')}
          cancelLabel={t('settings.confirmReset.cancel')}
          onConfirm={() => {
            setConfirmingReset(false);
            void resetToDefaults();
          }}
          onCancel={() => setConfirmingReset(false)}
        />
      )}
    </section>
  );
}
