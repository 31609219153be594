/// <reference types="node" />
/**
 * Citations you can open: ask about a real PDF, watch the answer stream in, click a cited source and
 * the document viewer opens at the cited page, drawn by pdf.js in the page, with the passage
 * highlighted in its text layer; the keyboard turns pages, zooms and closes it. Then, on the server
 * without a model (extractive answers carry `[n]` chips), a chip opens a DOCX as text with the passage
 * highlighted. The tiny model writes meaningless text: the test checks behaviour, never wording.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { corpusFile } from '../helpers/paths';
import { call } from './support/coreApi';



/** Ingests through the API (the drop itself is covered by library-chat.spec) and waits until it is ready. */
async function ingestFile(request: APIRequestContext, base: string, file: string): Promise<string> {
  await call(request, base, 'library.ingestPaths', { paths: [file] });
  const name = file.split('/').pop()!;
  let id = '';
  await expect
    .poll(
      async () => {
        const docs = await call<Array<{ id: string; sourcePath: string; status: string }>>(request, base, 'library.list', {});
        const doc = docs.find((d) => d.sourcePath.endsWith(name));
        id = doc?.id ?? '';
        return doc?.status;
      },
      { timeout: 120_000 },
    )
    .toBe('ready');
  return id;
}

test('a cited source opens the PDF at its page with the passage highlighted', async ({ page, request, baseURL }) => {
  const base = baseURL!;
  await call(request, base, 'settings.update', { threads: 1, maxTokens: 60 });
  const documentId = await ingestFile(request, base, corpusFile('pdf', 'pdfjs_tracemonkey.pdf'));

  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'Chat' }).click();
    // The answer streams in before the final one (with its sources and citation check) replaces it;
    // 60 tokens can stream in under a second, faster than a poll: the page records what it showed.
    await page.evaluate(() => {
      const w = window as unknown as { streamedSeen: number };
      w.streamedSeen = 0;
      new MutationObserver(() => {
        const chars = Number(document.querySelector('[data-testid="streamed-text"]')?.getAttribute('data-streamed-chars') ?? 0);
        w.streamedSeen = Math.max(w.streamedSeen, chars);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const box = page.getByRole('textbox', { name: 'Your question' });
    await box.fill('How does TraceMonkey record and compile hot loops with trace trees?');
    await box.press('Enter');

    const message = page.getByTestId('chat-message').last();
    await expect(message).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    expect(await page.evaluate(() => (window as unknown as { streamedSeen: number }).streamedSeen)).toBeGreaterThan(0);

    const source = message.getByTestId('source-chip').first();
    const citedPage = Number((await source.locator('.source-page').textContent())!.match(/\d+/)![0]);
    await source.click();

    const viewer = page.getByTestId('document-viewer');
    await expect(viewer).toBeVisible();
    await expect(viewer).toHaveAttribute('data-mode', 'pdf');
    await expect(viewer.getByTestId('viewer-page-label')).toHaveText(`Page ${citedPage} of 14`);
    // pdf.js drew the page and the cited passage is highlighted in its text layer.
    await expect(viewer.locator('.pdf-page canvas')).toBeVisible();
    await expect(viewer.locator('.textLayer .viewer-highlight').first()).toBeVisible({ timeout: 30_000 });
    expect(await viewer.locator('.textLayer .viewer-highlight').count()).toBeGreaterThan(0);

    // Keyboard: pages, zoom, and Esc.
    const next = citedPage < 14 ? citedPage + 1 : citedPage - 1;
    await page.keyboard.press(citedPage < 14 ? 'PageDown' : 'PageUp');
    await expect(viewer.getByTestId('viewer-page-label')).toHaveText(`Page ${next} of 14`);
    await page.keyboard.press(citedPage < 14 ? 'ArrowLeft' : 'ArrowRight');
    await expect(viewer.getByTestId('viewer-page-label')).toHaveText(`Page ${citedPage} of 14`);
    const zoomBefore = await viewer.getByTestId('viewer-zoom').textContent();
    await page.keyboard.press('+');
    await expect(viewer.getByTestId('viewer-zoom')).not.toHaveText(zoomBefore!);
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
    await expect(source).toBeFocused();
  } finally {
    // Leave the library as it was: the other specs import this PDF themselves.
    await call(request, base, 'library.remove', { id: documentId });
  }
});

test('a citation chip of an extractive answer opens a DOCX as text with the passage highlighted', async ({ page, request }) => {
  const base = process.env.PHARE_E2E_NO_MODEL_URL!;
  const documentId = await ingestFile(request, base, corpusFile('office', 'docx', 'docx4j_sample-docx.docx'));
  try {
    await page.goto(base);
    await page.getByRole('button', { name: 'Chat' }).click();
    const text = await call<{ pages: Array<{ text: string }> }>(request, base, 'library.text', { id: documentId });
    // Ask with words of the document itself, so the extract certainly cites it.
    const words = text.pages.map((p) => p.text).join(' ').match(/\p{L}{5,}/gu)!.slice(0, 6).join(' ');
    const box = page.getByRole('textbox', { name: 'Your question' });
    await box.fill(words);
    await box.press('Enter');
    const message = page.getByTestId('chat-message').last();
    await expect(message).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

    const chip = message.getByTestId('answer-text').getByTestId('citation-chip').first();
    await chip.click();
    const viewer = page.getByTestId('document-viewer');
    await expect(viewer).toHaveAttribute('data-mode', 'text');
    await expect(viewer.getByTestId('viewer-page-label')).toContainText(/^Page \d+ of \d+$/);
    await expect(viewer.getByTestId('viewer-highlight')).toBeVisible();
    expect((await viewer.getByTestId('viewer-highlight').textContent())!.trim().length).toBeGreaterThan(0);
    await viewer.getByTestId('viewer-close').click();
    await expect(viewer).toBeHidden();
  } finally {
    await call(request, base, 'library.remove', { id: documentId });
  }
});
