/**
 * Import a GGUF: the picker or a drop on the window (Electron gives the path), or a typed path. A
 * browser gives neither the path nor, for a file this large, a sensible upload: there the panel asks
 * for the path on the machine running Phare and says why, instead of offering a picker that cannot work.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModelsStore } from '../../stores/modelsStore';
import { transport } from '../../transport/client';

export function ImportPanel() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [path, setPath] = useState('');
  const importFiles = useModelsStore((s) => s.importFiles);
  const importPaths = useModelsStore((s) => s.importPaths);
  const importing = useModelsStore((s) => s.importing);
  const knowsPaths = transport.kind === 'ipc';
  return (
    <section className="panel" aria-labelledby="models-import-title">
      <h2 id="models-import-title" className="panel-title">
        {t('models.import.title')}
      </h2>
      <p className="muted small">{t(knowsPaths ? 'models.import.intro' : 'models.import.browserIntro')}</p>
      {knowsPaths && (
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
      )}
      <form
        className="model-form-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!path.trim()) return;
          void importPaths([path.trim()]);
          setPath('');
        }}
      >
        <label htmlFor="model-import-path">{t(knowsPaths ? 'models.import.pathLabel' : 'models.import.browserPathLabel')}</label>
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
