/** One page of a document's text (text files, DOCX, OCR'd pages), the cited passage highlighted. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageText } from '../../../src-shared/domain';
import type { Range } from './passageRanges';

export function TextPageView({ page, range, zoom = 1 }: { page: PageText | undefined; range: Range | null; zoom?: number }) {
  const { t } = useTranslation();
  const markRef = useRef<HTMLElement>(null);
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center' });
  }, [page, range]);
  if (!page || !page.text.trim()) return <p className="muted viewer-empty">{t('viewer.noText')}</p>;
  const text = page.text;
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
