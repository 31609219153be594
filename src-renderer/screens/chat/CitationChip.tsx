/**
 * An inline citation: a small chip with the source number and page; hovering or focusing it shows the
 * title and the cited passage. It is a button, so the keyboard reaches it and the popover too.
 */
import { useTranslation } from 'react-i18next';
import type { Source } from '../../../src-shared/domain';

export function CitationChip({ source }: { source: Source }) {
  const { t } = useTranslation();
  const popId = `cite-${source.chunkId}-${source.n}`;
  return (
    <span className="chip-wrap">
      <button
        type="button"
        className="citation-chip"
        data-testid="citation-chip"
        aria-describedby={popId}
        aria-label={t('chat.citation', { n: source.n, title: source.title, page: source.page })}
      >
        {source.n}
        <span className="chip-page">{t('chat.page', { page: source.page })}</span>
      </button>
      <span role="tooltip" id={popId} className="chip-pop">
        <strong>{source.title}</strong> · {t('chat.page', { page: source.page })}
        <span className="chip-snippet">{source.snippet}</span>
      </span>
    </span>
  );
}
