/**
 * One PDF page as pdf.js draws it: a canvas, and over it the text layer (transparent text at the
 * positions of the page's words, so it can be selected) in which the cited passage is highlighted
 * (textLayerMatch). The first highlighted run is scrolled into view.
 */
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import type { TextLayer } from 'pdfjs-dist';
import { loadPdfJs } from './pdfDocument';
import { matchPassageItems, type PassageOnPage } from './textLayerMatch';

export interface PdfPassage {
  text: string;
  where: PassageOnPage;
}

export function PdfPageView({
  pdf,
  page,
  zoom,
  passage,
  onRendered,
  onFailed,
}: {
  pdf: PDFDocumentProxy;
  page: number;
  zoom: number;
  passage: PdfPassage | null;
  onRendered?: (highlighted: number) => void;
  /** The page could not be drawn (damaged PDF, unsupported feature): the viewer falls back to text. */
  onFailed?: () => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);

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
      onRendered?.(highlighted);
    })().catch((error: unknown) => {
      // A cancelled render is the normal end of a page change; anything else shows the text view.
      if (!cancelled && (error as { name?: string })?.name !== 'RenderingCancelledException') onFailed?.();
    });
    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
    };
    // onRendered and onFailed are notifications: a new callback identity is no reason to draw again.
  }, [pdf, page, zoom, passage]);

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
