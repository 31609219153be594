/**
 * The document viewer: opens a citation at its page with the cited passage highlighted. PDFs are
 * drawn page by page with pdf.js (PdfPageView); text, DOCX and OCR'd pages are shown as their text
 * (TextPageView), and so is a PDF whose original cannot be opened (too large, missing, damaged), with
 * a note saying why. It also opens from the Library, on the first page. Find searches the whole text
 * (Enter / Shift+Enter or the buttons go to the next / previous match), highlighted in the text view
 * or on the drawn PDF page, whichever is shown.
 * Keyboard: Esc closes, PageUp/PageDown and ←/→ change page, + and − zoom, Ctrl+F finds.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { ChunkRecord, DocumentRecord, DocumentText } from '../../../src-shared/domain';
import { localizeError, toUiError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { client } from '../../transport/client';
import { findMatches } from './findInText';
import { passageRange } from './passageRanges';
import { base64ToBytes, openPdf } from './pdfDocument';
import { PdfPageView, type PdfFind, type PdfPassage } from './PdfPageView';
import { TextPageView } from './TextPageView';
import { useViewerStore, type ViewerTarget } from './viewerStore';
import './viewer.css';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3];
const DEFAULT_ZOOM_INDEX = 3;

export function DocumentViewer() {
  const target = useViewerStore((s) => s.target);
  if (!target) return null;
  return <ViewerDialog key={`${target.documentId}:${target.chunkId}:${target.page}`} target={target} />;
}

interface Loaded {
  doc: DocumentRecord;
  text: DocumentText;
  chunk: ChunkRecord | null;
}

function ViewerDialog({ target }: { target: ViewerTarget }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const close = useViewerStore((s) => s.close);
  const dialogRef = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [mode, setMode] = useState<'pdf' | 'text'>('text');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(target.page);
  const [zoomIndex, setZoomIndex] = useState(DEFAULT_ZOOM_INDEX);
  const [rendered, setRendered] = useState<{ page: number; highlighted: number } | null>(null);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const findRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    dialogRef.current?.focus();
    let cancelled = false;
    let opened: PDFDocumentProxy | null = null;
    (async () => {
      const [doc, text, chunk] = await Promise.all([
        client.call('library.get', { id: target.documentId }),
        client.call('library.text', { id: target.documentId }),
        // An answer may outlive its chunk (document re-ingested): the page still opens, unhighlighted.
        target.chunkId ? client.call('library.chunk', { id: target.chunkId }).catch(() => null) : null,
      ]);
      if (cancelled) return;
      setLoaded({ doc, text, chunk });
      if (doc.mime !== 'application/pdf') return;
      try {
        const original = await client.call('library.original', { id: target.documentId });
        if (cancelled) return;
        opened = await openPdf(base64ToBytes(original.dataBase64));
        if (cancelled) return void opened.destroy();
        setPdf(opened);
        // A scanned page has no text layer to highlight in: its OCR text opens first, the page is a click away.
        const citedPage = text.pages.find((p) => p.page === target.page);
        if (!citedPage?.ocr) setMode('pdf');
      } catch (e) {
        if (!cancelled) setNotice(localizeError(toUiError(e), lang));
      }
    })().catch((e: unknown) => {
      if (!cancelled) setError(localizeError(toUiError(e), lang));
    });
    return () => {
      cancelled = true;
      void opened?.destroy();
    };
  }, [target, lang]);

  const pageCount = pdf?.numPages ?? Math.max(loaded?.text.pages.length ?? 0, loaded?.doc.pages ?? 0, 1);
  const goTo = useCallback((next: number) => setPage(Math.min(Math.max(1, next), pageCount)), [pageCount]);
  const zoom = ZOOMS[zoomIndex];
  const zoomBy = useCallback((step: number) => setZoomIndex((i) => Math.min(ZOOMS.length - 1, Math.max(0, i + step))), []);

  // A match stays on the drawn page, unless its page was read by OCR: a scan has no text layer to mark.
  const goToMatchPage = useCallback(
    (next: number) => {
      setPage(next);
      if (loaded?.text.pages.find((p) => p.page === next)?.ocr) setMode('text');
    },
    [loaded],
  );
  const matches = useMemo(() => (loaded ? findMatches(loaded.text.pages, query) : []), [loaded, query]);
  const showMatch = useCallback(
    (index: number) => {
      if (matches.length === 0) return;
      const next = (index + matches.length) % matches.length;
      setCurrent(next);
      goToMatchPage(matches[next].page);
    },
    [matches, goToMatchPage],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Ctrl+F / Cmd+F: find in this document, not in the page behind.
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        findRef.current?.focus();
        findRef.current?.select();
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      // In the search box, arrows, + and − edit the query.
      const typing = e.target instanceof HTMLInputElement && e.key !== 'Escape' && e.key !== 'Tab';
      if (typing) return;
      if (e.key === 'Escape') close();
      else if (e.key === 'PageDown' || e.key === 'ArrowRight') goTo(page + 1);
      else if (e.key === 'PageUp' || e.key === 'ArrowLeft') goTo(page - 1);
      else if (e.key === '+' || e.key === '=') zoomBy(1);
      else if (e.key === '-') zoomBy(-1);
      else if (e.key === 'Tab') keepFocusInside(e);
      else return;
      if (e.key !== 'Tab') e.preventDefault();
      e.stopPropagation();
    };
    /** The viewer is modal: Tab cycles through its own controls. */
    const keepFocusInside = (e: KeyboardEvent) => {
      const dialog = dialogRef.current;
      if (!dialog) return;
      const focusable = [...dialog.querySelectorAll<HTMLElement>('button:not([disabled]), input, [href], [tabindex]:not([tabindex="-1"])')];
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      const inside = dialog.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === first || !inside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
        e.preventDefault();
        first.focus();
      }
    };
    // Capture: the viewer is modal, so its keys win over the screens' own shortcuts beneath it.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [close, goTo, zoomBy, page]);

  const chunk = loaded?.chunk ?? null;
  const pdfPassage = useMemo<PdfPassage | null>(() => {
    if (!chunk || page < chunk.pageStart || page > chunk.pageEnd) return null;
    return {
      text: chunk.text,
      where: { continuesFrom: page > chunk.pageStart ? 'earlier-page' : null, continuesTo: page < chunk.pageEnd ? 'later-page' : null },
    };
  }, [chunk, page]);
  const pageText = loaded?.text.pages.find((p) => p.page === page);
  const range = chunk && pageText ? passageRange(chunk, pageText) : null;
  const pageMatches = useMemo(() => {
    const ranges = matches.flatMap((m, i) => (m.page === page ? [{ start: m.start, end: m.end, current: i === current }] : []));
    return ranges;
  }, [matches, page, current]);
  // On a drawn page, find marks the text layer's runs; the current match is the n-th of its page.
  const pdfFind = useMemo<PdfFind | null>(() => {
    if (!query.trim()) return null;
    const onPage = matches[current]?.page === page ? matches.slice(0, current).filter((m) => m.page === page).length : -1;
    return { query, current: onPage };
  }, [query, matches, current, page]);
  const titleId = 'viewer-title';

  return (
    <div className="viewer-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={dialogRef}
        className="viewer"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid="document-viewer"
        data-mode={mode}
        data-page={page}
        data-highlighted={rendered?.page === page ? rendered.highlighted : undefined}
      >
        <div className="viewer-bar">
          <h2 id={titleId} className="viewer-title" title={target.title}>
            {target.title}
          </h2>
          <div className="viewer-controls">
            <button type="button" className="button" onClick={() => goTo(page - 1)} disabled={page <= 1} aria-label={t('viewer.previous')}>
              ‹
            </button>
            <span className="viewer-page-label" data-testid="viewer-page-label" aria-live="polite">
              {t('viewer.pageOf', { page, count: pageCount })}
            </span>
            <button type="button" className="button" onClick={() => goTo(page + 1)} disabled={page >= pageCount} aria-label={t('viewer.next')}>
              ›
            </button>
            <button type="button" className="button" onClick={() => zoomBy(-1)} disabled={zoomIndex === 0} aria-label={t('viewer.zoomOut')}>
              −
            </button>
            <span className="viewer-zoom" data-testid="viewer-zoom">
              {t('viewer.zoom', { percent: Math.round(zoom * 100) })}
            </span>
            <button type="button" className="button" onClick={() => zoomBy(1)} disabled={zoomIndex === ZOOMS.length - 1} aria-label={t('viewer.zoomIn')}>
              +
            </button>
            {pdf && (
              <button type="button" className="button" onClick={() => setMode(mode === 'pdf' ? 'text' : 'pdf')} data-testid="viewer-mode">
                {mode === 'pdf' ? t('viewer.showText') : t('viewer.showPage')}
              </button>
            )}
            <button type="button" className="button" onClick={close} aria-label={t('viewer.close')} data-testid="viewer-close">
              ✕
            </button>
          </div>
        </div>
        <div className="viewer-find" role="search" aria-label={t('viewer.find.label')}>
          <input
            ref={findRef}
            type="search"
            className="viewer-find-input"
            aria-label={t('viewer.find.label')}
            placeholder={t('viewer.find.placeholder')}
            value={query}
            maxLength={200}
            onChange={(e) => {
              const next = e.target.value;
              setQuery(next);
              setCurrent(0);
              const first = loaded ? findMatches(loaded.text.pages, next, 1)[0] : undefined;
              if (first) goToMatchPage(first.page);
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              showMatch(e.shiftKey ? current - 1 : current + 1);
              e.preventDefault();
            }}
            data-testid="viewer-find"
          />
          <button type="button" className="button button-small" onClick={() => showMatch(current - 1)} disabled={matches.length === 0} data-testid="viewer-find-previous">
            {t('viewer.find.previous')}
          </button>
          <button type="button" className="button button-small" onClick={() => showMatch(current + 1)} disabled={matches.length === 0} data-testid="viewer-find-next">
            {t('viewer.find.next')}
          </button>
          <span className="muted small" role="status" data-testid="viewer-find-count">
            {query.trim() ? (matches.length ? t('viewer.find.count', { current: current + 1, count: matches.length }) : t('viewer.find.none')) : ''}
          </span>
        </div>
        {notice && (
          <p className="viewer-notice" role="status">
            {t('viewer.textFallback')} {notice}
          </p>
        )}
        {/* Not <header>/<footer>: inside a dialog they would be a second banner and contentinfo of the page.
            The body scrolls, so it takes the focus (the keyboard scrolls it), named by the document's title. */}
        <div className="viewer-body" tabIndex={0} role="region" aria-labelledby={titleId}>
          {error ? (
            <p className="answer-error" role="alert">
              {error}
            </p>
          ) : !loaded ? (
            <p className="muted">{t('viewer.loading')}</p>
          ) : mode === 'pdf' && pdf ? (
            <PdfPageView
              pdf={pdf}
              page={page}
              zoom={zoom}
              passage={pdfPassage}
              found={pdfFind}
              onRendered={(highlighted) => setRendered({ page, highlighted })}
              onFailed={() => {
                setMode('text');
                setNotice(t('viewer.renderFailed'));
              }}
            />
          ) : (
            <TextPageView page={pageText} range={range} zoom={zoom / ZOOMS[DEFAULT_ZOOM_INDEX]} found={query.trim() ? pageMatches : null} />
          )}
        </div>
        <p className="viewer-keys muted small">{t('viewer.keys')}</p>
      </div>
    </div>
  );
}
