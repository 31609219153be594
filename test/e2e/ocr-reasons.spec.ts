/// <reference types="node" />
/**
 * Which pages were read by OCR, and why (issue 12 "Wrong 7"): a two-page PDF whose second page is a
 * caption over a picture of text says so in its Library row and in its detail (the field and the
 * page's origin), in English and in French; a text PDF whose cover holds six characters and no
 * picture says nothing of OCR. The PDFs are written by the spec; it removes the documents it adds.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { decodeImagePages } from '../../src-main/core/ocr/decodeImage';
import type { GrayImage } from '../../src-main/core/ocr/grayImage';
import { corpusFile } from '../helpers/paths';
import { mixedPdf, prosePage } from '../integration/ocr/mixedPdf';
import { call } from './support/coreApi';

async function photo(): Promise<GrayImage> {
  for await (const page of decodeImagePages(new Uint8Array(readFileSync(corpusFile('ocr', 'en', 'tessocr_phototest.tif'))))) return page.image;
  throw new Error('no picture');
}

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/pdf', buffer });
  await expect(page.getByTestId('ingest-file').filter({ hasText: name })).toHaveAttribute('data-status', 'ready', { timeout: 150_000 });
}

async function removeTitled(request: Parameters<typeof call>[0], base: string, prefix: string) {
  const docs = await call<Array<{ id: string; title: string }>>(request, base, 'library.list', {});
  for (const doc of docs.filter((d) => d.title.startsWith(prefix))) await call(request, base, 'library.remove', { id: doc.id });
}

test.describe('pages read by OCR, in English', () => {
  test.use({ locale: 'en-US' });

  test('the row and the detail say which page was read by OCR and why; a six-character cover is not', async ({ page, request, baseURL }) => {
    try {
      const figure = mixedPdf([prosePage(1), { lines: [{ x: 56, y: 80, text: 'Fig 1' }], picture: { image: await photo(), x: 56, y: 120, width: 307.2, height: 230.4 } }]);
      await upload(page, 'ocr-why-figure.pdf', figure);
      const row = page.getByTestId('document-row').filter({ hasText: 'ocr-why-figure' });
      await expect(row).toContainText('Read by OCR: 1 of 2 pages — page 2: no text layer');
      await row.locator('button.doc-open').click();
      const detail = page.getByTestId('document-detail');
      await expect(detail).toContainText('page 2: no text layer, and a picture that could hold text');
      await expect(detail.getByTestId('document-pages').locator('tr[data-ocr="true"]')).toContainText('OCR (no text layer)');

      await upload(page, 'ocr-why-cover.pdf', mixedPdf([{ lines: [{ x: 250, y: 600, text: 'Manual', size: 28 }] }, prosePage(2)]));
      const cover = page.getByTestId('document-row').filter({ hasText: 'ocr-why-cover' });
      await expect(cover).not.toContainText('OCR');
    } finally {
      await removeTitled(request, baseURL!, 'ocr-why-');
    }
  });
});

test.describe('pages read by OCR, in French', () => {
  test.use({ locale: 'fr-FR' });

  test('la ligne et le détail disent quelle page a été lue par OCR et pourquoi', async ({ page, request, baseURL }) => {
    try {
      const figure = mixedPdf([prosePage(1), { lines: [{ x: 56, y: 80, text: 'Fig 1' }], picture: { image: await photo(), x: 56, y: 120, width: 307.2, height: 230.4 } }]);
      await upload(page, 'ocr-why-fr.pdf', figure);
      const row = page.getByTestId('document-row').filter({ hasText: 'ocr-why-fr' });
      await expect(row).toContainText(/Lu par OCR\s*:\s*1 sur 2 pages — page 2\s*:\s*pas de couche texte/);
      await row.locator('button.doc-open').click();
      await expect(page.getByTestId('document-detail')).toContainText(/page 2\s*:\s*pas de couche texte, et une image pouvant contenir du texte/);
    } finally {
      await removeTitled(request, baseURL!, 'ocr-why-');
    }
  });
});
