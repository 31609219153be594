/** Download from Hugging Face (hf:owner/repo/file.gguf) or a URL: progress bars, cancel, outcome. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelDownloadProgress } from '../../../src-shared/domain';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useModelsStore } from '../../stores/modelsStore';
import { formatBytes } from './formatModel';

function DownloadRow({ download }: { download: ModelDownloadProgress }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const cancel = useModelsStore((s) => s.cancelDownload);
  const dismiss = useModelsStore((s) => s.dismissDownload);
  const running = download.state === 'downloading';
  const fraction = download.totalBytes ? download.receivedBytes / download.totalBytes : null;
  const rowClass = download.state === 'done' ? 'file-ready' : download.state === 'failed' ? 'file-failed' : '';
  return (
    <li className={`job ${rowClass}`} data-testid="download-row">
      <div className="file-row-head">
        <span className="file-name">{download.fileName ?? download.uri}</span>
        <span className="file-detail">
          {t(`models.download.state.${download.state}`)}
          {running && ` — ${formatBytes(download.receivedBytes, lang)}${download.totalBytes ? ` / ${formatBytes(download.totalBytes, lang)}` : ''}`}
        </span>
      </div>
      {(running || download.state === 'done') && (
        <progress className="progress" max={1} value={download.state === 'done' ? 1 : (fraction ?? undefined)} aria-label={download.fileName ?? download.uri} />
      )}
      {download.error && <p className="doc-error small">{localizeError({ ...download.error, params: download.error.params ?? {} }, lang)}</p>}
      <div className="job-actions">
        {running ? (
          <button type="button" className="button button-small button-danger" onClick={() => void cancel(download.downloadId)}>
            {t('models.download.cancel')}
          </button>
        ) : (
          <button type="button" className="link-button" onClick={() => dismiss(download.downloadId)}>
            {t('models.download.dismiss')}
          </button>
        )}
      </div>
    </li>
  );
}

export function DownloadPanel() {
  const { t } = useTranslation();
  const [uri, setUri] = useState('');
  const download = useModelsStore((s) => s.download);
  const downloads = useModelsStore((s) => s.downloads);
  const list = Object.values(downloads);
  return (
    <section className="panel" aria-labelledby="models-download-title">
      <h2 id="models-download-title" className="panel-title">
        {t('models.download.title')}
      </h2>
      <p className="muted small">{t('models.download.intro')}</p>
      <form
        className="model-form-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!uri.trim()) return;
          void download(uri.trim());
          setUri('');
        }}
      >
        <label htmlFor="model-download-uri">{t('models.download.uriLabel')}</label>
        <input
          id="model-download-uri"
          className="filter-input"
          value={uri}
          onChange={(e) => setUri(e.target.value)}
          placeholder="hf:owner/repo/model-Q4_K_M.gguf"
        />
        <button type="submit" className="button button-small button-primary" disabled={!uri.trim()}>
          {t('models.download.start')}
        </button>
      </form>
      {list.length > 0 && <ul className="job-files">{list.map((d) => <DownloadRow key={d.downloadId} download={d} />)}</ul>}
    </section>
  );
}
