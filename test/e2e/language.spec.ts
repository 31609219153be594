/**
 * The UI speaks French and English: French first when the browser is French, and the switch changes
 * every string at once and is remembered.
 */
import { expect, test } from '@playwright/test';

test.describe('with an English browser', () => {
  test.use({ locale: 'en-US' });

  test('switches to French and back, and remembers the choice', async ({ page }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('button', { name: 'Library' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect(nav.getByRole('button', { name: 'Bibliothèque' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Bibliothèque' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('button', { name: 'FR', exact: true })).toHaveAttribute('aria-pressed', 'true');

    await page.reload();
    await expect(nav.getByRole('button', { name: 'Bibliothèque' })).toBeVisible();

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(nav.getByRole('button', { name: 'Library' })).toBeVisible();
  });
});

test.describe('with a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('starts in French', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('navigation').getByRole('button', { name: 'Bibliothèque' })).toBeVisible();
    await expect(page.getByText('La bibliothèque est vide', { exact: false })).toBeVisible();
  });
});
