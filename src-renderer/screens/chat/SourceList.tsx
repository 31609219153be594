/**
 * The sources under an answer: number, title, page and the passage the answer drew on. Each source is
 * a button that opens the document viewer at the cited page, the passage highlighted. A source the
 * person's saved feedback marks as wrong for the question says so. Each passage can be copied whole.
 */
import { useTranslation } from 'react-i18next';
import type { Source } from '../../../src-shared/domain';
import { CopyButton } from '../../components/CopyButton';
import { client } from '../../transport/client';
import { useViewerStore } from '../viewer/viewerStore';

export function SourceList({
  sources,
  requestId,
  wrongSources,
  withSnippets = true,
}: {
  sources: Source[];
  requestId: string;
  wrongSources?: readonly number[];
  /** False when the answer's body already shows the passages (an extract): they are not shown twice. */
  withSnippets?: boolean;
}) {
  const { t } = useTranslation();
  const openViewer = useViewerStore((s) => s.open);
  return (
    <details className="sources" open>
      <summary>
        {t('chat.sources')} ({sources.length})
      </summary>
      <ol className="source-list">
        {sources.map((s) => (
          <li key={`${requestId}-${s.n}`} className="source" data-testid="source-item">
            <button
              type="button"
              className="source-chip source-open"
              data-testid="source-chip"
              title={t('citationCheck.openSource', { title: s.title, page: s.page })}
              onClick={() => openViewer({ documentId: s.documentId, chunkId: s.chunkId, page: s.page, title: s.title })}
            >
              <span className="source-n">{s.n}</span>
              <span className="source-title">{s.title}</span>
              <span className="source-page">{t('chat.page', { page: s.page })}</span>
            </button>
            {wrongSources?.includes(s.n) && (
              <span className="badge badge-failed source-wrong" data-testid="source-marked-wrong">
                {t('feedback.markedWrong')}
              </span>
            )}
            {withSnippets && <p className="source-snippet">{s.snippet}</p>}
            {/* The whole passage, not the snippet shown (cut at a few hundred characters). */}
            <CopyButton
              label={t('copy.passage')}
              testId="source-copy"
              className="link-button small"
              text={() =>
                client.call('library.chunk', { id: s.chunkId }).then(
                  (chunk) => chunk.text,
                  () => s.snippet,
                )
              }
            />
          </li>
        ))}
      </ol>
    </details>
  );
}
