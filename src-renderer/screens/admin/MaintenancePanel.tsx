/**
 * Admin > Maintenance: disk usage by part, an index rebuild with its progress, clearing caches, and a
 * reset of the library. The reset is confirmed by typing a word (Cancel has the focus); like a
 * restore it is applied when the app next starts, which the panel then says.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClearCachesResult, DiskUsage, MaintenanceProgress, RebuildResult } from '../../../src-shared/administration';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { localizeError, toUiError, type UiError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { client } from '../../transport/client';
import { formatBytes } from '../models/formatModel';

export function MaintenancePanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const wordId = useId();
  const [usage, setUsage] = useState<DiskUsage | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<MaintenanceProgress | null>(null);
  const [rebuilt, setRebuilt] = useState<RebuildResult | null>(null);
  const [cleared, setCleared] = useState<ClearCachesResult | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [resetStaged, setResetStaged] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setUsage(await client.call('maintenance.diskUsage', {}));
    } catch (e) {
      setError(toUiError(e));
    }
  }, []);

  useEffect(() => {
    void refresh();
    return client.on('maintenance.progress', setProgress);
  }, [refresh]);

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(null);
      setProgress(null);
      void refresh();
    }
  };
  const word = t('admin.maintenance.resetWord');

  return (
    <div className="admin-panel" data-testid="maintenance-panel">
      <h2>{t('admin.maintenance.usageTitle')}</h2>
      {usage ? (
        <table className="admin-table" aria-label={t('admin.maintenance.usageTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('admin.maintenance.part')}</th>
              <th scope="col">{t('admin.maintenance.size')}</th>
              <th scope="col">{t('admin.maintenance.files')}</th>
            </tr>
          </thead>
          <tbody>
            {usage.parts.map((p) => (
              <tr key={p.part}>
                <td>{t(`admin.maintenance.parts.${p.part}`)}</td>
                <td>{formatBytes(p.bytes, lang)}</td>
                <td>{p.files}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('admin.maintenance.total')}</th>
              <td>{formatBytes(usage.totalBytes, lang)}</td>
              <td>{usage.freeBytes === null ? '' : t('admin.maintenance.free', { size: formatBytes(usage.freeBytes, lang) })}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('admin.maintenance.loading')}</p>
      )}

      <h2>{t('admin.maintenance.tasksTitle')}</h2>
      <div className="admin-actions">
        <button type="button" disabled={busy !== null} onClick={() => void run('rebuild', async () => setRebuilt(await client.call('maintenance.rebuildIndices', {})))}>
          {busy === 'rebuild' ? t('admin.maintenance.rebuilding') : t('admin.maintenance.rebuild')}
        </button>{' '}
        <button type="button" disabled={busy !== null} onClick={() => void run('caches', async () => setCleared(await client.call('maintenance.clearCaches', {})))}>
          {t('admin.maintenance.clearCaches')}
        </button>{' '}
        <button type="button" className="danger" disabled={busy !== null} onClick={() => setConfirming(true)}>
          {t('admin.maintenance.reset')}
        </button>
      </div>
      <p className="muted">{t('admin.maintenance.rebuildHint')}</p>
      {progress && progress.total > 0 && (
        <div role="status" aria-live="polite">
          <progress max={progress.total} value={progress.done} aria-label={t('admin.maintenance.rebuildProgress')} /> {progress.step}
        </div>
      )}
      {rebuilt && (
        <p role="status" data-testid="rebuild-result">
          {t('admin.maintenance.rebuilt', { indices: rebuilt.indices, tables: rebuilt.tables, seconds: rebuilt.seconds.toFixed(1), before: formatBytes(rebuilt.bytesBefore, lang), after: formatBytes(rebuilt.bytesAfter, lang) })}
        </p>
      )}
      {cleared && (
        <p role="status" data-testid="caches-result">
          {cleared.cleared.map((c) => t('admin.maintenance.cleared', { cache: t(`admin.maintenance.caches.${c.cache}`), size: formatBytes(c.bytes, lang) })).join(' · ')}
        </p>
      )}
      {resetStaged && (
        <p role="alert" data-testid="reset-restart">
          {t('admin.maintenance.restartNeeded')}
        </p>
      )}
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('admin.maintenance.resetTitle')}
          body={t('admin.maintenance.resetBody')}
          confirmLabel={t('admin.maintenance.resetConfirm')}
          cancelLabel={t('admin.maintenance.cancel')}
          confirmDisabled={typed.trim() !== word}
          testId="reset-dialog"
          onCancel={() => {
            setConfirming(false);
            setTyped('');
          }}
          onConfirm={() => {
            setConfirming(false);
            setTyped('');
            void run('reset', async () => {
              await client.call('maintenance.reset', { confirm: true });
              setResetStaged(true);
            });
          }}
        >
          <label htmlFor={wordId}>{t('admin.maintenance.resetType', { word })}</label>
          <input id={wordId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </ConfirmDialog>
      )}
    </div>
  );
}
