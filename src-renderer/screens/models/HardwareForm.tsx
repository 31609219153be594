/**
 * Hardware settings: compute backend, GPU layers, threads, context and batch size. Saving reloads what
 * changed; a backend the machine lacks is reported in the status (BACKEND_UNAVAILABLE), never ignored.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GpuChoiceSchema, type GpuChoice } from '../../../src-shared/domain';
import { useModelsStore, type HardwareSettings } from '../../stores/modelsStore';

interface Draft {
  gpu: GpuChoice;
  gpuLayers: string;
  threads: string;
  contextSize: string;
  batchSize: string;
}

function toDraft(s: HardwareSettings): Draft {
  return { gpu: s.gpu, gpuLayers: String(s.gpuLayers), threads: String(s.threads), contextSize: String(s.contextSize), batchSize: String(s.batchSize) };
}

/** The patch the draft describes, or null when a field is not a valid number (the core validates the ranges). */
function toPatch(draft: Draft): Partial<HardwareSettings> | null {
  const int = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : null);
  const gpuLayers = draft.gpuLayers.trim() === 'auto' ? 'auto' : int(draft.gpuLayers);
  const threads = int(draft.threads);
  const contextSize = int(draft.contextSize);
  const batchSize = int(draft.batchSize);
  if (gpuLayers === null || threads === null || contextSize === null || batchSize === null) return null;
  return { gpu: draft.gpu, gpuLayers, threads, contextSize, batchSize };
}

export function HardwareForm() {
  const { t } = useTranslation();
  const settings = useModelsStore((s) => s.settings);
  const save = useModelsStore((s) => s.saveHardware);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (settings) setDraft(toDraft(settings));
  }, [settings]);
  if (!draft) return null;
  const field = (key: keyof Omit<Draft, 'gpu'>, hint?: string) => (
    <div className="model-field">
      <label htmlFor={`hw-${key}`}>{t(`models.hardware.${key}`)}</label>
      <input id={`hw-${key}`} className="filter-input" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} inputMode="numeric" />
      {hint && <span className="muted small">{hint}</span>}
    </div>
  );
  return (
    <section className="panel" aria-labelledby="models-hardware-title">
      <h2 id="models-hardware-title" className="panel-title">
        {t('models.hardware.title')}
      </h2>
      <p className="muted small">{t('models.hardware.intro')}</p>
      <form
        className="model-fields"
        onSubmit={(e) => {
          e.preventDefault();
          const patch = toPatch(draft);
          setInvalid(patch === null);
          if (patch) void save(patch);
        }}
      >
        <div className="model-field">
          <label htmlFor="hw-gpu">{t('models.hardware.gpu')}</label>
          <select id="hw-gpu" className="filter-input" value={draft.gpu} onChange={(e) => setDraft({ ...draft, gpu: e.target.value as GpuChoice })}>
            {GpuChoiceSchema.options.map((gpu) => (
              <option key={gpu} value={gpu}>
                {t(`models.hardware.gpuChoice.${gpu}`)}
              </option>
            ))}
          </select>
        </div>
        {field('gpuLayers', t('models.hardware.gpuLayersHint'))}
        {field('threads', t('models.hardware.threadsHint'))}
        {field('contextSize')}
        {field('batchSize')}
        <div className="model-field">
          <button type="submit" className="button button-primary">
            {t('models.hardware.save')}
          </button>
          {invalid && (
            <span className="doc-error small" role="alert">
              {t('models.hardware.invalid')}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
