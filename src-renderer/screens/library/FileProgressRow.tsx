/**
 * One file of an import: name, stage and progress while running (its bar runs once over all its
 * stages and never goes back; "Paused" while its job is paused); outcome (or error) once done.
 */
import { useTranslation } from 'react-i18next';
import { baseName } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import type { FileProgress } from '../../stores/libraryStore';

export function FileProgressRow({ item, paused = false }: { item: FileProgress; paused?: boolean }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const result = item.result;
  const outcome = result?.status ?? 'running';
  let detail: string;
  if (!result) detail = paused ? t('library.work.paused') : t(`library.stage.${item.stage}`);
  else if (result.status === 'ready') detail = t('library.result.ready', { pages: result.pages, chunks: result.chunks });
  else if (result.status === 'duplicate') {
    detail = result.error ? localizeError({ ...result.error, params: result.error.params ?? {} }, lang) : t('library.result.duplicate');
  } else {
    detail = result.error ? localizeError({ ...result.error, params: result.error.params ?? {} }, lang) : t('library.result.failed');
  }
  const percent = Math.round((result ? 1 : item.progress) * 100);
  return (
    <li className={`file-row file-${outcome}`} data-testid="ingest-file" data-status={outcome} data-paused={!result && paused ? 'true' : undefined}>
      <div className="file-row-head">
        <span className="file-name" title={item.file}>
          {baseName(item.file)}
        </span>
        <span className="file-detail">{detail}</span>
      </div>
      {/* A native progress element: accessible, and it needs no inline style (the CSP forbids them). */}
      <progress className="progress" max={100} value={percent} aria-label={baseName(item.file)} />
    </li>
  );
}
