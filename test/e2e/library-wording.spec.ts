/// <reference types="node" />
/**
 * The Library says what it does (issue 12, "Confusing 2 and 3"), in English and in French: its intro
 * names pictures (read by OCR); the built-in collection shows translated ("General", "Général") wherever
 * a collection's name is shown, never the stored 'default'; an empty collection says it is empty and how
 * to fill it (not "No document matches this filter"); the watched-folder box has a visible label and no
 * placeholder cut by the sidebar's width. The spec removes what it adds.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { call } from './support/coreApi';

const EMPTY = 'Vide e2e';

async function cleanUp(request: APIRequestContext, base: string, title: string) {
  const docs = await call<Array<{ id: string; title: string }>>(request, base, 'library.list', {});
  for (const doc of docs.filter((d) => d.title === title)) await call(request, base, 'library.remove', { id: doc.id });
  const collections = await call<Array<{ name: string }>>(request, base, 'collections.list', {});
  if (collections.some((c) => c.name === EMPTY)) await call(request, base, 'collections.remove', { name: EMPTY, withDocuments: true });
}

/** Whether a text box's placeholder (if any) fits in its box, measured with the box's own font. */
async function placeholderFits(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((input: HTMLInputElement) => {
    if (!input.placeholder) return true;
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return context.measureText(input.placeholder).width <= room;
  });
}

for (const lang of [
  {
    locale: 'en-US',
    title: 'Wording note',
    intro: 'pictures of text',
    general: 'General',
    empty: `The collection “${EMPTY}” is empty. Add files with “Add files…”`,
    folder: 'Folder to watch (full path)',
    filterNone: 'No document matches this filter',
  },
  {
    locale: 'fr-FR',
    title: 'Note de formulation',
    intro: 'images de texte',
    general: 'Général',
    empty: `La collection « ${EMPTY} » est vide. Ajoutez des fichiers avec « Ajouter des fichiers… »`,
    folder: 'Dossier à surveiller (chemin complet)',
    filterNone: 'Aucun document ne correspond à ce filtre',
  },
]) {
  test.describe(lang.locale, () => {
    test.use({ locale: lang.locale });

    test('intro, built-in collection, empty collection, watched-folder box', async ({ page, request, baseURL }) => {
      await cleanUp(request, baseURL!, lang.title);
      try {
        await page.goto('/');
        await expect(page.locator('#library-title + p')).toContainText(lang.intro);

        // A document in the built-in collection: named in the UI's language, in the sidebar and on its row.
        await page.getByTestId('file-input').setInputFiles({ name: 'wording.md', mimeType: 'text/markdown', buffer: Buffer.from(`# ${lang.title}\n\nUn court texte.\n`) });
        const row = page.getByTestId('document-row').filter({ hasText: lang.title });
        await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
        await expect(row).toContainText(lang.general);
        const sidebar = page.getByTestId('collections');
        await expect(sidebar.getByTestId('collection').first()).toContainText(lang.general);
        await expect(sidebar).not.toContainText(/\bdefault\b/);
        await expect(page.getByTestId('job-panel')).not.toContainText(/\bdefault\b/);

        // An empty collection says so, and how to fill it.
        await call(request, baseURL!, 'collections.create', { name: EMPTY });
        await page.reload();
        await sidebar.getByRole('button', { name: new RegExp(`^${EMPTY}`) }).click();
        await expect(page.getByTestId('documents-empty')).toContainText(lang.empty);
        await expect(page.getByTestId('documents-empty')).not.toContainText(lang.filterNone);

        // The watched-folder box: a visible label names it, nothing in it is cut.
        const box = page.getByRole('textbox', { name: lang.folder });
        await expect(box).toBeVisible();
        await expect(page.getByText(lang.folder, { exact: true })).toBeVisible();
        expect(await placeholderFits(page, 'watched-folder-input')).toBe(true);
      } finally {
        await cleanUp(request, baseURL!, lang.title);
      }
    });
  });
}
