/**
 * Bottom bar: event link, chat and embedding model state with each loaded model's memory footprint
 * (from `models.status`), the compute backend in use, document count.
 */
import { useTranslation } from 'react-i18next';
import type { ModelSlotStatus } from '../../src-shared/domain';
import { baseName } from '../lib/format';
import { localizeError } from '../lib/localizeError';
import { useAppStore } from '../stores/appStore';
import { useLibraryStore } from '../stores/libraryStore';
import { formatBytes } from '../screens/models/formatModel';
import { RemoteModelBadge } from '../screens/settings/RemoteModelBadge';

function SlotStatus({ label, slot }: { label: string; slot: ModelSlotStatus | undefined }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const state = slot?.state ?? 'none';
  // A configured model that has not been needed yet is loaded on first use: say so, not "none".
  const shown = state === 'none' && slot?.path ? 'idle' : state;
  const error = slot?.error ? localizeError({ ...slot.error, params: slot.error.params ?? {} }, lang) : undefined;
  // What the loaded model costs in memory: what users check before opening another app or model.
  const footprint = state === 'ready' && slot?.memoryBytes ? ` (${t('status.footprint', { size: formatBytes(slot.memoryBytes, lang) })})` : '';
  return (
    <span className="status-item" data-testid={`status-${slot?.role ?? 'unknown'}`} title={error ?? slot?.path ?? undefined}>
      <span className={`dot dot-${state}`} aria-hidden="true" />
      {t('status.labelled', { label, value: `${slot?.path ? `${baseName(slot.path)} — ` : ''}${t(`status.state.${shown}`)}` })}
      {footprint}
    </span>
  );
}

export function StatusBar() {
  const { t } = useTranslation();
  const models = useAppStore((s) => s.models);
  const lang = useAppStore((s) => s.lang);
  const connection = useAppStore((s) => s.connection);
  const documents = useLibraryStore((s) => s.documents.length);
  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <span className="status-item" data-testid="status-connection">
        <span className={`dot dot-${connection}`} aria-hidden="true" />
        {t(`status.connection.${connection}`)}
      </span>
      <SlotStatus label={t('status.chatModel')} slot={models?.chat} />
      {/* On every screen while a remote server answers: text leaves the machine. */}
      <RemoteModelBadge place="status-bar" />
      <SlotStatus label={t('status.embeddingModel')} slot={models?.embedding} />
      {/* A requested backend the machine lacks is said here, before any model fails because of it. */}
      {models?.backendError && (
        <span className="status-item" data-testid="status-backend-error" title={localizeError({ ...models.backendError, params: models.backendError.params ?? {} }, lang)}>
          <span className="dot dot-failed" aria-hidden="true" />
          {t('status.labelled', { label: t('status.backend'), value: t('status.backendUnavailable', { backend: models.requestedGpu }) })}
        </span>
      )}
      {/* The backend is known once the inference host has started; before that there is nothing to say. */}
      {models?.backend && (
        <span className="status-item" data-testid="status-backend">
          {t('status.labelled', { label: t('status.backend'), value: models.backend })}
          {!models.hostAlive && models.chat.state !== 'none' ? ` — ${t('status.hostDown')}` : ''}
        </span>
      )}
      <span className="status-spacer" />
      <span className="status-item" data-testid="status-documents">
        {t('status.documents', { count: documents })}
      </span>
    </footer>
  );
}
