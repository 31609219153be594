/// <reference types="node" />
/**
 * The main path a user takes: drop a real PDF on the window, watch it import, ask a question about it,
 * see the answer stream in and cite a page; then delete it through the confirmation dialog.
 * The tiny test model writes meaningless text, so the test checks behaviour, never wording.
 */
import { expect, test } from '@playwright/test';
import { corpusFile } from '../helpers/paths';
import { dragFilesOver } from './support/dropFiles';

test('drop a PDF, ask about it, get a streamed answer citing a page', async ({ page, request }) => {
  // One thread: on a 2-core machine shared with the server's other work, two threads made the tiny model
  // crawl (~3 tokens/s against ~90 with one). Enough tokens that generation outlasts a repaint, so the
  // streaming is observable, and few enough that the answer comes in seconds.
  const settings = await request.post('/api/call/settings.update', {
    headers: { 'x-phare-client': '1' },
    data: { threads: 1, maxTokens: 120 },
  });
  expect((await settings.json()).ok).toBe(true);

  // Count the token events the server pushes (the socket opens with the page, so listen first).
  let tokenFrames = 0;
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => {
      if (String(frame.payload).includes('"chat.token"')) tokenFrames += 1;
    }),
  );

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible();
  await expect(page.getByTestId('status-connection')).toContainText('Connected');

  const drag = await dragFilesOver(page, [corpusFile('pdf', 'pdfjs_tracemonkey.pdf')]);
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await drag.drop();
  await expect(page.getByTestId('drop-overlay')).toBeHidden();

  // The import shows per-file progress, then the outcome.
  const fileRow = page.getByTestId('ingest-file').filter({ hasText: 'pdfjs_tracemonkey.pdf' });
  await expect(fileRow).toBeVisible();
  // Wait for the outcome, whatever it is, so a failed import fails the test at once and says why.
  await expect(fileRow).not.toHaveAttribute('data-status', 'running', { timeout: 120_000 });
  expect(await fileRow.getAttribute('data-status'), `import outcome: ${await fileRow.textContent()}`).toBe('ready');
  const doc = page.getByTestId('document-row');
  await expect(doc).toHaveCount(1);
  await expect(doc).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('status-documents')).toContainText('1 document');

  await page.getByRole('button', { name: 'Chat' }).click();
  await expect(page.getByRole('heading', { name: 'Chat' })).toBeVisible();

  // Record, in the page, whether streamed text was ever on screen before the final answer replaced it.
  await page.evaluate(() => {
    const w = window as unknown as { streamedSeen: number };
    w.streamedSeen = 0;
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="streamed-text"]');
      const chars = Number(el?.getAttribute('data-streamed-chars') ?? 0);
      w.streamedSeen = Math.max(w.streamedSeen, chars);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });

  const box = page.getByRole('textbox', { name: 'Your question' });
  await box.fill('How does TraceMonkey record and compile hot loops with trace trees?');
  await box.press('Enter');

  const message = page.getByTestId('chat-message').last();
  await expect(message).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  expect(tokenFrames).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { streamedSeen: number }).streamedSeen)).toBeGreaterThan(0);

  await expect(message.getByTestId('answer-text')).not.toBeEmpty();
  // Each source is shown as a chip with its page number.
  const sourceChip = message.getByTestId('source-chip').first();
  await expect(sourceChip).toBeVisible();
  await expect(sourceChip).toContainText(/p\. \d+/);
  await expect(message.getByTestId('timings')).toBeVisible();

  // Stop: a long answer is cancelled as soon as it starts streaming, and says so.
  await request.post('/api/call/settings.update', { headers: { 'x-phare-client': '1' }, data: { maxTokens: 2000 } });
  await box.fill('What are trace trees and how are nested loops compiled?');
  await box.press('Enter');
  const second = page.getByTestId('chat-message').last();
  // Watched at every frame: a follow-up reuses the conversation's evaluated prompt, and the tiny model
  // then streams its whole answer in about a second; a poll every few hundred milliseconds saw the
  // stream only once it was over, and Stop was gone.
  await page.waitForFunction(
    () => {
      const messages = document.querySelectorAll('[data-testid="chat-message"]');
      const streamed = messages[messages.length - 1]?.querySelector('[data-testid="streamed-text"]');
      return Number(streamed?.getAttribute('data-streamed-chars') ?? 0) > 0;
    },
    undefined,
    { polling: 'raf', timeout: 120_000 },
  );
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(second).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(second.getByTestId('answer-cancelled')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ask' })).toBeVisible();

  // Delete, through the dialog: Escape cancels; the dialog starts on Cancel, its Delete button confirms.
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: /^Delete “/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('document-row')).toHaveCount(1);
  await page.getByRole('button', { name: /^Delete “/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('document-row')).toHaveCount(0);
  await expect(page.getByTestId('status-documents')).toContainText('0 documents');
});
