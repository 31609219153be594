/** One page of a document's text (text files, DOCX, OCR'd pages), the cited passage highlighted, or the search's matches. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageText } from '../../../src-shared/domain';
import type { Range } from './passageRanges';

export interface FoundRange extends Range {
  /** The match the search is on (others on the page are highlighted more lightly). */
  current: boolean;
}

export function TextPageView({
  page,
  range,
  zoom = 1,
  found = null,
}: {
  page: PageText | undefined;
  range: Range | null;
  zoom?: number;
  /** While searching: the page's matches, highlighted in place of the cited passage. */
  found?: FoundRange[] | null;
}) {
  const { t } = useTranslation();
  const markRef = useRef<HTMLElement>(null);
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center' });
  }, [page, range, found]);
  if (!page || !page.text.trim()) return <p className="muted viewer-empty">{t('viewer.noText')}</p>;
  const text = page.text;
  if (found) {
    const pieces: ReactNode[] = [];
    let at = 0;
    found.forEach((m, i) => {
      pieces.push(text.slice(at, m.start));
      pieces.push(
        <mark
          key={i}
          ref={m.current ? markRef : undefined}
          className={`find-match${m.current ? ' find-current' : ''}`}
          data-testid="viewer-find-match"
          data-current={m.current ? 'true' : undefined}
        >
          {text.slice(m.start, m.end)}
        </mark>,
      );
      at = m.end;
    });
    pieces.push(text.slice(at));
    return (
      <div className="text-page" data-testid="text-page" style={{ fontSize: `${zoom}em`, maxWidth: `${820 * Math.max(1, zoom)}px` }}>
        {page.ocr && <p className="viewer-ocr-note">{t('viewer.ocrNote')}</p>}
        <div className="text-page-body">{pieces}</div>
      </div>
    );
  }
  return (
    <div className="text-page" data-testid="text-page" style={{ fontSize: `${zoom}em`, maxWidth: `${820 * Math.max(1, zoom)}px` }}>
      {page.ocr && <p className="viewer-ocr-note">{t('viewer.ocrNote')}</p>}
      <div className="text-page-body">
        {range ? (
          <>
            {text.slice(0, range.start)}
            <mark ref={markRef} className="viewer-highlight" data-testid="viewer-highlight" aria-label={t('viewer.highlighted')}>
              {text.slice(range.start, range.end)}
            </mark>
            {text.slice(range.end)}
          </>
        ) : (
          text
        )}
      </div>
    </div>
  );
}
