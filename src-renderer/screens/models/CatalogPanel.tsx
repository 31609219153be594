/** The curated catalog: recommended chat and embedding models for French and English, one click to download. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores/appStore';
import { useModelsStore } from '../../stores/modelsStore';
import { formatBytes } from './formatModel';

export function CatalogPanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const catalog = useModelsStore((s) => s.catalog);
  const files = useModelsStore((s) => s.files);
  const downloads = useModelsStore((s) => s.downloads);
  const download = useModelsStore((s) => s.download);
  const have = new Set(files.map((f) => f.fileName.toLowerCase()));
  const downloading = new Set(Object.values(downloads).filter((d) => d.state === 'downloading').map((d) => d.uri));
  return (
    <section className="panel" aria-labelledby="models-catalog-title">
      <h2 id="models-catalog-title" className="panel-title">
        {t('models.catalog.title')}
      </h2>
      <p className="muted small">{t('models.catalog.intro')}</p>
      <table className="doc-table">
        <thead>
          <tr>
            <th scope="col">{t('models.catalog.model')}</th>
            <th scope="col">{t('models.table.role')}</th>
            <th scope="col" className="num">
              {t('models.table.size')}
            </th>
            <th scope="col">{t('models.catalog.ram')}</th>
            <th scope="col">{t('models.catalog.licence')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('models.table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {catalog.map((entry) => (
            <tr key={entry.id} data-testid="catalog-row">
              <td className="doc-title">
                {entry.name} <span className="muted small">{entry.quantisation}</span>
                <div className="muted small">{entry.description[lang]}</div>
              </td>
              <td>{t(`models.role.${entry.role}`)}</td>
              <td className="num nowrap">{formatBytes(entry.sizeBytes, lang)}</td>
              <td className="nowrap">{t('models.catalog.ramValue', { gb: entry.minRamGb })}</td>
              <td>{entry.licence}</td>
              <td className="actions">
                {have.has(entry.fileName.toLowerCase()) ? (
                  <span className="badge badge-ready">{t('models.catalog.installed')}</span>
                ) : (
                  <button type="button" className="button button-small" disabled={downloading.has(entry.uri)} onClick={() => void download(entry.uri)}>
                    {t('models.catalog.download')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
