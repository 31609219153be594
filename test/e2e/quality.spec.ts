/// <reference types="node" />
/**
 * The quality loop through the UI: ingest a corpus document, ask about it, rate the answer (thumbs
 * down, then a rating of 2, a comment and a wrong-source mark), find it again on a reopened
 * conversation and in the Feedback screen with its trace and history, lower the minimum votes to 1
 * on the Quality screen, run the analysis and watch its progress reach 100 and the run listed as
 * completed, decide a candidate left for review if there is one (the tiny judge's verdict is random,
 * so the run may have decided alone), blacklist a passage by hand (greyed in its document) and restore
 * it, and find the decisions in the audit log. Then the conversation is removed keeping its feedback.
 * A second test checks the screens in French.
 * The tiny model writes meaningless text: the test checks behaviour, never wording.
 */
import { expect, test, type Page } from '@playwright/test';
import { corpusFile } from '../helpers/paths';
import { call } from './support/coreApi';

const DOC = 'xquad_en_d003_Nikola_Tesla.txt';
const QUESTION = 'Where was Nikola Tesla born, and what did he study?';


/** Opens a screen with its Alt+n shortcut; the screen's heading takes the focus (the Chat puts it in its question box). */
async function openScreen(page: Page, shortcut: string, heading: string) {
  await page.keyboard.press(shortcut);
  const title = page.getByRole('heading', { name: heading, level: 1 });
  if (shortcut === 'Alt+2') await expect(title).toBeVisible();
  else await expect(title).toBeFocused();
}

