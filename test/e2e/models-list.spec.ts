/// <reference types="node" />
/**
 * The Models screen lists its models at once and fills in each row's fit after (issue 12, "Wrong 6"):
 * the rows come from `models.list` (headers only), each fit from `models.fit`, row by row, shown
 * "estimating…" meanwhile; in English and in French. Adds nothing to the library.
 */
import { expect, test, type Page } from '@playwright/test';

async function openModels(page: Page, heading: string) {
  await page.goto('/');
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
}

for (const { locale, heading, estimating, fitted } of [
  { locale: 'en-US', heading: 'Models', estimating: 'estimating…', fitted: /^(fits|tight|too large)$/ },
  { locale: 'fr-FR', heading: 'Modèles', estimating: 'estimation…', fitted: /^(tient|juste|trop gros)$/ },
]) {
  test.describe(locale, () => {
    test.use({ locale });

    test('rows at once, each fit after', async ({ page }) => {
      // The list call answers without estimating: every row's fit comes from its own call after.
      const fitCalls: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/call/models.fit')) fitCalls.push(r.url());
      });
      const listed = page.waitForResponse((r) => r.url().endsWith('/api/call/models.list'));
      await openModels(page, heading);
      const list = (await (await listed).json()) as { value: Array<{ fit: unknown; error: unknown }> };
      const usable = list.value.filter((m) => !m.error);
      expect(usable.length).toBeGreaterThanOrEqual(2);
      expect(usable.every((m) => m.fit === null)).toBe(true);

      const fits = page.getByTestId('fit');
      await expect(fits).toHaveCount(usable.length);
      for (let i = 0; i < usable.length; i++) {
        await expect(fits.nth(i)).not.toHaveAttribute('data-fit', 'estimating', { timeout: 60_000 });
        await expect(fits.nth(i)).toHaveText(fitted);
        await expect(fits.nth(i)).not.toHaveText(estimating);
      }
      expect(fitCalls.length).toBeGreaterThanOrEqual(usable.length);
    });
  });
}
