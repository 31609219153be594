/// <reference types="node" />
/**
 * An answer without a model shows its passages once (in the body, cited; not again under Sources), and its
 * labels follow the UI's language whatever the question's: a French question in the English UI shows
 * no French UI text, and the French UI labels the same answer in French. Runs against the second
 * server (no chat model); the spec ingests its own document and removes it.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { call } from './support/coreApi';

test.use({ baseURL: process.env.PHARE_E2E_NO_MODEL_URL });

const DOC = [
  '# Consignes du gardien de phare',
  '',
  'Le gardien de phare allume la lanterne chaque soir au coucher du soleil et la surveille toute la nuit.',
  '',
  'Par temps de brouillard, le gardien de phare déclenche la corne de brume toutes les trente secondes.',
  '',
  'Le gardien de phare consigne chaque nuit dans le registre les navires aperçus et la météo.',
].join('\n');

test('the answer without a model lists its passages once, labelled in the UI language', async ({ page, request, baseURL }, testInfo) => {
  const base = baseURL!;
  const file = testInfo.outputPath('consignes-gardien-extractive.md');
  writeFileSync(file, DOC);
  let documentId = '';
  const conversations: string[] = [];
  try {
    await call(request, base, 'library.ingestPaths', { paths: [file] });
    await expect
      .poll(async () => (await call<Array<{ id: string; sourcePath: string; status: string }>>(request, base, 'library.list', {})).find((d) => d.sourcePath === file)?.status, {
        timeout: 60_000,
      })
      .toBe('ready');
    documentId = (await call<Array<{ id: string; sourcePath: string }>>(request, base, 'library.list', {})).find((d) => d.sourcePath === file)!.id;

    await page.goto('/');
    await page.keyboard.press('Alt+2');
    const box = page.getByRole('textbox', { name: 'Your question' });
    await box.fill('Que fait le gardien de phare par temps de brouillard ?');
    await box.press('Enter');
    const message = page.getByTestId('chat-message').last();
    await expect(message).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    for (const c of await call<Array<{ id: string; title: string }>>(request, base, 'conversations.list', {})) {
      if (c.title.startsWith('Que fait le gardien')) conversations.push(c.id);
    }

    await expect(message.getByTestId('extractive-label')).toHaveText('Answer without a model: the most relevant passages');
    // The UI's text is English; the question's language does not leak into it.
    await expect(message).not.toContainText('Aucun modèle');
    await expect(message).not.toContainText('No chat model is configured');
    // Each passage shows once, in the body with its citation chip; the Sources list where they come from.
    await expect(message.getByTestId('answer-text').getByTestId('citation-chip').first()).toBeVisible();
    await expect(message.getByTestId('source-item').first()).toBeVisible();
    await expect(message.locator('.source-snippet')).toHaveCount(0);
    // What is on screen (the chips' pop-ups, shown on hover, are not).
    const text = await message.evaluate((el) => (el as HTMLElement).innerText);
    for (const sentence of ['corne de brume toutes les trente secondes', 'allume la lanterne chaque soir', 'consigne chaque nuit dans le registre']) {
      expect(text.split(sentence).length - 1, sentence).toBeLessThanOrEqual(1);
    }
    expect(text.split('corne de brume toutes les trente secondes').length - 1).toBe(1);

    // The same answer in the French UI: French labels.
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect(message.getByTestId('extractive-label')).toHaveText('Réponse sans modèle : les passages les plus pertinents');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  } finally {
    for (const id of conversations) await call(request, base, 'conversations.remove', { id });
    if (documentId) await call(request, base, 'library.remove', { id: documentId });
  }
});
