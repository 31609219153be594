/**
 * Admin > Backups: make a backup now (with its progress), the list of backups, a check of one, and a
 * restore. A restore cannot replace the library the app has open: the backup is checked and staged,
 * and the app says to restart it (the desktop app or `phare serve`); the swap happens at that start.
 * The restore asks first, with Cancel focused. Everything is buttons and a table: usable by keyboard.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo, BackupProgress, BackupScheduleInfo, BackupVerifyResult } from '../../../src-shared/administration';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate } from '../../lib/format';
import { localizeError, toUiError, type UiError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { client } from '../../transport/client';
import { formatBytes } from '../models/formatModel';

export function BackupsPanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [schedule, setSchedule] = useState<BackupScheduleInfo | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [checked, setChecked] = useState<BackupVerifyResult | null>(null);
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);
  const [staged, setStaged] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [list, next] = await Promise.all([client.call('backup.list', {}), client.call('backup.schedule', {})]);
      setBackups(list);
      setSchedule(next);
    } catch (e) {
      setError(toUiError(e));
    }
  }, []);

  useEffect(() => {
    void refresh();
    return client.on('backup.progress', (p) => setProgress(p.phase === 'done' || p.phase === 'failed' ? null : p));
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

  const percent = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;
  return (
    <div className="admin-panel" data-testid="backups-panel">
      <h2>{t('admin.backups.title')}</h2>
      <p className="muted">{t('admin.backups.intro')}</p>
      {schedule && (
        <p className="muted" data-testid="backup-schedule">
          {schedule.enabled
            ? t('admin.backups.scheduled', { time: schedule.time, keep: schedule.keep, folder: schedule.folder })
            : t('admin.backups.notScheduled', { folder: schedule.folder })}
        </p>
      )}
      <div className="admin-actions">
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void run('create', async () => void (await client.call('backup.create', {})))}>
          {busy === 'create' ? t('admin.backups.creating') : t('admin.backups.create')}
        </button>
      </div>
      {progress && (
        <div role="status" aria-live="polite">
          <progress max={100} value={percent ?? undefined} aria-label={t('admin.backups.progress')} />{' '}
          {t(`admin.backups.phase.${progress.phase}`)} {percent !== null ? `${percent} %` : ''}
        </div>
      )}
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {checked && (
        <p role="status" data-testid="backup-verify-result" className={checked.ok ? '' : 'answer-error'}>
          {checked.ok ? t('admin.backups.verifyOk', { name: checked.name, entries: checked.entries }) : t('admin.backups.verifyBad', { name: checked.name, problem: checked.problem ?? '' })}
        </p>
      )}
      {staged && (
        <p role="alert" data-testid="backup-restart">
          {t('admin.backups.restartNeeded', { name: staged })}
        </p>
      )}
      {backups === null ? (
        <p className="muted">{t('admin.backups.loading')}</p>
      ) : backups.length === 0 ? (
        <p className="muted">{t('admin.backups.none')}</p>
      ) : (
        <table className="admin-table" aria-label={t('admin.backups.list')}>
          <thead>
            <tr>
              <th scope="col">{t('admin.backups.name')}</th>
              <th scope="col">{t('admin.backups.when')}</th>
              <th scope="col">{t('admin.backups.size')}</th>
              <th scope="col">{t('admin.backups.content')}</th>
              <th scope="col">{t('admin.backups.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.name}>
                <td>{b.name}</td>
                <td>{b.createdAt ? formatDate(b.createdAt, lang) : '—'}</td>
                <td>{formatBytes(b.sizeBytes, lang)}</td>
                <td>{b.problem ?? t('admin.backups.counts', { documents: b.documents ?? 0, chunks: b.chunks ?? 0, trigger: t(`admin.backups.trigger.${b.trigger ?? 'manual'}`) })}</td>
                <td>
                  <button type="button" disabled={busy !== null} onClick={() => void run(`verify:${b.name}`, async () => setChecked(await client.call('backup.verify', { name: b.name })))}>
                    {t('admin.backups.verify')}
                  </button>{' '}
                  <button type="button" className="danger" disabled={busy !== null} onClick={() => setRestoring(b)}>
                    {t('admin.backups.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restoring && (
        <ConfirmDialog
          title={t('admin.backups.restoreTitle')}
          body={t('admin.backups.restoreBody', { name: restoring.name, documents: restoring.documents ?? 0 })}
          confirmLabel={t('admin.backups.restoreConfirm')}
          cancelLabel={t('admin.backups.cancel')}
          testId="restore-dialog"
          onCancel={() => setRestoring(null)}
          onConfirm={() => {
            const name = restoring.name;
            setRestoring(null);
            void run(`restore:${name}`, async () => {
              await client.call('backup.restore', { name });
              setStaged(name);
            });
          }}
        />
      )}
    </div>
  );
}
