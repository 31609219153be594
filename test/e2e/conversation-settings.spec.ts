/// <reference types="node" />
/**
 * What users of other local AI apps expect: move a document to a new collection from its details and
 * give that collection instructions; a conversation with the model alone, marked as such and without
 * sources; a library conversation's own instructions and number of sources (validated in the dialog,
 * then used: read back from the answer's trace); on the server without a chat model, the model alone
 * says one is needed, in the UI's language. The specs share one library: everything this one adds
 * (the document, its collection, the conversations) is removed at the end, and the settings it changes
 * are put back.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { call } from './support/coreApi';

/** axe-core on the parts this spec adds to the page (with the name-versus-visible-text rule): serious or critical violations, as `rule: targets`. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .include(selector)
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'label-content-name-mismatch')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

interface Summary {
  id: string;
  title: string;
  mode: 'library' | 'model';
  collection: string | null;
  instructions: string | null;
  topK: number | null;
}

test('model alone, conversation settings, and moving a document to a new collection', async ({ page, request, baseURL }) => {
  const base = baseURL!;
  const stamp = Date.now().toString(36);
  const title = `Balises cardinales ${stamp}`;
  const collection = `Signalisation ${stamp}`;
  const staging = `Tri ${stamp}`;
  const settingsBefore = await call<{ threads: number; maxTokens: number }>(request, base, 'settings.get', {});
  const conversationsBefore = new Set((await call<Summary[]>(request, base, 'conversations.list', {})).map((c) => c.id));
  // One thread and short answers: the tiny model writes nonsense, only the behaviour is checked.
  await call(request, base, 'settings.update', { threads: 1, maxTokens: 24 });
  try {
    await page.goto('/');
    await expect(page.getByTestId('status-connection')).toContainText('Connected');

    // A document in the default collection, moved from its details to a new collection.
    await page.getByTestId('file-input').setInputFiles({
      name: `balises-${stamp}.md`,
      mimeType: 'text/markdown',
      buffer: Buffer.from(`# ${title}\n\nLa balise cardinale nord porte deux cônes pointe en haut ; la balise sud, deux cônes pointe en bas.\n`),
    });
    const row = page.getByTestId('document-row').filter({ hasText: title });
    await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    // First from its row, to a new collection: named by its visible text, focus back on it after.
    const rowMove = row.getByRole('button', { name: 'Move…', exact: true });
    await rowMove.click();
    const fromRow = page.getByRole('dialog', { name: `Move “${title}”` });
    await fromRow.getByLabel('Collection', { exact: true }).selectOption({ label: 'New collection…' });
    await fromRow.getByLabel('Name of the new collection').fill(staging);
    await fromRow.getByRole('button', { name: 'Move' }).click();
    await expect(fromRow).toBeHidden();
    await expect(rowMove).toBeFocused();
    await expect(row).toContainText(staging);
    await expect(page.getByTestId('collections').getByTestId('collection').filter({ hasText: staging })).toBeVisible();
    // The row's title opens its details (its first button).
    await row.locator('[data-row-focus]').click();
    const detail = page.getByTestId('document-detail');
    await expect(detail.getByRole('heading', { name: title })).toBeVisible();
    const moveButton = detail.getByRole('button', { name: 'Move to another collection' });
    await moveButton.click();
    const moveDialog = page.getByRole('dialog', { name: `Move “${title}”` });
    await expect(moveDialog).toBeVisible();
    await expect(moveDialog.getByLabel('Collection', { exact: true })).toBeFocused();
    await moveDialog.getByLabel('Collection', { exact: true }).selectOption({ label: 'New collection…' });
    // Validated before it is sent: a name is required.
    await moveDialog.getByRole('button', { name: 'Move' }).click();
    await expect(moveDialog.getByText('Type a name for the new collection.')).toBeVisible();
    await expect(moveDialog.getByLabel('Name of the new collection')).toBeFocused();
    expect(await seriousViolations(page, '[data-testid="move-document-dialog"]')).toEqual([]);
    await moveDialog.getByLabel('Name of the new collection').fill(collection);
    await moveDialog.getByLabel('Name of the new collection').press('Enter');
    await expect(moveDialog).toBeHidden();
    // The focus is back where it was, and the details say where the document is now.
    await expect(moveButton).toBeFocused();
    await expect(detail.getByText(collection, { exact: true })).toBeVisible();
    // Emptied, the collection it left is gone (it had no instructions to keep it).
    await expect(page.getByTestId('collections').getByTestId('collection').filter({ hasText: staging })).toHaveCount(0);

    const sidebar = page.getByTestId('collections');
    const entry = sidebar.getByTestId('collection').filter({ hasText: collection });
    await expect(entry).toContainText('1');
    await entry.getByRole('button', { name: new RegExp(`^${collection}`) }).click();
    await expect(page.getByTestId('document-row')).toHaveCount(1);
    await expect(page.getByTestId('document-row')).toContainText(title);

    // The collection's instructions, from the sidebar.
    const instructionsButton = entry.getByRole('button', { name: 'Instructions', exact: true });
    await instructionsButton.click();
    const instructionsDialog = page.getByRole('dialog', { name: `Instructions for “${collection}”` });
    await expect(instructionsDialog.getByLabel('Instructions', { exact: true })).toBeFocused();
    await instructionsDialog.getByLabel('Instructions', { exact: true }).fill('Réponds comme un pilote de port.');
    expect(await seriousViolations(page, '[data-testid="collection-instructions-dialog"]')).toEqual([]);
    await instructionsDialog.getByRole('button', { name: 'Save' }).click();
    await expect(instructionsDialog).toBeHidden();
    await expect(instructionsButton).toBeFocused();
    await expect(entry.getByTestId('collection-has-instructions')).toBeVisible();
    expect(await seriousViolations(page, '[data-testid="collections"]')).toEqual([]);

    // A conversation with the model alone: chosen when starting it, marked, answers without sources.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Chat', exact: true }).click();
    await page.getByTestId('conversation-new').click();
    await page.getByRole('radio', { name: 'With the model alone' }).check();
    await expect(page.getByTestId('model-only-banner')).toBeVisible();
    await expect(page.locator('.conversation .empty')).toContainText('Your documents are not searched');
    await expect(page.getByTestId('conversation-scope')).toBeHidden();
    const box = page.getByRole('textbox', { name: 'Your question' });
    const modelQuestion = `What do cardinal marks look like? ${stamp}`;
    await box.fill(modelQuestion);
    await box.press('Enter');
    const modelAnswer = page.getByTestId('chat-message').last();
    await expect(modelAnswer).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(modelAnswer.getByTestId('model-only-label')).toHaveText('Answered by the model alone, without your documents');
    await expect(modelAnswer.getByTestId('source-chip')).toHaveCount(0);
    await expect(modelAnswer.getByText('Sources', { exact: true })).toHaveCount(0);
    await expect(page.getByTestId('model-only-banner')).toBeVisible();
    // Rated, so its trace can be read on the Feedback screen (below).
    const feedback = modelAnswer.getByTestId('feedback');
    await feedback.getByRole('button', { name: 'Not a useful answer' }).click();
    await expect(feedback.getByTestId('feedback-status')).toHaveText('Feedback saved');
    const modelConversation = (await call<Summary[]>(request, base, 'conversations.list', {})).find((c) => c.title === modelQuestion)!;
    expect(modelConversation.mode).toBe('model');
    const listed = page.locator(`[data-conversation-id="${modelConversation.id}"]`);
    await expect(listed.getByTestId('conversation-model-only')).toHaveText('Model alone');
    expect(await seriousViolations(page, '.chat-screen')).toEqual([]);
    expect(await seriousViolations(page, '[data-testid="conversation-list"]')).toEqual([]);
    // The choice is made for a new conversation only.
    await expect(page.getByRole('radio', { name: 'With the model alone' })).toBeDisabled();

    // A library conversation on the new collection, with its own instructions and number of sources.
    await page.getByTestId('conversation-new').click();
    await expect(page.getByRole('radio', { name: 'With my documents' })).toBeChecked();
    await expect(page.getByRole('radio', { name: 'With my documents' })).toBeFocused();
    await expect(page.getByTestId('model-only-banner')).toBeHidden();
    await page.getByTestId('conversation-scope').selectOption({ label: collection });
    const settingsButton = page.getByRole('button', { name: 'Conversation settings' });
    await settingsButton.click();
    const settingsDialog = page.getByRole('dialog', { name: 'Settings of this conversation' });
    await expect(settingsDialog).toBeVisible();
    const instructionsGroup = settingsDialog.getByRole('group', { name: 'Instructions' });
    await instructionsGroup.getByRole('checkbox', { name: 'Use app setting (none)' }).uncheck();
    await instructionsGroup.getByRole('textbox', { name: 'Instructions' }).fill('Answer in one sentence.');
    const sourcesGroup = settingsDialog.getByRole('group', { name: 'Number of sources' });
    await sourcesGroup.getByRole('checkbox', { name: /^Use app setting/ }).uncheck();
    await sourcesGroup.getByRole('textbox', { name: 'Number of sources' }).fill('99');
    await settingsDialog.getByRole('button', { name: 'Save' }).click();
    // Refused in the UI's language, next to the field, which gets the focus.
    await expect(sourcesGroup.getByText('Enter a whole number from 1 to 50.')).toBeVisible();
    await expect(sourcesGroup.getByRole('textbox', { name: 'Number of sources' })).toBeFocused();
    await expect(sourcesGroup.getByRole('textbox', { name: 'Number of sources' })).toHaveAttribute('aria-invalid', 'true');
    expect(await seriousViolations(page, '[data-testid="conversation-settings"]')).toEqual([]);
    await sourcesGroup.getByRole('textbox', { name: 'Number of sources' }).fill('2');
    await settingsDialog.getByRole('button', { name: 'Save' }).click();
    await expect(settingsDialog).toBeHidden();
    await expect(settingsButton).toBeFocused();

    const libraryQuestion = `Que porte la balise cardinale nord ? ${stamp}`;
    await box.fill(libraryQuestion);
    await box.press('Enter');
    const libraryAnswer = page.getByTestId('chat-message').last();
    await expect(libraryAnswer).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(libraryAnswer.getByTestId('model-only-label')).toHaveCount(0);
    const libraryConversation = (await call<Summary[]>(request, base, 'conversations.list', {})).find((c) => c.title === libraryQuestion)!;
    expect(libraryConversation).toMatchObject({ mode: 'library', collection, instructions: 'Answer in one sentence.', topK: 2 });
    const stored = await call<{ messages: Array<{ id: string; role: string }> }>(request, base, 'conversations.get', { id: libraryConversation.id });
    const answerId = stored.messages.filter((m) => m.role === 'assistant').pop()!.id;
    const trace = await call<{ instructions: string | null; collection: string; retrieval: { topK: number; hits: Array<{ documentId: string }> } }>(
      request,
      base,
      'chat.trace',
      { messageId: answerId },
    );
    // The collection's instructions first, then the conversation's; two passages searched, in the collection.
    expect(trace.instructions).toBe('Réponds comme un pilote de port.\n\nAnswer in one sentence.');
    expect(trace.collection).toBe(collection);
    expect(trace.retrieval.topK).toBe(2);
    expect(trace.retrieval.hits.length).toBeGreaterThan(0);
    expect(trace.retrieval.hits.length).toBeLessThanOrEqual(2);

    // Reopened, the dialog shows what was saved.
    await settingsButton.click();
    await expect(settingsDialog.getByRole('textbox', { name: 'Instructions' })).toHaveValue('Answer in one sentence.');
    await expect(settingsDialog.getByRole('textbox', { name: 'Number of sources' })).toHaveValue('2');
    await expect(settingsDialog.getByRole('group', { name: 'Temperature' }).getByRole('checkbox')).toBeChecked();
    await page.keyboard.press('Escape');
    await expect(settingsDialog).toBeHidden();
    await expect(settingsButton).toBeFocused();

    // The trace of the model-alone answer says nothing was searched.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Feedback', exact: true }).click();
    await page.getByTestId('feedback-row').filter({ hasText: modelQuestion }).click();
    const feedbackDetail = page.getByTestId('feedback-detail');
    await expect(feedbackDetail.getByTestId('trace-retrieval')).toHaveText('none: a conversation with the model alone');
    await expect(feedbackDetail.getByTestId('trace-hits').locator('tbody tr')).toHaveCount(0);
  } finally {
    // Leave the shared library as it was.
    const added = (await call<Summary[]>(request, base, 'conversations.list', {})).filter((c) => !conversationsBefore.has(c.id));
    // Their feedback goes with them.
    for (const c of added) await call(request, base, 'conversations.remove', { id: c.id, keepFeedback: false });
    const collections = await call<Array<{ name: string }>>(request, base, 'collections.list', {});
    for (const name of [collection, staging]) {
      if (collections.some((c) => c.name === name)) await call(request, base, 'collections.remove', { name, withDocuments: true });
    }
    const docs = await call<Array<{ id: string; title: string }>>(request, base, 'library.list', {});
    for (const d of docs.filter((doc) => doc.title === title)) await call(request, base, 'library.remove', { id: d.id });
    await call(request, base, 'settings.update', { threads: settingsBefore.threads, maxTokens: settingsBefore.maxTokens });
  }
  // Nothing of this spec is left for the next ones.
  expect((await call<Summary[]>(request, base, 'conversations.list', {})).filter((c) => !conversationsBefore.has(c.id))).toEqual([]);
  const left = (await call<Array<{ name: string }>>(request, base, 'collections.list', {})).map((c) => c.name);
  expect(left).not.toContain(collection);
  expect(left).not.toContain(staging);
  expect((await call<Array<{ title: string }>>(request, base, 'library.list', {})).map((d) => d.title)).not.toContain(title);
  expect((await call<Array<{ question: string }>>(request, base, 'feedback.list', {})).filter((f) => f.question.endsWith(stamp))).toEqual([]);
});

test.describe('without a chat model', () => {
  test.use({ baseURL: process.env.PHARE_E2E_NO_MODEL_URL });

  test('a conversation with the model alone says a chat model is needed, in the UI’s language', async ({ page, request, baseURL }) => {
    const base = baseURL!;
    const before = new Set((await call<Summary[]>(request, base, 'conversations.list', {})).map((c) => c.id));
    try {
      await page.goto('/');
      await expect(page.getByTestId('status-chat')).toContainText('none');
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Chat', exact: true }).click();
      await page.getByTestId('conversation-new').click();
      await page.getByRole('radio', { name: 'With the model alone' }).check();
      const box = page.getByRole('textbox', { name: 'Your question' });
      await box.fill('Bonjour, qui es-tu ?');
      await box.press('Enter');
      const message = page.getByTestId('chat-message').last();
      await expect(message).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
      // The question is French, the UI English: the message follows the UI.
      await expect(message.getByRole('alert')).toHaveText('A conversation with the model alone needs a chat model: add one on the Models screen');
      await expect(page.getByTestId('model-only-banner')).toBeVisible();
    } finally {
      for (const c of (await call<Summary[]>(request, base, 'conversations.list', {})).filter((s) => !before.has(s.id))) {
        await call(request, base, 'conversations.remove', { id: c.id });
      }
    }
  });
});
