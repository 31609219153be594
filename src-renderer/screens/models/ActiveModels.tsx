/** The two model slots as they are now: file, state, memory footprint, GPU layers; unload and reload. */
import { useTranslation } from 'react-i18next';
import type { ModelRole, ModelSlotStatus } from '../../../src-shared/domain';
import { baseName } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useModelsStore } from '../../stores/modelsStore';
import { formatBytes } from './formatModel';

function Slot({ role, slot }: { role: ModelRole; slot: ModelSlotStatus | undefined }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const unload = useModelsStore((s) => s.unload);
  const reload = useModelsStore((s) => s.reload);
  const state = slot?.state ?? 'none';
  const shown = state === 'none' && slot?.path ? 'idle' : state;
  return (
    <div className="model-slot" data-testid={`slot-${role}`}>
      <h3 className="panel-title">{t(`models.role.${role}`)}</h3>
      <p>
        <span className={`dot dot-${state}`} aria-hidden="true" /> {slot?.path ? baseName(slot.path) : t('models.active.none')} —{' '}
        {t(`status.state.${shown}`)}
      </p>
      {state === 'ready' && (
        <p className="muted small">
          {t('models.active.footprint', { size: formatBytes(slot?.memoryBytes ?? null, lang), layers: slot?.gpuLayers ?? 0 })}
        </p>
      )}
      {slot?.error && <p className="doc-error small">{localizeError({ ...slot.error, params: slot.error.params ?? {} }, lang)}</p>}
      <div className="job-actions">
        <button type="button" className="button button-small" disabled={!slot?.path || state === 'loading'} onClick={() => void reload(role)}>
          {state === 'ready' ? t('models.active.reload') : t('models.active.load')}
        </button>
        <button type="button" className="button button-small" disabled={state !== 'ready'} onClick={() => void unload(role)}>
          {t('models.active.unload')}
        </button>
      </div>
    </div>
  );
}

export function ActiveModels() {
  const { t } = useTranslation();
  const models = useAppStore((s) => s.models);
  const lang = useAppStore((s) => s.lang);
  const backendError = models?.backendError;
  return (
    <section className="panel" aria-labelledby="models-active-title">
      <h2 id="models-active-title" className="panel-title">
        {t('models.active.title')}
      </h2>
      <p className="muted small">
        {t('models.active.backend', { backend: models?.backend ?? t('models.active.notStarted'), requested: models?.requestedGpu ?? 'auto' })}
      </p>
      {backendError && (
        <p className="doc-error" role="alert" data-testid="backend-error">
          {localizeError({ ...backendError, params: backendError.params ?? {} }, lang)}
        </p>
      )}
      <div className="model-slots">
        <Slot role="chat" slot={models?.chat} />
        <Slot role="embedding" slot={models?.embedding} />
      </div>
    </section>
  );
}
