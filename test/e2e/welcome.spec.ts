/// <reference types="node" />
/**
 * First start: a welcome at the top of the Library says what Phare does, where its data lives (the
 * data folder app.info reports) and offers the three first steps; it is not a dialog (the page stays
 * usable), it can be hidden with the keyboard, and stays hidden. An empty conversation says what is
 * missing: documents, or a chat model (on the second server, which has none).
 */
import { expect, test } from '@playwright/test';
import { call } from './support/coreApi';

test('the welcome says what Phare does, where the data lives, offers the first steps, and stays hidden once hidden', async ({ page, request, baseURL }) => {
  const info = await call<{ dataDir: string }>(request, baseURL!, 'app.info', {});
  await page.goto('/');
  const welcome = page.getByRole('region', { name: 'Welcome to Phare' });
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('answers your questions from your own documents');
  await expect(welcome.getByTestId('welcome-data-dir')).toHaveText(info.dataDir);
  // Not a modal: the rest of the screen is there and usable.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add files…' })).toBeEnabled();

  // The three steps, in order, each with its button.
  const steps = welcome.getByRole('list', { name: 'First steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0).getByRole('heading')).toHaveText('Add your documents');
  await expect(steps.nth(1).getByRole('heading')).toHaveText('Get a chat model');
  await expect(steps.nth(2).getByRole('heading')).toHaveText('Ask');
  // This server has a chat model set up (loaded at the first question): the step says so.
  await expect(steps.nth(1)).toContainText('A chat model is set up');
  // The first opens the file picker; the others go to their screen.
  const chooser = page.waitForEvent('filechooser');
  await welcome.getByRole('button', { name: 'Add documents' }).click();
  expect((await chooser).isMultiple()).toBe(true);
  await welcome.getByRole('button', { name: 'Open Models' }).click();
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await page.getByRole('region', { name: 'Welcome to Phare' }).getByRole('button', { name: 'Start a conversation' }).click();
  await expect(page.getByRole('textbox', { name: 'Your question' })).toBeVisible();
  // A model set up, even not loaded yet, is not reported missing.
  await expect(page.getByTestId('chat-empty')).toBeVisible();
  await expect(page.getByTestId('chat-empty-model')).toHaveCount(0);
  await page.keyboard.press('Alt+1');

  // Hidden from the keyboard; the focus lands on the screen's title, and the choice is remembered.
  const hide = page.getByRole('button', { name: 'Hide this welcome' });
  await hide.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('welcome')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
  await expect(page.getByTestId('welcome')).toHaveCount(0);
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });

  test('the welcome speaks French', async ({ page }) => {
    await page.goto('/');
    const welcome = page.getByRole('region', { name: 'Bienvenue dans Phare' });
    await expect(welcome).toBeVisible();
    await expect(welcome).toContainText('dossier de données');
    await expect(welcome.getByRole('button', { name: 'Ajouter des documents' })).toBeVisible();
    await expect(welcome.getByRole('button', { name: 'Ouvrir Modèles' })).toBeVisible();
    await expect(welcome.getByRole('button', { name: 'Commencer une conversation' })).toBeVisible();
    await expect(welcome.getByRole('button', { name: 'Masquer cet accueil' })).toBeVisible();
  });
});

test.describe('without a chat model', () => {
  test.use({ baseURL: process.env.PHARE_E2E_NO_MODEL_URL });

  test('an empty conversation says a model is missing, and whether documents are', async ({ page, request, baseURL }) => {
    await page.goto('/');
    await expect(page.getByTestId('status-chat')).toContainText('none');
    const documents = await call<Array<{ status: string }>>(request, baseURL!, 'library.list', {});
    await page.keyboard.press('Alt+2');
    const empty = page.getByTestId('chat-empty');
    await expect(empty).toContainText('Ask a question about your documents');
    await expect(empty.getByTestId('chat-empty-model')).toContainText('No chat model is loaded');
    // This spec does not control the second server's library: the line follows what it holds.
    await expect(empty.getByTestId('chat-empty-documents')).toHaveCount(documents.some((d) => d.status === 'ready') ? 0 : 1);
    await empty.getByRole('button', { name: 'Open Models' }).click();
    await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  });
});

test.describe('empty screens', () => {
  test.use({ baseURL: process.env.PHARE_E2E_NO_MODEL_URL });

  test('Quality with no run and Monitoring with no data say what brings them', async ({ page, request, baseURL }) => {
    // The spec does not control this server's history: each line is checked when its screen is empty.
    const runs = await call<unknown[]>(request, baseURL!, 'quality.runs', {});
    await page.goto('/');
    await page.keyboard.press('Alt+6');
    await page.getByRole('tab', { name: 'Runs and schedule' }).click();
    if (runs.length === 0) await expect(page.getByText('No analysis has run yet.')).toContainText('press “Run now” above');
    else await expect(page.getByText('No analysis has run yet.')).toHaveCount(0);

    await page.keyboard.press('Alt+7');
    await expect(page.getByRole('heading', { name: 'Monitoring', level: 1 })).toBeVisible();
    const empties = page.locator('[data-testid^="chart-empty-"]');
    await page.waitForTimeout(500);
    for (const empty of await empties.all()) await expect(empty).toHaveText(/^No data yet for this range\. Figures come in as documents are added and questions asked; try a longer range\.$/);
  });
});
