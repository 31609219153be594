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

interface Chunk {
  text: string;
  pageStart: number;
  pageEnd: number;
}

/** Letters and digits only, accents and case folded: the text layer and ingestion split and clean text differently. */
const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The text cut in pieces of 16 folded characters. */
function pieces(text: string): string[] {
  const folded = fold(text);
  const out: string[] = [];
  for (let i = 0; i + 16 <= folded.length; i += 16) out.push(folded.slice(i, i + 16));
  return out;
}

/** Share of `of`'s pieces found in `within` (1 when `of` has none). */
function shareIn(of: string[], within: string): number {
  return of.length ? of.filter((p) => within.includes(p)).length / of.length : 1;
}

/** The first source of the answer to `question`, read back from the conversations, with its chunk. */
async function firstSourceOf(request: APIRequestContext, base: string, question: string): Promise<{ page: number; chunk: Chunk }> {
  const conversations = await call<Array<{ id: string }>>(request, base, 'conversations.list', {});
  for (const { id } of conversations) {
    const { messages } = await call<{ messages: Array<{ id: string; role: string; content: string; replyTo: string | null; answer: { sources: Array<{ chunkId: string; page: number }> } | null }> }>(request, base, 'conversations.get', { id });
    const asked = messages.filter((m) => m.role === 'user' && m.content === question).at(-1);
    const answer = asked && messages.find((m) => m.replyTo === asked.id && m.answer);
    if (answer?.answer?.sources.length) {
      const [source] = answer.answer.sources;
      return { page: source.page, chunk: await call<Chunk>(request, base, 'library.chunk', { id: source.chunkId }) };
    }
  }
  throw new Error(`no answer with sources to "${question}"`);
}

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
    const question = 'How does TraceMonkey record and compile hot loops with trace trees?';
    const box = page.getByRole('textbox', { name: 'Your question' });
    await box.fill(question);
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
    // What is highlighted is the cited chunk: nearly all of it that is on this page, and little else
    // (the first and last text runs may reach beyond the passage).
    const cited = await firstSourceOf(request, base, question);
    expect(cited.page).toBe(citedPage);
    const pageText = fold((await call<{ pages: Array<{ text: string }> }>(request, base, 'library.text', { id: documentId })).pages[citedPage - 1].text);
    const chunkOnPage = pieces(cited.chunk.text).filter((p) => pageText.includes(p));
    expect(chunkOnPage.length).toBeGreaterThan(3);
    const highlighted = (await viewer.locator('.textLayer .viewer-highlight').allTextContents()).join(' ');
    expect(shareIn(chunkOnPage, fold(highlighted)), 'share of the chunk highlighted').toBeGreaterThanOrEqual(0.8);
    expect(shareIn(pieces(highlighted), fold(cited.chunk.text)), 'share of the highlight in the chunk').toBeGreaterThanOrEqual(0.8);

    // Keyboard: pages, zoom, and Esc.
    const next = citedPage < 14 ? citedPage + 1 : citedPage - 1;
    await page.keyboard.press(citedPage < 14 ? 'PageDown' : 'PageUp');
    await expect(viewer.getByTestId('viewer-page-label')).toHaveText(`Page ${next} of 14`);
    await page.keyboard.press(citedPage < 14 ? 'ArrowLeft' : 'ArrowRight');
    await expect(viewer.getByTestId('viewer-page-label')).toHaveText(`Page ${citedPage} of 14`);
    const zoomBefore = await viewer.getByTestId('viewer-zoom').textContent();
    await page.keyboard.press('+');
    await expect(viewer.getByTestId('viewer-zoom')).not.toHaveText(zoomBefore!);

    // Find on the drawn page: the viewer stays on the PDF, goes to the first page holding the words and
    // marks them in the text layer; the next match is marked as the current one in its turn.
    const texts = (await call<{ pages: Array<{ page: number; text: string }> }>(request, base, 'library.text', { id: documentId })).pages;
    const holding = texts.filter((p) => /trace\s+monitor/i.test(p.text)).map((p) => p.page);
    expect(holding.length).toBeGreaterThan(1);
    await page.keyboard.press('Control+f');
    await page.keyboard.type('trace monitor');
    await expect(viewer.getByTestId('viewer-find-count')).toHaveText(/^1 of \d+$/);
    await expect(viewer).toHaveAttribute('data-mode', 'pdf');
    await expect(viewer.getByTestId('viewer-page-label')).toHaveText(`Page ${holding[0]} of 14`);
    await expect(viewer.locator('.textLayer .find-current').first()).toBeVisible({ timeout: 30_000 });
    expect(fold((await viewer.locator('.textLayer .find-current').allTextContents()).join(''))).toContain('tracemonitor');
    await page.keyboard.press('Enter');
    await expect(viewer.getByTestId('viewer-find-count')).toHaveText(/^2 of \d+$/);
    await expect(viewer.locator('.textLayer .find-current').first()).toBeVisible({ timeout: 30_000 });
    await expect(viewer).toHaveAttribute('data-mode', 'pdf');
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
    // The highlight is the cited chunk's text on that page.
    const cited = await firstSourceOf(request, base, words);
    const highlighted = (await viewer.getByTestId('viewer-highlight').allTextContents()).join(' ');
    const chunkPieces = pieces(cited.chunk.text);
    expect(chunkPieces.length).toBeGreaterThan(0);
    expect(shareIn(chunkPieces, fold(highlighted)), 'share of the chunk highlighted').toBeGreaterThanOrEqual(0.8);
    expect(shareIn(pieces(highlighted), fold(cited.chunk.text)), 'share of the highlight in the chunk').toBeGreaterThanOrEqual(0.8);
    await viewer.getByTestId('viewer-close').click();
    await expect(viewer).toBeHidden();
  } finally {
    await call(request, base, 'library.remove', { id: documentId });
  }
});
