/**
 * When the analysis runs (daily at HH:MM, or off) and the rules it decides by (minimum votes, blacklist
 * threshold, prior weight, judge time limit, rule-only decisions, remote judge) and the alert and
 * attention thresholds. Saved as one `quality` object through `settings.update`; the next run shown
 * comes from `quality.schedule` afterwards.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QualitySettings } from '../../../src-shared/domain';
import { formatDate } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useQualityStore } from '../../stores/qualityStore';
import { formOf, isFormDirty, NUMBER_FIELDS, settingsOf, type FieldError, type QualityForm } from './qualitySettingsForm';

function ErrorText({ error }: { error: FieldError | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return <p className="setting-error">{t(`quality.settings.errors.${error.kind}`, error.kind === 'between' ? { min: error.min, max: error.max } : {})}</p>;
}

function ScheduleFormBody({ saved }: { saved: QualitySettings }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const schedule = useQualityStore((s) => s.schedule);
  const saveSettings = useQualityStore((s) => s.saveSettings);
  const busy = useQualityStore((s) => s.busy.settings ?? false);
  const error = useQualityStore((s) => s.actionErrors.settings);
  const [form, setForm] = useState<QualityForm>(() => formOf(saved, lang));
  const [outcome, setOutcome] = useState<'saved' | null>(null);
  const id = useId();
  const dirty = isFormDirty(form, saved, lang);
  const { settings, errors } = settingsOf(form, saved);

  // A form nobody touched follows what is saved (another window, the CLI) and the language's decimals.
  useEffect(() => {
    setForm((f) => (isFormDirty(f, saved, lang) ? f : formOf(saved, lang)));
  }, [saved, lang]);

  const edit = (change: Partial<QualityForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setOutcome(null);
  };
  const submit = async () => {
    if (!settings || busy) return;
    if (await saveSettings(settings)) setOutcome('saved');
  };

  return (
    <form
      className="quality-settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="quality-settings"
    >
      <fieldset className="quality-fieldset">
        <legend>{t('quality.settings.schedule')}</legend>
        <label className="setting-checkbox">
          <input type="checkbox" checked={form.scheduleEnabled} onChange={(e) => edit({ scheduleEnabled: e.target.checked })} data-testid="schedule-enabled" />
          {t('quality.settings.scheduleEnabled')}
        </label>
        <label className="setting-label" htmlFor={`${id}-time`}>
          {t('quality.settings.scheduleTime')}
        </label>
        <input
          id={`${id}-time`}
          type="time"
          className="setting-input"
          value={form.scheduleTime}
          disabled={!form.scheduleEnabled}
          aria-invalid={errors.scheduleTime ? true : undefined}
          onChange={(e) => edit({ scheduleTime: e.target.value })}
          data-testid="schedule-time"
        />
        <ErrorText error={errors.scheduleTime} />
        <p className="setting-hint">{t('quality.settings.scheduleHint')}</p>
        {schedule && (
          <p className="small" data-testid="schedule-next">
            {schedule.enabled && schedule.nextRunAt ? t('quality.run.next', { date: formatDate(schedule.nextRunAt, lang) }) : t('quality.run.scheduleOff')}
          </p>
        )}
      </fieldset>

      <fieldset className="quality-fieldset">
        <legend>{t('quality.settings.rules')}</legend>
        <div className="quality-number-grid">
          {NUMBER_FIELDS.map((f) => (
            <div key={f.key} className="setting" data-testid={`quality-setting-${f.key}`}>
              <label className="setting-label" htmlFor={`${id}-${f.key}`}>
                {t(`quality.settings.fields.${f.key}`)}
              </label>
              <input
                id={`${id}-${f.key}`}
                className="setting-input"
                inputMode={f.kind === 'int' ? 'numeric' : 'decimal'}
                value={form[f.key]}
                aria-invalid={errors[f.key] ? true : undefined}
                aria-describedby={`${id}-${f.key}-hint`}
                onChange={(e) => edit({ [f.key]: e.target.value } as Partial<QualityForm>)}
              />
              <p id={`${id}-${f.key}-hint`} className="setting-hint">
                {t(`quality.settings.hints.${f.key}`)}
              </p>
              <ErrorText error={errors[f.key]} />
            </div>
          ))}
        </div>
        <label className="setting-checkbox">
          <input type="checkbox" checked={form.ruleOnlyDecisions} onChange={(e) => edit({ ruleOnlyDecisions: e.target.checked })} />
          {t('quality.settings.ruleOnlyDecisions')}
        </label>
        <p className="setting-hint">{t('quality.settings.ruleOnlyHint')}</p>
        <label className="setting-checkbox">
          <input type="checkbox" checked={form.allowRemoteJudge} onChange={(e) => edit({ allowRemoteJudge: e.target.checked })} />
          {t('quality.settings.allowRemoteJudge')}
        </label>
        <p className="setting-note">{t('quality.settings.remoteJudgeWarning')}</p>
      </fieldset>

      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!dirty || !settings || busy} data-testid="quality-settings-save">
          {busy ? t('settings.saving') : t('settings.save')}
        </button>
        {dirty && (
          <button type="button" className="button" disabled={busy} onClick={() => setForm(formOf(saved, lang))}>
            {t('quality.settings.revert')}
          </button>
        )}
        <span className="settings-outcome" aria-live="polite" data-testid="quality-settings-outcome">
          {error ? <span className="settings-invalid">{localizeError(error, lang)}</span> : outcome === 'saved' && !dirty ? t('settings.saved') : dirty ? t('settings.unsaved') : null}
        </span>
      </div>
    </form>
  );
}

export function ScheduleForm() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const saved = useQualityStore((s) => s.settings);
  const error = useQualityStore((s) => s.errors.settings);
  return (
    <section className="panel" aria-labelledby="schedule-title">
      <h2 id="schedule-title" className="panel-title">
        {t('quality.settings.title')}
      </h2>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {saved ? <ScheduleFormBody saved={saved} /> : !error && <p className="muted">{t('quality.loading')}</p>}
    </section>
  );
}
