/// <reference types="node" />
/**
 * Counts are said with their plural forms (issue 12: "Added: 1 pages", "1 fichiers sur 1"): a one-page
 * file added through the page reads "1 page, 1 passage" in its import row and "1 file" in its job, in
 * English and in French. The spec removes the documents it adds.
 */
import { expect, test, type Page } from '@playwright/test';
import { call } from './support/coreApi';

async function addOnePageNote(page: Page, name: string, text: string) {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  const row = page.getByTestId('ingest-file').filter({ hasText: name });
  await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  return row;
}

async function removeByTitle(request: Parameters<typeof call>[0], base: string, title: string) {
  const docs = await call<Array<{ id: string; title: string }>>(request, base, 'library.list', {});
  for (const doc of docs.filter((d) => d.title === title)) await call(request, base, 'library.remove', { id: doc.id });
}

test.describe('with an English browser', () => {
  test.use({ locale: 'en-US' });

  test('one page, one passage, one file', async ({ page, request, baseURL }) => {
    try {
      const row = await addOnePageNote(page, 'plural-en.md', '# Tide tables\n\nHigh water at the harbour mouth comes twice a day.\n');
      await expect(row).toContainText('Added: 1 page, 1 passage');
      await expect(page.getByTestId('job-panel')).toContainText('Done: 1 of 1 file ·');
      await expect(page.getByTestId('job-panel')).not.toContainText('1 files');
    } finally {
      await removeByTitle(request, baseURL!, 'Tide tables');
    }
  });
});

test.describe('with a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('une page, un passage, un fichier', async ({ page, request, baseURL }) => {
    try {
      const row = await addOnePageNote(page, 'pluriel-fr.md', '# Horaires des marées\n\nLa pleine mer arrive deux fois par jour à l’entrée du port.\n');
      await expect(row).toContainText(/Ajouté\s*:\s*1 page, 1 passage/);
      await expect(page.getByTestId('job-panel')).toContainText(/Terminés\s*:\s*1 sur 1 fichier ·/);
      await expect(page.getByTestId('job-panel')).not.toContainText('1 fichiers');
    } finally {
      await removeByTitle(request, baseURL!, 'Horaires des marées');
    }
  });
});
