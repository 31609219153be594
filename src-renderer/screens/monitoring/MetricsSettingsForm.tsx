/**
 * The metrics port (on/off, port), the Pushgateway, the history's retention, the alert thresholds and
 * desktop notifications, saved as one `metrics` object (and the two quality thresholds inside
 * `quality`) through `settings.update`. Each field says what is wrong with it next to it; the
 * browser's permission for notifications is asked only from the button, never on its own.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricsSettings, QualitySettings } from '../../../src-shared/domain';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useMonitoringStore } from '../../stores/monitoringStore';
import { formOf, isFormDirty, settingsOf, type FieldError, type MetricsForm, type TextField } from './metricsSettingsForm';

type Thresholds = Pick<QualitySettings, 'alertMinAverageRating' | 'alertMinIngestSuccess'>;

function ErrorText({ id, error }: { id: string; error: FieldError | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  const params = error.kind === 'between' ? { min: error.min, max: error.max } : error.kind === 'above' ? { min: error.min } : {};
  return (
    <p id={id} className="setting-error" data-testid="field-error">
      {t(`monitoring.settings.errors.${error.kind}`, params)}
    </p>
  );
}

function Field({ name, form, errors, edit, id, disabled = false, suffix }: { name: TextField; form: MetricsForm; errors: ReturnType<typeof settingsOf>['errors']; edit(change: Partial<MetricsForm>): void; id: string; disabled?: boolean; suffix?: string }) {
  const { t } = useTranslation();
  const error = errors[name];
  const inputId = `${id}-${name}`;
  return (
    <div className="setting" data-testid={`metrics-setting-${name}`}>
      <label className="setting-label" htmlFor={inputId}>
        {t(`monitoring.settings.fields.${name}`)}
      </label>
      <span className="setting-with-suffix">
        <input
          id={inputId}
          className={name === 'pushgatewayUrl' ? 'setting-input setting-input-wide' : 'setting-input'}
          inputMode={name === 'pushgatewayUrl' ? 'url' : name === 'port' || name === 'historyRetentionDays' ? 'numeric' : 'decimal'}
          value={form[name]}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ''}`}
          placeholder={name === 'pushgatewayUrl' ? 'http://127.0.0.1:9091' : undefined}
          onChange={(e) => edit({ [name]: e.target.value } as Partial<MetricsForm>)}
        />
        {suffix && <span className="setting-suffix">{suffix}</span>}
      </span>
      <p id={`${inputId}-hint`} className="setting-hint">
        {t(`monitoring.settings.hints.${name}`)}
      </p>
      <ErrorText id={`${inputId}-error`} error={error} />
    </div>
  );
}

function FormBody({ metrics, thresholds }: { metrics: MetricsSettings; thresholds: Thresholds }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const saveSettings = useMonitoringStore((s) => s.saveSettings);
  const busy = useMonitoringStore((s) => s.busy.settings ?? false);
  const error = useMonitoringStore((s) => s.actionErrors.settings);
  const notification = useMonitoringStore((s) => s.notification);
  const requestNotifications = useMonitoringStore((s) => s.requestNotifications);
  const [form, setForm] = useState<MetricsForm>(() => formOf(metrics, thresholds, lang));
  const [outcome, setOutcome] = useState<'saved' | null>(null);
  const id = useId();
  const dirty = isFormDirty(form, metrics, thresholds, lang);
  const checked = settingsOf(form);

  // A form nobody touched follows what is saved (another window, the CLI) and the language's decimals.
  useEffect(() => {
    setForm((f) => (isFormDirty(f, metrics, thresholds, lang) ? f : formOf(metrics, thresholds, lang)));
  }, [metrics, thresholds, lang]);

  const edit = (change: Partial<MetricsForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setOutcome(null);
  };
  const submit = async () => {
    if (!checked.metrics || !checked.quality || busy) return;
    if (await saveSettings(checked.metrics, checked.quality)) setOutcome('saved');
  };
  const fieldProps = { form, errors: checked.errors, edit, id };

  return (
    <form
      className="quality-settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="metrics-settings"
    >
      <fieldset className="quality-fieldset">
        <legend>{t('monitoring.settings.port')}</legend>
        <label className="setting-checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(e) => edit({ enabled: e.target.checked })} data-testid="metrics-enabled" />
          {t('monitoring.settings.enabled')}
        </label>
        <p className="setting-hint">{t('monitoring.settings.enabledHint')}</p>
        <div className="quality-number-grid">
          <Field name="port" {...fieldProps} />
          <Field name="pushgatewayUrl" {...fieldProps} />
        </div>
      </fieldset>

      <fieldset className="quality-fieldset">
        <legend>{t('monitoring.settings.history')}</legend>
        <div className="quality-number-grid">
          <Field name="historyRetentionDays" {...fieldProps} suffix={t('monitoring.settings.days')} />
        </div>
      </fieldset>

      <fieldset className="quality-fieldset">
        <legend>{t('monitoring.settings.thresholds')}</legend>
        <div className="quality-number-grid">
          <Field name="alertP95LatencySeconds" {...fieldProps} suffix="s" />
          <Field name="alertErrorRate" {...fieldProps} suffix="%" />
          <Field name="alertMinFreeDiskShare" {...fieldProps} suffix="%" />
          <Field name="alertMinAverageRating" {...fieldProps} suffix="/ 5" />
          <Field name="alertMinIngestSuccess" {...fieldProps} suffix="%" />
        </div>
        <p className="setting-hint">{t('monitoring.settings.qualityNote')}</p>
      </fieldset>

      <fieldset className="quality-fieldset">
        <legend>{t('monitoring.settings.notifications')}</legend>
        <label className="setting-checkbox">
          <input type="checkbox" checked={form.notifications} onChange={(e) => edit({ notifications: e.target.checked })} data-testid="metrics-notifications" />
          {t('monitoring.settings.notificationsEnabled')}
        </label>
        <p className="setting-hint" data-testid="notification-permission">
          {t(`monitoring.settings.permission.${notification}`)}
        </p>
        {notification === 'default' && (
          <div>
            <button type="button" className="button button-small" onClick={() => void requestNotifications()} data-testid="notification-ask">
              {t('monitoring.settings.askPermission')}
            </button>
          </div>
        )}
      </fieldset>

      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!dirty || !checked.metrics || busy} data-testid="metrics-settings-save">
          {busy ? t('settings.saving') : t('settings.save')}
        </button>
        {dirty && (
          <button type="button" className="button" disabled={busy} onClick={() => setForm(formOf(metrics, thresholds, lang))}>
            {t('quality.settings.revert')}
          </button>
        )}
        <span className="settings-outcome" aria-live="polite" data-testid="metrics-settings-outcome">
          {error ? <span className="settings-invalid">{localizeError(error, lang)}</span> : outcome === 'saved' && !dirty ? t('settings.saved') : dirty ? t('settings.unsaved') : null}
        </span>
      </div>
    </form>
  );
}

export function MetricsSettingsPanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const metrics = useMonitoringStore((s) => s.metrics);
  const thresholds = useMonitoringStore((s) => s.qualityThresholds);
  const error = useMonitoringStore((s) => s.errors.settings);
  return (
    <section className="panel" aria-labelledby="metrics-settings-title">
      <h2 id="metrics-settings-title" className="panel-title">
        {t('monitoring.settings.title')}
      </h2>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {metrics && thresholds ? <FormBody metrics={metrics} thresholds={thresholds} /> : !error && <p className="muted">{t('monitoring.loading')}</p>}
    </section>
  );
}
