/// <reference types="node" />
/**
 * The document list stays a window with 10,000 documents: the rows are written straight into the
 * served library (one LanceDB commit, as a large import would leave them), the page lists them all
 * while only the rows in view are in the DOM, the keyboard reaches the last one, and filters narrow it.
 * The rows are removed at the end so the library is as the other tests expect it.
 */
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { expect, test } from '@playwright/test';
import type { DocumentRecord } from '../../src-shared/domain';
import { documentToRow, TABLES } from '../../src-main/core/store/schema';
import { repoRoot } from '../helpers/paths';

const COUNT = 10_000;
const PREFIX = 'scale-test-';

function fakeDocument(i: number): DocumentRecord {
  const at = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
  return {
    id: `${PREFIX}${i}`,
    collection: i % 2 ? 'scale-odd' : 'scale-even',
    title: `Rapport ${String(i).padStart(5, '0')}`,
    sourcePath: `/archives/rapport-${i}.${i % 3 ? 'pdf' : 'docx'}`,
    storedPath: '',
    sha256: String(i).padStart(64, '0'),
    mime: 'application/pdf',
    sizeBytes: 1000 + i,
    pages: 1 + (i % 40),
    chunks: 3 + (i % 90),
    status: i % 500 === 0 ? 'failed' : 'ready',
    error: null,
    ocrPages: 0,
    ocrMeanConfidence: null,
    lowConfidencePages: [],
    ocrMode: 'auto',
    validation: null,
    language: 'fr',
    createdAt: at,
    updatedAt: at,
    chunkerSettings: '',
    embedder: '',
  };
}

async function documentsTable(): Promise<{ table: lancedb.Table; close(): void }> {
  const dataDir = join(repoRoot, 'test-results', process.env.PHARE_E2E_RUN!, 'data');
  const db = await lancedb.connect(join(dataDir, 'library.lance'));
  const table = await db.openTable(TABLES.documents);
  return { table, close: () => (table.close(), db.close()) };
}

test.afterAll(async () => {
  const { table, close } = await documentsTable();
  await table.delete(`id LIKE '${PREFIX}%'`);
  close();
});

test('10,000 documents: all listed, a window of rows in the DOM, keyboard to the end, filters', async ({ page }) => {
  const { table, close } = await documentsTable();
  await table.add(Array.from({ length: COUNT }, (_, i) => documentToRow(fakeDocument(i))));
  close();

  await page.goto('/');
  const count = page.getByTestId('document-count');
  // Other tests may have left a document or two.
  await expect(count).toHaveText(/^10,0\d\d of 10,0\d\d documents$/);
  const rows = page.getByTestId('document-row');
  await expect(rows.first()).toBeVisible();
  const inDom = await rows.count();
  expect(inDom).toBeGreaterThan(5);
  expect(inDom).toBeLessThan(40);

  // Newest first: the last seeded document heads the list; End reaches the oldest, still a window.
  await expect(rows.first()).toContainText(`Rapport ${String(COUNT - 1).padStart(5, '0')}`);
  await rows.first().locator('.doc-open').focus();
  // The list item holding the focus says where it is in the whole list (aria-posinset of aria-setsize).
  const focusedItem = page.getByRole('listitem').filter({ has: page.locator('.doc-open:focus') });
  const listed = Number((await count.textContent())!.match(/^([\d,]+) of/)![1].replace(/,/g, ''));
  await expect(focusedItem).toHaveAttribute('aria-posinset', '1');
  await page.keyboard.press('End');
  await expect(focusedItem).toHaveAttribute('aria-posinset', String(listed));
  await expect(focusedItem).toHaveAttribute('aria-setsize', String(listed));
  await expect(focusedItem).toBeVisible();
  expect(await rows.count()).toBeLessThan(40);
  await page.keyboard.press('ArrowUp');
  await expect(focusedItem).toHaveAttribute('aria-posinset', String(listed - 1));
  await expect(focusedItem).toBeVisible();

  // Filters: a collection, a status, a format, a search.
  await page.getByTestId('collections').getByRole('button', { name: /^scale-odd/ }).click();
  await expect(count).toHaveText('5,000 of 5,000 documents');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('failed');
  await expect(count).toHaveText('0 of 5,000 documents');
  await page.getByTestId('collections').getByRole('button', { name: /^scale-even/ }).click();
  await expect(count).toHaveText('20 of 5,000 documents');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('');
  await page.getByRole('combobox', { name: 'Format' }).selectOption('docx');
  await expect(count).toHaveText(/^1,667 of 5,000 documents$/);
  // Even, docx (i divisible by 3) and titled 'Rapport 0999x': 09990 and 09996, newest first.
  await page.getByRole('searchbox', { name: 'Search by title or path' }).fill('Rapport 0999');
  await expect(count).toHaveText('2 of 5,000 documents');
  await expect(rows).toHaveText([/Rapport 09996/, /Rapport 09990/]);
});
