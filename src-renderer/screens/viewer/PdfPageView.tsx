/**
 * One PDF page as pdf.js draws it: a canvas, and over it the text layer (transparent text at the
 * positions of the page's words, so it can be selected) in which the cited passage is highlighted
 * (textLayerMatch). The first highlighted run is scrolled into view. Find marks the runs its query
 * covers on the page, the current occurrence apart (scrolled into view), without drawing it again.
 */
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import type { TextLayer } from 'pdfjs-dist';
import { loadPdfJs } from './pdfDocument';
import { findQueryItems, matchPassageItems, type PassageOnPage } from './textLayerMatch';

/** What find asks of the page: its query, and which of the page's occurrences is the current one (-1: none). */
export interface PdfFind {
  query: string;
  current: number;
}

export interface PdfPassage {
  text: string;
  where: PassageOnPage;
}

export function PdfPageView({
  pdf,
  page,
  zoom,
  passage,
  found = null,
  onRendered,
  onFailed,
}: {
  pdf: PDFDocumentProxy;
  page: number;
  zoom: number;
  passage: PdfPassage | null;
  found?: PdfFind | null;
  onRendered?: (highlighted: number) => void;
  /** The page could not be drawn (damaged PDF, unsupported feature): the viewer falls back to text. */
  onFailed?: () => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  /** The text layer drawn last (find marks its runs), and a count that changes when it does. */
  const drawnLayer = useRef<TextLayer | null>(null);
  const [layerDrawn, setLayerDrawn] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let renderTask: RenderTask | null = null;
    let textLayer: TextLayer | null = null;
    const layer = layerRef.current!;
    const canvas = canvasRef.current!;
    (async () => {
      const pdfjs = await loadPdfJs();
      const pdfPage = await pdf.getPage(page);
      if (cancelled) return;
      const viewport = pdfPage.getViewport({ scale: zoom });
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      setSize({ width: viewport.width, height: viewport.height });
      renderTask = pdfPage.render({
        canvas,
        canvasContext: canvas.getContext('2d')!,
        viewport,
        transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
      });
      await renderTask.promise;
      if (cancelled) return;
      layer.replaceChildren();
      textLayer = new pdfjs.TextLayer({ textContentSource: pdfPage.streamTextContent(), container: layer, viewport });
      await textLayer.render();
      if (cancelled) return;
      let highlighted = 0;
      if (passage) {
        const divs = textLayer.textDivs;
        const indexes = matchPassageItems(textLayer.textContentItemsStr, passage.text, passage.where);
        for (const i of indexes) divs[i]?.classList.add('viewer-highlight');
        highlighted = indexes.length;
        divs[indexes[0]]?.scrollIntoView({ block: 'center' });
      }
      drawnLayer.current = textLayer;
      setLayerDrawn((n) => n + 1);
      onRendered?.(highlighted);
    })().catch((error: unknown) => {
      // A cancelled render is the normal end of a page change; anything else shows the text view.
      if (!cancelled && (error as { name?: string })?.name !== 'RenderingCancelledException') onFailed?.();
    });
    return () => {
      cancelled = true;
      drawnLayer.current = null;
      renderTask?.cancel();
      textLayer?.cancel();
    };
    // onRendered and onFailed are notifications: a new callback identity is no reason to draw again.
  }, [pdf, page, zoom, passage]);

  useEffect(() => {
    const layer = drawnLayer.current;
    if (!layer) return;
    const divs = layer.textDivs;
    for (const div of divs) div.classList.remove('find-match', 'find-current');
    if (!found?.query.trim()) return;
    const occurrences = findQueryItems(layer.textContentItemsStr, found.query);
    occurrences.forEach((items, n) => {
      for (const i of items) divs[i]?.classList.add('find-match', ...(n === found.current ? ['find-current'] : []));
    });
    divs[occurrences[found.current]?.[0] ?? -1]?.scrollIntoView({ block: 'center' });
  }, [layerDrawn, found]);

  return (
    <div
      className="pdf-page"
      data-testid="pdf-page"
      style={{
        width: size?.width,
        height: size?.height,
        ['--scale-factor' as string]: zoom,
        ['--total-scale-factor' as string]: zoom,
      }}
    >
      <canvas ref={canvasRef} style={{ width: size?.width, height: size?.height }} />
      <div ref={layerRef} className="textLayer" />
    </div>
  );
}
