/**
 * The Settings screen against `phare serve`: changed answer and ingestion settings are saved by the
 * core and still there after a reload; an invalid value is explained next to its field and blocks
 * saving; reset brings the shared defaults back after a confirmation; the screen speaks French.
 * The test ends on the defaults, so specs run after it see the library's usual settings.
 */
import { expect, test, type Page } from '@playwright/test';

async function openSettings(page: Page, navLabel: string) {
  await page.getByRole('navigation').getByRole('button', { name: navLabel }).click();
  await expect(page.getByTestId('settings-state')).toBeVisible();
}

test.describe('with an English browser', () => {
  test.use({ locale: 'en-US' });

  test('saves, keeps after a reload, refuses invalid values, resets to defaults', async ({ page }) => {
    await page.goto('/');
    await openSettings(page, 'Settings');
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeFocused();
    const state = page.getByTestId('settings-state');
    const save = page.getByRole('button', { name: 'Save', exact: true });
    const temperature = page.getByLabel('Temperature', { exact: true });
    const chunkSize = page.getByLabel('Passage size (characters)', { exact: true });
    await expect(state).toHaveText('Saved');
    await expect(temperature).toHaveValue('0.2');
    await expect(chunkSize).toHaveValue('1200');
    await expect(save).toBeDisabled();
    await expect(page.getByTestId('settings-applies')).toContainText('ingested from now on');

    // Two changes, the unsaved mark, then Enter in a field saves them.
    await temperature.fill('0.7');
    await chunkSize.fill('800');
    await expect(state).toHaveText('Unsaved changes');
    await expect(save).toBeEnabled();
    await chunkSize.press('Enter');
    await expect(page.getByTestId('settings-outcome')).toHaveText('Settings saved.');
    await expect(state).toHaveText('Saved');
    await expect(temperature).toHaveValue('0.7');
    await expect(chunkSize).toHaveValue('800');

    // Saved by the core: a fresh page reads them back.
    await page.reload();
    await openSettings(page, 'Settings');
    await expect(temperature).toHaveValue('0.7');
    await expect(chunkSize).toHaveValue('800');
    await expect(page.getByLabel('Number of sources', { exact: true })).toHaveValue('6');

    // Invalid values: explained at the field, marked, and Save (and Enter) do nothing.
    await temperature.fill('3');
    await expect(page.getByTestId('setting-temperature')).toContainText('Enter a number from 0 to 2.');
    await expect(temperature).toHaveAttribute('aria-invalid', 'true');
    await expect(save).toBeDisabled();
    await chunkSize.fill('50');
    await expect(page.getByTestId('setting-chunkSize')).toContainText('Enter 100 or more.');
    await temperature.press('Enter');
    await expect(page.getByTestId('settings-outcome')).toHaveText('Correct the fields marked in red to save.');
    await temperature.fill('1');
    await chunkSize.fill('800');
    await expect(save).toBeEnabled();
    const languages = page.getByTestId('setting-ocrLanguages');
    await languages.getByRole('checkbox', { name: /French/ }).uncheck();
    await languages.getByRole('checkbox', { name: /English/ }).uncheck();
    await expect(languages).toContainText('Choose at least one language.');
    await expect(save).toBeDisabled();
    await languages.getByRole('checkbox', { name: /French/ }).check();
    await expect(save).toBeEnabled();

    // Reset asks first; cancelling keeps the edits, confirming restores the defaults (and drops the edits).
    await page.getByRole('button', { name: 'Reset to defaults…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset to the default settings?' });
    await expect(dialog).toContainText('Temperature 0.2');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(temperature).toHaveValue('1');
    await page.getByRole('button', { name: 'Reset to defaults…' }).click();
    await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(page.getByTestId('settings-outcome')).toHaveText('Default settings restored.');
    await expect(temperature).toHaveValue('0.2');
    await expect(chunkSize).toHaveValue('1200');
    await expect(languages.getByRole('checkbox', { name: /English/ })).toBeChecked();
    await expect(state).toHaveText('Saved');
    await page.reload();
    await openSettings(page, 'Settings');
    await expect(temperature).toHaveValue('0.2');
  });
});

test.describe('with a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('labels, explanations and errors in French; a decimal comma is read', async ({ page }) => {
    await page.goto('/');
    await openSettings(page, 'Réglages');
    await expect(page.getByRole('heading', { name: 'Réglages', level: 1 })).toBeVisible();
    const temperature = page.getByLabel('Température', { exact: true });
    await expect(temperature).toHaveValue('0,2');
    await expect(page.getByLabel('Taille des passages (caractères)', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Nombre de sources', { exact: true })).toBeVisible();
    await expect(page.getByTestId('setting-ocrMode')).toContainText('Reconnaissance de texte (OCR)');
    await expect(page.getByTestId('settings-applies')).toContainText('à partir de maintenant');

    const save = page.getByRole('button', { name: 'Enregistrer', exact: true });
    await temperature.fill('2,5');
    await expect(page.getByTestId('setting-temperature')).toContainText('Saisissez un nombre compris entre 0 et 2.');
    await expect(save).toBeDisabled();
    await temperature.fill('0,5');
    await expect(page.getByTestId('settings-state')).toHaveText('Modifications non enregistrées');
    await expect(save).toBeEnabled();
  });
});
