/// <reference types="node" />
/**
 * The conversation list groups conversations by day (Today, Yesterday, earlier dates: the grouping of
 * older days is checked in conversationDays.test.ts, as a spec cannot date a conversation), shows each
 * one's time, cuts long titles to one line with the whole title on hover and in the accessible name,
 * and keeps the model-alone badge and the menu of named actions. The spec removes what it adds.
 */
import { expect, test } from '@playwright/test';
import { call } from './support/coreApi';

const LONG = 'Quelles sont les obligations du gardien de phare en cas de tempête, de brouillard épais et de panne de la lanterne principale la nuit';

test('conversations are grouped by day, dated, and their long titles stay whole for hover and screen readers', async ({ page, request, baseURL }) => {
  const base = baseURL!;
  const ids: string[] = [];
  try {
    const long = await call<{ id: string; updatedAt: string }>(request, base, 'conversations.create', { title: LONG });
    ids.push(long.id);
    const alone = await call<{ id: string }>(request, base, 'conversations.create', { title: 'Model alone, grouped too', mode: 'model' });
    ids.push(alone.id);

    await page.goto('/');
    await page.keyboard.press('Alt+2');
    const list = page.getByTestId('conversation-list');
    const today = list.getByRole('list', { name: 'Today' });
    await expect(list.getByRole('heading', { name: 'Today', level: 3 })).toBeVisible();

    const item = today.locator(`[data-conversation-id="${long.id}"]`);
    await expect(item).toBeVisible();
    const open = item.locator('.conversation-open');
    // Cut on screen (one line, narrower than its text), whole in the tooltip and in the accessible name.
    const title = open.locator('.conversation-title');
    expect(await title.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await expect(open).toHaveAttribute('title', LONG);
    await expect(open).toHaveAccessibleName(new RegExp(`^${LONG}`));
    // The time of the last activity, as a machine-readable date.
    const time = item.getByTestId('conversation-time');
    await expect(time).toHaveAttribute('datetime', long.updatedAt);
    await expect(time).toHaveText(/^\d{2}:\d{2}$/);

    // The model-alone badge and the menu of named actions are kept.
    const aloneItem = today.locator(`[data-conversation-id="${alone.id}"]`);
    await expect(aloneItem.getByTestId('conversation-model-only')).toHaveText('Model alone');
    await aloneItem.getByTestId('conversation-menu').click();
    await expect(aloneItem.getByRole('menuitem', { name: 'Export as Markdown' })).toBeVisible();
    await page.keyboard.press('Escape');

    // In French, the day is named in French.
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect(list.getByRole('heading', { name: 'Aujourd’hui', level: 3 })).toBeVisible();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  } finally {
    for (const id of ids) await call(request, base, 'conversations.remove', { id });
  }
});
