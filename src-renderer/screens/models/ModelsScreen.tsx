/**
 * Models: what is loaded and its footprint, the GGUF files of the models folder with their metadata
 * and fit, import (picker, drop on the window, or a path), download with progress, the curated
 * catalog, and the hardware settings.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useModelsStore } from '../../stores/modelsStore';
import { ActiveModels } from './ActiveModels';
import { CatalogPanel } from './CatalogPanel';
import { DownloadPanel } from './DownloadPanel';
import { HardwareForm } from './HardwareForm';
import { ImportPanel } from './ImportPanel';
import { ModelTable } from './ModelTable';
import { RemoteModelPanel } from '../settings/RemoteModelPanel';
import './models.css';

export function ModelsScreen() {
  const { t } = useTranslation();
  const notice = useModelsStore((s) => s.notice);
  useEffect(() => {
    const store = useModelsStore.getState();
    void store.loadSettings();
    void store.loadCatalog();
    void store.refresh();
  }, []);
  return (
    <section className="screen" aria-labelledby="models-title">
      <div className="screen-head">
        <div>
          <h1 id="models-title" tabIndex={-1}>
            {t('models.title')}
          </h1>
          <p className="muted">{t('models.intro')}</p>
        </div>
      </div>
      {notice && (
        <p className="muted" role="status" data-testid="models-notice">
          {t(notice.key, notice.values)}
        </p>
      )}
      <ActiveModels />
      <ModelTable />
      <div className="model-columns">
        <ImportPanel />
        <DownloadPanel />
      </div>
      <CatalogPanel />
      <RemoteModelPanel />
      <HardwareForm />
    </section>
  );
}
