/** The models folder: each GGUF with its metadata, whether it fits this machine, and "use it". */
import { useTranslation } from 'react-i18next';
import type { ModelFile, ModelFit } from '../../../src-shared/domain';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useModelsStore } from '../../stores/modelsStore';
import { formatBytes, formatParameters } from './formatModel';

const FIT_BADGE: Record<ModelFit['fits'], string> = { yes: 'badge-ready', tight: 'badge-processing', no: 'badge-failed', unknown: '' };

function FitBadge({ fit, estimating }: { fit: ModelFit | null; estimating: boolean }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  if (!fit && estimating) {
    return (
      <span className="badge" data-testid="fit" data-fit="estimating">
        {t('models.fit.estimating')}
      </span>
    );
  }
  const fits = fit?.fits ?? 'unknown';
  const title =
    fit && fit.requiredBytes !== null && fit.availableBytes !== null
      ? t('models.fit.detail', { required: formatBytes(fit.requiredBytes, lang), available: formatBytes(fit.availableBytes, lang), where: t(`models.fit.${fit.where}`) })
      : t('models.fit.noEstimate');
  return (
    <span className={`badge ${FIT_BADGE[fits]}`} title={title} data-testid="fit" data-fit={fits}>
      {t(`models.fit.${fits}`)}
    </span>
  );
}

function Row({ model }: { model: ModelFile }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const settings = useModelsStore((s) => s.settings);
  const choose = useModelsStore((s) => s.choose);
  const estimating = useModelsStore((s) => s.estimating.includes(model.path));
  if (model.error) {
    return (
      <tr>
        <td className="doc-title">{model.fileName}</td>
        <td colSpan={7} className="doc-error">
          {localizeError({ ...model.error, params: model.error.params ?? {} }, lang)}
        </td>
      </tr>
    );
  }
  const role = model.role ?? 'chat';
  const active = role === 'chat' ? settings?.chatModelPath : settings?.embeddingModelPath;
  // Settings may hold a path relative to the models folder, or an absolute one.
  const isActive = !!active && (active === model.path || model.path.endsWith(`/${active}`) || model.path.endsWith(`\\${active}`));
  return (
    <tr data-testid="model-row">
      <td className="doc-title">
        {model.fileName}
        <div className="muted small">
          {model.architecture} · {t(model.hasChatTemplate ? 'models.table.template' : 'models.table.noTemplate')}
        </div>
      </td>
      <td>{t(`models.role.${role}`)}</td>
      <td className="num">{formatParameters(model.parameterCount, lang)}</td>
      <td>{model.quantisation ?? '–'}</td>
      <td className="num nowrap">{formatBytes(model.sizeBytes, lang)}</td>
      <td className="num">{model.contextLength ?? '–'}</td>
      <td>
        <FitBadge fit={model.fit} estimating={estimating} />
      </td>
      <td className="actions">
        {isActive ? (
          <span className="badge badge-ready">{t('models.table.active')}</span>
        ) : (
          <button type="button" className="button button-small" onClick={() => void choose(role, model.path)}>
            {t(`models.table.use.${role}`)}
          </button>
        )}
      </td>
    </tr>
  );
}

export function ModelTable() {
  const { t } = useTranslation();
  const files = useModelsStore((s) => s.files);
  const loaded = useModelsStore((s) => s.loaded);
  const loading = useModelsStore((s) => s.loading);
  const refresh = useModelsStore((s) => s.refresh);
  return (
    <section className="panel" aria-labelledby="models-files-title">
      <div className="table-tools">
        <h2 id="models-files-title" className="panel-title">
          {t('models.table.title')}
        </h2>
        <button type="button" className="button button-small" disabled={loading} onClick={() => void refresh()}>
          {loading ? t('models.table.scanning') : t('models.table.refresh')}
        </button>
      </div>
      {loaded && files.length === 0 ? (
        <p className="empty">{t('models.table.empty')}</p>
      ) : (
        <table className="doc-table">
          <thead>
            <tr>
              <th scope="col">{t('models.table.file')}</th>
              <th scope="col">{t('models.table.role')}</th>
              <th scope="col" className="num">
                {t('models.table.parameters')}
              </th>
              <th scope="col">{t('models.table.quantisation')}</th>
              <th scope="col" className="num">
                {t('models.table.size')}
              </th>
              <th scope="col" className="num">
                {t('models.table.context')}
              </th>
              <th scope="col">{t('models.table.fit')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('models.table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((model) => (
              <Row key={model.path} model={model} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
