/**
 * What the metrics port serves at /metrics (whether or not the port is on), shown on demand as text,
 * with Copy (the clipboard) and Download, in the Prometheus or OpenMetrics format.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../../lib/download';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useMonitoringStore } from '../../stores/monitoringStore';

export function MetricsRaw() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const text = useMonitoringStore((s) => s.metricsText);
  const load = useMonitoringStore((s) => s.loadMetricsText);
  const busy = useMonitoringStore((s) => s.busy.metrics ?? false);
  const error = useMonitoringStore((s) => s.actionErrors.metrics);
  const [format, setFormat] = useState<'prometheus' | 'openmetrics'>('prometheus');
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);

  const copy = async () => {
    if (!text) return;
    try {
      await navigator.clipboard.writeText(text.text);
      setCopied('copied');
    } catch {
      // No clipboard (an insecure origin, a refusal): the text is on screen to select by hand.
      setCopied('failed');
    }
  };

  return (
    <section className="panel" aria-labelledby="metrics-raw-title" data-testid="metrics-raw">
      <div className="panel-head">
        <h2 id="metrics-raw-title" className="panel-title">
          {t('monitoring.raw.title')}
        </h2>
        <label className="filter-select">
          <span>{t('monitoring.raw.format')}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as 'prometheus' | 'openmetrics')}>
            <option value="prometheus">Prometheus</option>
            <option value="openmetrics">OpenMetrics</option>
          </select>
        </label>
        <button type="button" className="button button-small" disabled={busy} onClick={() => void load(format).then(() => setCopied(null))} data-testid="metrics-raw-load">
          {busy ? t('monitoring.raw.loading') : text ? t('monitoring.raw.reload') : t('monitoring.raw.show')}
        </button>
        <button type="button" className="button button-small" disabled={!text} onClick={() => void copy()} data-testid="metrics-raw-copy">
          {t('monitoring.raw.copy')}
        </button>
        <button type="button" className="button button-small" disabled={!text} onClick={() => text && downloadText(format === 'openmetrics' ? 'metrics.openmetrics.txt' : 'metrics.txt', 'text/plain', text.text)}>
          {t('monitoring.raw.download')}
        </button>
      </div>
      <p className="small muted">{t('monitoring.raw.intro')}</p>
      <p className="small" aria-live="polite">
        {copied ? t(`monitoring.raw.${copied}`) : null}
      </p>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {text && (
        <pre className="metrics-text" tabIndex={0} aria-label={t('monitoring.raw.title')} data-testid="metrics-text">
          {text.text}
        </pre>
      )}
    </section>
  );
}
