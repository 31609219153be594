/**
 * An inline citation: a small chip with the source number and page; hovering or focusing it shows the
 * title and the cited passage, and clicking it opens the document viewer at that page with the passage
 * highlighted. It is a button, so the keyboard reaches it, the popover and the viewer too.
 */
import { useTranslation } from 'react-i18next';
import type { Source } from '../../../src-shared/domain';
import { useViewerStore } from '../viewer/viewerStore';

export function CitationChip({ source }: { source: Source }) {
  const { t } = useTranslation();
  const openViewer = useViewerStore((s) => s.open);
  const popId = `cite-${source.chunkId}-${source.n}`;
  return (
    <span className="chip-wrap">
      <button
        type="button"
        className="citation-chip"
        data-testid="citation-chip"
        aria-describedby={popId}
        onClick={() => openViewer({ documentId: source.documentId, chunkId: source.chunkId, page: source.page, title: source.title })}
      >
        {/* Named by its text, which starts with what is seen ("1 p. 3"); the hidden words make it a sentence. */}
        <span className="visually-hidden">{t('chat.citationWord')} </span>
        {source.n}
        <span className="visually-hidden"> </span>
        <span className="chip-page">{t('chat.page', { page: source.page })}</span>
        <span className="visually-hidden">{t('chat.citationOf', { title: source.title })}</span>
      </button>
      <span role="tooltip" id={popId} className="chip-pop">
        <strong>{source.title}</strong> · {t('chat.page', { page: source.page })}
        <span className="chip-snippet">{source.snippet}</span>
      </span>
    </span>
  );
}
