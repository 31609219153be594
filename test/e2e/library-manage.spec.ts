/// <reference types="node" />
/**
 * Managing the library in the browser against `phare serve`: create a collection and add a file to it,
 * re-ingest the document with other settings, rename the collection, watch a folder (its file arrives in
 * the collection), stop watching, and delete the collection with its documents after confirming.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const folder = mkdtempSync(join(tmpdir(), 'phare-e2e-watched-'));

test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('collections, re-ingestion, watched folders and the job panel', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('status-connection')).toContainText('Connected');
  const sidebar = page.getByTestId('collections');
  const rows = page.getByTestId('document-row');

  // A new collection, shown at once; files added while it is selected go into it.
  await sidebar.getByRole('textbox', { name: 'New collection' }).fill('Rapports');
  await sidebar.getByRole('button', { name: 'Create' }).click();
  const rapports = sidebar.getByRole('button', { name: /^Rapports/ });
  await expect(rapports).toBeVisible();
  await rapports.click();
  await expect(rapports).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('file-input').setInputFiles({
    name: 'bulletin.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# Bulletin des phares\n\nLe gardien de Cordouan relève la lanterne chaque soir à la tombée de la nuit.\n'.repeat(8)),
  });
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  await expect(rows.first()).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(rapports).toContainText('1');
  const jobs = page.getByTestId('job-panel');
  await expect(jobs.getByTestId('job').first()).toHaveAttribute('data-state', 'done');

  // Re-ingest with another passage size: a re-ingestion job ends, the document stays.
  await rows.first().getByRole('button', { name: 'Re-ingest “Bulletin des phares”' }).click();
  const dialog = page.getByTestId('reingest-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: 'Never' }).check();
  await dialog.getByRole('spinbutton').fill('300');
  await dialog.getByRole('button', { name: 'Re-ingest' }).click();
  await expect(dialog).toBeHidden();
  const reingestJob = jobs.getByTestId('job').filter({ hasText: 'Re-ingestion' });
  await expect(reingestJob).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'ready');

  // Rename in place; the selection follows.
  await sidebar.getByRole('button', { name: 'Rename the collection “Rapports”' }).click();
  const renameBox = sidebar.getByRole('textbox', { name: 'New name for “Rapports”' });
  await renameBox.fill('Notes');
  await renameBox.press('Enter');
  const notes = sidebar.getByRole('button', { name: /^Notes/ });
  await expect(notes).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(1);

  // A watched folder: its file is ingested into the collection shown.
  writeFileSync(join(folder, 'avis.txt'), 'Avis aux navigateurs\n\nLa bouée de la passe est éteinte jusqu’à nouvel ordre.\n');
  const watched = page.getByTestId('watched-folders');
  await watched.getByRole('textbox', { name: 'Folder to watch (full path)' }).fill(folder);
  await watched.getByRole('button', { name: 'Watch' }).click();
  await expect(watched.getByTestId('watched-folder')).toContainText(folder);
  await expect(rows).toHaveCount(2, { timeout: 60_000 });
  await watched.getByRole('button', { name: `Stop watching ${folder}` }).click();
  await expect(watched.getByTestId('watched-folder')).toHaveCount(0);

  // Delete the collection with its documents, after confirming.
  await sidebar.getByRole('button', { name: 'Delete the collection “Notes”' }).click();
  await expect(page.getByRole('dialog')).toContainText('2 documents');
  // A destructive dialog starts on Cancel: its Delete button is pressed on purpose.
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(notes).toHaveCount(0);
  await expect(sidebar.getByRole('button', { name: /^All documents/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Bulletin des phares')).toHaveCount(0);
});
