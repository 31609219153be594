/// <reference types="node" />
/**
 * Without a chat model the app still answers, with the most relevant passages, and says so plainly.
 * Runs against the second server of the config, started with no model at all.
 */
import { expect, test } from '@playwright/test';
import { corpusFile } from '../helpers/paths';
import { dragFilesOver } from './support/dropFiles';

test.use({ baseURL: process.env.PHARE_E2E_NO_MODEL_URL });

test('answers without a model are labelled as extracts and cite pages', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('status-chat')).toContainText('none');

  const drag = await dragFilesOver(page, [corpusFile('pdf', 'pdfjs_tracemonkey.pdf')]);
  await drag.drop();
  const fileRow = page.getByTestId('ingest-file');
  await expect(fileRow).not.toHaveAttribute('data-status', 'running', { timeout: 120_000 });
  expect(await fileRow.getAttribute('data-status'), `import outcome: ${await fileRow.textContent()}`).toBe('ready');

  await page.keyboard.press('Alt+2');
  const box = page.getByRole('textbox', { name: 'Your question' });
  await expect(box).toBeFocused();
  await box.fill('How are nested loops handled by trace trees?');
  await box.press('Enter');

  const message = page.getByTestId('chat-message').last();
  await expect(message).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(message.getByTestId('extractive-label')).toHaveText('Answer without a model: the most relevant passages');
  await expect(message.getByTestId('source-chip').first()).toContainText(/p\. \d+/);
});
