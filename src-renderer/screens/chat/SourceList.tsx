/** The sources under an answer: number, title, page and the passage the answer drew on. */
import { useTranslation } from 'react-i18next';
import type { Source } from '../../../src-shared/domain';

export function SourceList({ sources, requestId }: { sources: Source[]; requestId: string }) {
  const { t } = useTranslation();
  return (
    <details className="sources" open>
      <summary>
        {t('chat.sources')} ({sources.length})
      </summary>
      <ol className="source-list">
        {sources.map((s) => (
          <li key={`${requestId}-${s.n}`} className="source" data-testid="source-item">
            <span className="source-chip" data-testid="source-chip">
              <span className="source-n">{s.n}</span>
              <span className="source-title">{s.title}</span>
              <span className="source-page">{t('chat.page', { page: s.page })}</span>
            </span>
            <p className="source-snippet">{s.snippet}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
