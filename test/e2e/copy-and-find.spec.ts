/// <reference types="node" />
/**
 * What users of other local AI apps expect: copy an answer without its citations or with its sources,
 * copy a source's whole passage (each says "Copied"), open a document from the Library in the viewer,
 * and find in it (count, next / previous with wrap-around, highlighted matches, Enter and Shift+Enter,
 * Ctrl+F), with no serious axe violation in those states. Runs on the second server (no chat model: the answer is deterministic, its passages cited);
 * the spec ingests its own document and removes it and its conversation.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { isSeriousOrWorse, scanAccessibility, type AxeViolation } from './support/axe';
import { call } from './support/coreApi';

test.use({ baseURL: process.env.PHARE_E2E_NO_MODEL_URL });

const TITLE = 'Consignes du gardien (copie et recherche)';
const DOC = [
  `# ${TITLE}`,
  '',
  'Le gardien allume la lanterne chaque soir au coucher du soleil et la surveille toute la nuit.',
  '',
  'Par temps de brouillard, le gardien déclenche la corne de brume toutes les trente secondes.',
  '',
  'Chaque matin, le GARDIEN consigne dans le registre les navires aperçus et la météo de la nuit.',
].join('\n');

test('copy an answer and a passage, open a document from the Library and find in it', async ({ page, context, request, baseURL }, testInfo) => {
  const base = baseURL!;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const file = testInfo.outputPath('consignes-gardien-copie.md');
  writeFileSync(file, DOC);
  let documentId = '';
  const conversations: string[] = [];
  try {
    await call(request, base, 'library.ingestPaths', { paths: [file] });
    const find = async () => (await call<Array<{ id: string; sourcePath: string; status: string; title: string }>>(request, base, 'library.list', {})).find((d) => d.sourcePath === file);
    await expect.poll(async () => (await find())?.status, { timeout: 60_000 }).toBe('ready');
    const record = (await find())!;
    documentId = record.id;

    // An answer: copied without citations, then with its sources.
    await page.goto('/');
    await page.keyboard.press('Alt+2');
    const box = page.getByRole('textbox', { name: 'Your question' });
    await box.fill('Que fait le gardien par temps de brouillard ?');
    await box.press('Enter');
    const message = page.getByTestId('chat-message').last();
    await expect(message).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    for (const c of await call<Array<{ id: string; title: string }>>(request, base, 'conversations.list', {})) {
      if (c.title.startsWith('Que fait le gardien')) conversations.push(c.id);
    }
    const stored = await call<{ messages: Array<{ role: string; content: string; answer: { sources: Array<{ n: number; title: string; page: number; chunkId: string }> } | null }> }>(
      request,
      base,
      'conversations.get',
      { id: conversations[0] },
    );
    const reply = stored.messages.filter((m) => m.role === 'assistant').pop()!;
    const sources = reply.answer!.sources;
    expect(sources.length).toBeGreaterThan(0);

    const actions = message.getByRole('group', { name: 'Answer actions' });
    await actions.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(message.getByTestId('answer-copy-status')).toHaveText('Copied');
    const plain = await clipboard();
    expect(plain).toContain('brouillard');
    expect(plain).not.toMatch(/\[\d+\]/);

    await actions.getByRole('button', { name: 'Copy with sources' }).click();
    await expect(message.getByTestId('answer-copy-sources-status')).toHaveText('Copied');
    const withSources = await clipboard();
    expect(withSources.startsWith(reply.content.trim())).toBe(true);
    expect(withSources).toContain(`\n\nSources\n[1] ${sources[0].title}, page ${sources[0].page}`);

    // A source's whole passage (not the cut snippet).
    await message.getByTestId('source-item').first().getByRole('button', { name: 'Copy the passage' }).click();
    await expect(message.getByTestId('source-item').first().getByTestId('source-copy-status')).toHaveText('Copied');
    const chunk = await call<{ text: string }>(request, base, 'library.chunk', { id: sources[0].chunkId });
    expect(await clipboard()).toBe(chunk.text);
    const violations: AxeViolation[] = await scanAccessibility(page, 'answer copied');

    // The Library opens the document in the viewer, from its details.
    await page.keyboard.press('Alt+1');
    await page.getByTestId('document-row').filter({ hasText: record.title }).locator('.doc-open').click();
    await page.getByRole('button', { name: 'Open in the viewer' }).click();
    const viewer = page.getByRole('dialog', { name: record.title });
    await expect(viewer).toBeVisible();
    await expect(viewer.getByTestId('text-page')).toContainText('corne de brume');

    // Find: Ctrl+F goes to the box; every match is counted (case ignored) and highlighted, the current one marked.
    await page.keyboard.press('Control+f');
    const findBox = viewer.getByRole('searchbox', { name: 'Find in the document' });
    await expect(findBox).toBeFocused();
    await page.keyboard.type('gardien');
    const count = viewer.getByTestId('viewer-find-count');
    await expect(count).toHaveText('1 of 4');
    const matches = viewer.getByTestId('viewer-find-match');
    await expect(matches).toHaveCount(4);
    await expect(matches.nth(0)).toHaveAttribute('data-current', 'true');
    await expect(matches.nth(3)).toHaveText('GARDIEN');
    violations.push(...(await scanAccessibility(page, 'viewer opened from the Library, finding')));
    expect(violations.filter(isSeriousOrWorse)).toEqual([]);
    // The names of the new controls are their visible text.
    expect(violations.filter((v) => v.rule === 'label-content-name-mismatch')).toEqual([]);
    await page.keyboard.press('Enter');
    await expect(count).toHaveText('2 of 4');
    await expect(matches.nth(1)).toHaveAttribute('data-current', 'true');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Shift+Enter');
    await expect(count).toHaveText('4 of 4');
    await viewer.getByRole('button', { name: 'Next match' }).click();
    await expect(count).toHaveText('1 of 4');
    await viewer.getByRole('button', { name: 'Previous match' }).click();
    await expect(count).toHaveText('4 of 4');
    // Arrows edit the query, they do not turn the page; nothing found says so.
    await findBox.fill('phare de Cordouan');
    await expect(count).toHaveText('No match');
    await expect(matches).toHaveCount(0);
    await expect(viewer.getByRole('button', { name: 'Next match' })).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
  } finally {
    for (const id of conversations) await call(request, base, 'conversations.remove', { id });
    if (documentId) await call(request, base, 'library.remove', { id: documentId });
  }
});
