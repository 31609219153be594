/// <reference types="node" />
/**
 * The main path with the keyboard alone (no click, no fill): add a file through the file picker
 * reached with Tab, ask a question, open a citation in the viewer and close it (the focus returns to
 * the citation), and rate the answer. Set-up and clean-up go through the API; the spec removes the
 * document, the conversation and its rating.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { call } from './support/coreApi';

const DOC = [
  '# Registre du phare des Baleines',
  '',
  'Le phare des Baleines est allumé chaque soir par le gardien, qui note l’heure dans le registre.',
  '',
  'En cas de panne de la lanterne, le gardien allume le feu de secours et prévient la capitainerie.',
].join('\n');

/** Presses Tab (or Shift+Tab) until the target has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 120 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

test('ingest, ask, open a citation and rate the answer with the keyboard alone', async ({ page, request, baseURL }, testInfo) => {
  test.setTimeout(240_000);
  const base = baseURL!;
  const file = testInfo.outputPath('registre-phare-clavier.md');
  writeFileSync(file, DOC);
  await call(request, base, 'settings.update', { threads: 1, maxTokens: 40 });
  const conversations: string[] = [];
  let documentId = '';
  try {
    await page.goto('/');
    await expect(page.getByTestId('status-connection')).toContainText('Connected');

    // The picker: its button is reached with Tab and opened with Enter.
    const pick = page.getByRole('button', { name: 'Add files…' });
    await tabTo(page, pick);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(file);
    const row = page.getByTestId('document-row').filter({ hasText: /registre-phare-clavier|Registre du phare des Baleines/ });
    await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
    documentId = (await call<Array<{ id: string; title: string; sourcePath: string }>>(request, base, 'library.list', {})).find(
      (d) => d.sourcePath.endsWith('registre-phare-clavier.md') || d.title.includes('Registre du phare des Baleines'),
    )!.id;

    // Ask: Alt+2 puts the focus in the question box.
    await page.keyboard.press('Alt+2');
    const box = page.getByRole('textbox', { name: 'Your question' });
    await expect(box).toBeFocused();
    await page.keyboard.type('Que fait le gardien du phare des Baleines en cas de panne de la lanterne ?');
    await page.keyboard.press('Enter');
    const message = page.getByTestId('chat-message').last();
    await expect(message).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    for (const c of await call<Array<{ id: string; title: string }>>(request, base, 'conversations.list', {})) {
      if (c.title.startsWith('Que fait le gardien du phare des Baleines')) conversations.push(c.id);
    }

    // A citation, reached backwards from the question box, opens the viewer; Esc closes it and the focus comes back.
    const source = message.getByTestId('source-chip').first();
    await expect(source).toBeVisible();
    await tabTo(page, source, { backwards: true });
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog');
    await expect(viewer).toBeVisible();
    await expect(viewer.getByTestId('text-page').or(viewer.locator('canvas')).first()).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
    await expect(source).toBeFocused();

    // Rate it: Tab to the thumb, Space presses it, the rating is saved.
    const up = message.getByRole('button', { name: 'Useful answer', exact: true });
    await tabTo(page, up);
    await page.keyboard.press('Space');
    await expect(up).toHaveAttribute('aria-pressed', 'true');
    await expect(message.getByTestId('feedback')).toHaveAttribute('data-saved', 'true');
    await expect(message.getByTestId('feedback')).toHaveAttribute('data-thumbs', 'up');
  } finally {
    for (const id of conversations) await call(request, base, 'conversations.remove', { id, keepFeedback: false });
    if (documentId) await call(request, base, 'library.remove', { id: documentId });
  }
});
