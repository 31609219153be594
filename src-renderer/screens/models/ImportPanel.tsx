/** Import a GGUF: the picker or a drop on the window (Electron gives the path), or a typed path. */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModelsStore } from '../../stores/modelsStore';

export function ImportPanel() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [path, setPath] = useState('');
  const importFiles = useModelsStore((s) => s.importFiles);
  const importPaths = useModelsStore((s) => s.importPaths);
  const importing = useModelsStore((s) => s.importing);
  return (
    <section className="panel" aria-labelledby="models-import-title">
      <h2 id="models-import-title" className="panel-title">
        {t('models.import.title')}
      </h2>
      <p className="muted small">{t('models.import.intro')}</p>
      <div className="job-actions">
        <button type="button" className="button" onClick={() => input.current?.click()}>
          {t('models.import.pick')}
        </button>
        <input
          ref={input}
          type="file"
          hidden
          accept=".gguf"
          data-testid="model-file-input"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            void importFiles(files);
          }}
        />
      </div>
      <form
        className="model-form-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!path.trim()) return;
          void importPaths([path.trim()]);
          setPath('');
        }}
      >
        <label htmlFor="model-import-path">{t('models.import.pathLabel')}</label>
        <input id="model-import-path" className="filter-input" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/…/model.gguf" />
        <button type="submit" className="button button-small" disabled={!path.trim()}>
          {t('models.import.add')}
        </button>
      </form>
      {importing.length > 0 && (
        <p className="muted" role="status">
          {t('models.import.importing', { names: importing.join(', ') })}
        </p>
      )}
    </section>
  );
}