test('rate an answer, find it in Feedback, run the analysis, review, see the audit', async ({ page, request, baseURL }) => {
  test.setTimeout(360_000);
  const base = baseURL!;
  const settings = await call<{ quality: Record<string, unknown> }>(request, base, 'settings.get', {});
  // One thread and short answers: the tiny model then answers (and judges) in seconds on 2 cores.
  await call(request, base, 'settings.update', { threads: 1, maxTokens: 40 });

  try {
    await page.goto('/');
    await expect(page.getByTestId('status-connection')).toContainText('Connected');

    // Ingest a corpus document through the Library's file picker.
    await page.getByTestId('file-input').setInputFiles(corpusFile('qa', 'xquad_en', 'docs', DOC));
    const fileRow = page.getByTestId('ingest-file').filter({ hasText: DOC });
    await expect(fileRow).toBeVisible();
    await expect(fileRow).not.toHaveAttribute('data-status', 'running', { timeout: 120_000 });
    expect(await fileRow.getAttribute('data-status'), `import outcome: ${await fileRow.textContent()}`).toMatch(/ready|duplicate/);

    // Ask a question in a new conversation.
    await openScreen(page, 'Alt+2', 'Chat');
    await page.getByTestId('conversation-new').click();
    const box = page.getByRole('textbox', { name: 'Your question' });
    await box.fill(QUESTION);
    await box.press('Enter');
    const message = page.getByTestId('chat-message').last();
    await expect(message).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(message.getByTestId('source-item').first()).toBeVisible();

    // Thumbs down in one click: saved at once, and the details open.
    const feedback = message.getByTestId('feedback');
    const down = feedback.getByRole('button', { name: 'Not a useful answer' });
    await down.click();
    await expect(down).toHaveAttribute('aria-pressed', 'true');
    await expect(feedback.getByTestId('feedback-status')).toHaveText('Feedback saved');
    const details = feedback.getByTestId('feedback-details');
    await expect(details).toBeVisible();

    // Then a rating of 2, a comment and a wrong-source mark on the first source; saved as version 2.
    await details.getByRole('radio', { name: '2 – poor' }).check();
    await details.getByLabel('Comment (optional)').fill('The birthplace is not in this answer.');
    const wrong = details.getByTestId('feedback-wrong-source').first();
    await wrong.click();
    await expect(wrong).toHaveAttribute('aria-pressed', 'true');
    await expect(feedback.getByTestId('feedback-status')).toHaveText('Unsaved changes');
    await details.getByRole('button', { name: 'Save feedback' }).click();
    await expect(feedback.getByTestId('feedback-status')).toHaveText('Feedback saved (version 2)');
    await expect(feedback).toHaveAttribute('data-thumbs', 'down');
    await expect(message.getByTestId('source-marked-wrong')).toHaveCount(1);
    // Escape closes the details and gives the focus back to their toggle.
    await details.getByLabel('Comment (optional)').press('Escape');
    await expect(details).toBeHidden();
    await expect(feedback.getByTestId('feedback-details-toggle')).toBeFocused();

    // A stored conversation, opened again, shows what was said.
    await page.reload();
    await openScreen(page, 'Alt+2', 'Chat');
    await page.getByTestId('conversation-item').filter({ hasText: 'Nikola Tesla' }).first().getByRole('button').first().click();
    const reopened = page.getByTestId('chat-message').last();
    await expect(reopened.getByRole('button', { name: 'Not a useful answer' })).toHaveAttribute('aria-pressed', 'true');
    await expect(reopened.getByTestId('source-marked-wrong')).toHaveCount(1);

    // The Feedback screen lists it; filters narrow the list; the row opens the answer with its trace.
    await openScreen(page, 'Alt+5', 'Feedback');
    const row = page.getByTestId('feedback-row').filter({ hasText: QUESTION });
    await expect(row).toHaveCount(1);
    await page.getByTestId('filter-hasCorrection').check();
    await expect(row).toHaveCount(0);
    await page.getByTestId('filter-hasCorrection').uncheck();
    await page.getByTestId('filter-maxRating').selectOption('2');
    await page.getByTestId('filter-hasComment').check();
    await expect(row).toHaveCount(1);
    await row.click();
    const detail = page.getByTestId('feedback-detail');
    await expect(detail.getByTestId('detail-comment')).toHaveText('The birthplace is not in this answer.');
    await expect(detail.locator('[data-testid="detail-source"][data-wrong="true"]')).toHaveCount(1);
    await expect(detail.getByTestId('trace')).toBeVisible();
    await expect(detail.getByTestId('trace-hits').locator('tbody tr').first()).toBeVisible();
    await expect(detail.getByTestId('feedback-history').locator('li')).toHaveCount(2);
    // Exports download a file built by the core.
    const download = page.waitForEvent('download');
    await page.getByTestId('feedback-export-csv').click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);

    // Quality: one vote is enough for a decision (the default asks for 3).
    await openScreen(page, 'Alt+6', 'Quality');
    await page.getByTestId('quality-tab-runs').click();
    const minVotes = page.getByTestId('quality-setting-minVotes').getByRole('textbox');
    await expect(minVotes).toHaveValue('3');
    await minVotes.fill('1');
    await page.getByTestId('quality-settings-save').click();
    await expect(page.getByTestId('quality-settings-outcome')).toHaveText('Settings saved.');
    expect((await call<{ quality: { minVotes: number } }>(request, base, 'settings.get', {})).quality.minVotes).toBe(1);

    // Run now: the bar follows the run's events up to 100, and the run is listed as completed. The page
    // records every state the bar showed (a poll could miss a step of a run that takes a few seconds).
    await page.evaluate(() => {
      const w = window as unknown as { runStates: string[] };
      w.runStates = [];
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="run-progress"]');
        if (!el) return;
        const state = `${el.getAttribute('data-run-id')}:${el.getAttribute('data-status')}:${el.getAttribute('data-progress')}`;
        if (w.runStates[w.runStates.length - 1] !== state) w.runStates.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('run-now').click();
    const progress = page.getByTestId('run-progress');
    await expect(progress).toHaveAttribute('data-status', 'completed', { timeout: 240_000 });
    await expect(progress).toHaveAttribute('data-progress', '100');
    await expect(progress.getByRole('progressbar')).toHaveAttribute('value', '100');
    const runId = await progress.getAttribute('data-run-id');
    // Only this run's states (the bar may have shown an earlier run before).
    const states = (await page.evaluate(() => (window as unknown as { runStates: string[] }).runStates)).filter((s) => s.startsWith(`${runId}:`));
    expect(states.some((s) => s.includes(':running:')), `states seen: ${states.join(' ')}`).toBe(true);
    // The bar never went backwards.
    const percents = states.map((s) => Number(s.split(':')[2]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    await expect(page.getByTestId('run-history').locator(`[data-run-id="${runId}"]`)).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('run-summary')).toBeVisible();

    // A candidate the judge left for a person (if any) is accepted with a reason.
    await page.getByTestId('quality-tab-review').click();
    await expect(page.getByTestId('review-queue')).toBeVisible();
    const items = page.getByTestId('review-item');
    const pending = await items.count();
    if (pending > 0) {
      const first = items.first();
      const id = await first.getAttribute('data-id');
      await expect(first.locator('.review-text')).not.toBeEmpty();
      await first.getByTestId('review-reason').fill('Checked by the end-to-end test');
      await first.getByTestId('review-accept').click();
      await expect(page.locator(`[data-testid="review-item"][data-id="${id}"]`)).toHaveCount(0);
    }

    // A passage blacklisted by hand, with a reason: the dialog starts on Cancel and needs the reason.
    await page.getByTestId('quality-tab-passages').click();
    await page.getByTestId('passages-scored').click();
    const scored = page.locator('[data-testid="passage-row"]:not(.passage-blacklisted)').first();
    const chunkId = (await scored.getAttribute('data-chunk-id'))!;
    await scored.getByTestId('passage-blacklist').click();
    const flagDialog = page.getByTestId('passage-dialog');
    await expect(flagDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(flagDialog.getByRole('button', { name: 'Blacklist' })).toBeDisabled();
    await flagDialog.getByTestId('reason-input').fill('Misleading for birthplace questions');
    await flagDialog.getByRole('button', { name: 'Blacklist' }).click();
    await expect(flagDialog).toBeHidden();
    await page.getByTestId('passages-blacklisted').click();
    await expect(page.locator(`[data-testid="passage-row"][data-chunk-id="${chunkId}"]`)).toBeVisible();

    // The document detail shows it greyed, with its badge.
    await page.keyboard.press('Alt+1');
    await page.getByTestId('document-row').filter({ hasText: 'Nikola_Tesla' }).first().getByRole('button').first().click();
    const chunkItem = page.getByTestId('document-detail').locator('[data-testid="document-chunk"][data-blacklisted="true"]');
    await expect(chunkItem.first()).toBeVisible();
    await expect(chunkItem.first().getByTestId('chunk-blacklisted-badge')).toHaveText('blacklisted');

    // Restored, with a reason: it leaves the blacklist.
    await openScreen(page, 'Alt+6', 'Quality');
    await expect(page.getByTestId('quality-tab-passages')).toHaveAttribute('aria-selected', 'true');
    const blacklistedRow = page.locator(`[data-testid="passage-row"][data-chunk-id="${chunkId}"]`);
    await blacklistedRow.getByTestId('passage-restore').click();
    await flagDialog.getByTestId('reason-input').fill('Checked: it is right after all');
    await flagDialog.getByRole('button', { name: 'Restore' }).click();
    await expect(flagDialog).toBeHidden();
    await expect(blacklistedRow).toHaveCount(0);

    // The audit log lists the decisions, the run's and the person's, filtered by action.
    await page.getByTestId('quality-tab-audit').click();
    const audit = page.getByTestId('audit-row');
    await expect(page.locator('[data-testid="audit-row"][data-action="blacklist"]').filter({ hasText: 'Misleading for birthplace questions' })).toHaveCount(1);
    if (pending > 0) {
      await expect(page.locator('[data-testid="audit-row"][data-action="review-accepted"]').first()).toBeVisible();
      await expect(page.getByTestId('audit-table')).toContainText('Checked by the end-to-end test');
    }
    await page.getByTestId('audit-action-filter').selectOption('restore');
    await expect(audit).toHaveCount(1);
    await expect(audit.first()).toContainText('Checked: it is right after all');
    await expect(audit.first()).toContainText('a person');
    await page.getByTestId('audit-action-filter').selectOption('');
    await expect(audit.nth(2)).toBeVisible();
    const csv = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    expect((await csv).suggestedFilename()).toMatch(/\.csv$/);

    // The overview shows this week's figures with the feedback counted.
    await page.getByTestId('quality-tab-overview').click();
    await expect(page.getByTestId('stat-feedbacks').locator('.stat-value')).not.toHaveText('0');
    await expect(page.getByTestId('health-panel')).toHaveAttribute('data-state', /ok|degraded|failing/);

    // Removing the conversation asks about its feedback; kept by default, it stays in the Feedback screen.
    await openScreen(page, 'Alt+2', 'Chat');
    const conversation = page.getByTestId('conversation-item').filter({ hasText: 'Nikola Tesla' }).first();
    await conversation.getByTestId('conversation-menu').click();
    await conversation.getByTestId('conversation-remove').click();
    const dialog = page.getByTestId('conversation-remove-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('checkbox', { name: 'Keep the feedback given on its answers' })).toBeChecked();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId('conversation-undo-toast')).toBeVisible();
    await openScreen(page, 'Alt+5', 'Feedback');
    await page.getByRole('button', { name: /^Clear/ }).click();
    await expect(page.getByTestId('feedback-row').filter({ hasText: QUESTION })).toHaveCount(1);
  } finally {
    // Later specs see the library's usual settings.
    await call(request, base, 'settings.update', { quality: settings.quality });
  }
});

test.describe('with a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('the Feedback and Quality screens speak French', async ({ page }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('button', { name: 'Avis' })).toBeVisible();
    await expect(nav.getByRole('button', { name: 'Qualité' })).toBeVisible();

    await openScreen(page, 'Alt+5', 'Avis');
    await expect(page.getByLabel('Avec commentaire')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Exporter en CSV' })).toBeVisible();

    await openScreen(page, 'Alt+6', 'Qualité');
    await expect(page.getByRole('button', { name: 'Lancer maintenant' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Vue d’ensemble' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('stats-panel')).toContainText('Note moyenne');
    // The tabs follow the arrow keys.
    await page.getByRole('tab', { name: 'Vue d’ensemble' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: /^À examiner/ })).toBeFocused();
    await expect(page.getByTestId('review-queue')).toContainText('À examiner');
    await page.keyboard.press('End');
    await expect(page.getByRole('tab', { name: 'Journal d’audit' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('audit-log')).toContainText('Exporter en CSV');
    await page.getByRole('tab', { name: 'Analyses et planification' }).click();
    await expect(page.getByText('Lancer l’analyse chaque jour')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Historique des analyses' })).toBeVisible();
  });
});
