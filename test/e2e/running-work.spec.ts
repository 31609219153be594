/// <reference types="node" />
/**
 * Running work in one compact panel whose bars tell the truth (issue 12, "Wrong 2" and "Wrong 3"):
 * - every bar (each file's, the job's) only moves forward, the job's moves while its files are in
 *   flight (not only when one ends), and a scanned PDF's bar moves during its OCR;
 * - one panel: no second "Imports" list of the same work; it folds to one line, leaving the document
 *   table in view;
 * - a paused job's files all say paused (in French here), none says "Extracting text".
 * The spec removes the documents it adds.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { corpusFile } from '../helpers/paths';
import { call } from './support/coreApi';

const SCAN = corpusFile('pdf', 'ocrmypdf_scanned_multipage.pdf');
const NOTE = 'note-progres.md';

async function removeAdded(request: APIRequestContext, base: string) {
  const docs = await call<Array<{ id: string; sourcePath: string }>>(request, base, 'library.list', {});
  for (const doc of docs.filter((d) => [basename(SCAN), NOTE].some((name) => d.sourcePath.endsWith(name)))) {
    await call(request, base, 'library.remove', { id: doc.id });
  }
}

/**
 * Adds the scan and the note through the page and returns the line of the job they made. The server is
 * shared: the panel may also list finished uploads of earlier specs, so the job is the one whose id
 * the core did not list before.
 */
async function addFiles(page: Page, request: APIRequestContext, base: string) {
  const earlier = new Set((await call<Array<{ jobId: string }>>(request, base, 'jobs.list', {})).map((j) => j.jobId));
  await page.getByTestId('file-input').setInputFiles([
    { name: basename(SCAN), mimeType: 'application/pdf', buffer: readFileSync(SCAN) },
    { name: NOTE, mimeType: 'text/markdown', buffer: Buffer.from('# Note de progression\n\nUne note courte à côté du scan.\n') },
  ]);
  let jobId = '';
  await expect
    .poll(async () => {
      jobId = (await call<Array<{ jobId: string }>>(request, base, 'jobs.list', {})).find((j) => !earlier.has(j.jobId))?.jobId ?? '';
      return jobId;
    })
    .not.toBe('');
  return page.getByTestId('job-panel').locator(`[data-testid="job"][data-job-id="${jobId}"]`);
}

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('bars only move forward, the job moves with its files, the panel folds', async ({ page, request, baseURL }) => {
    await removeAdded(request, baseURL!);
    try {
      await page.goto('/');
      await expect(page.getByTestId('status-connection')).toContainText('Connected');
      // Every progress bar's value, sampled by the page itself (React replaces values between two polls of a test).
      await page.evaluate(() => {
        const w = window as unknown as { __bars: Record<string, number[]> };
        w.__bars = {};
        setInterval(() => {
          for (const bar of document.querySelectorAll('progress')) {
            // Bars of several jobs share labels ("Upload into “default”"): keyed by their job too.
            const key = `${bar.closest('[data-job-id]')?.getAttribute('data-job-id') ?? ''}/${bar.getAttribute('aria-label') ?? ''}`;
            const list = (w.__bars[key] ??= []);
            const value = bar.value / bar.max;
            if (list.at(-1) !== value) list.push(value);
          }
        }, 30);
      });
      const job = await addFiles(page, request, baseURL!);
      const panel = page.getByTestId('job-panel');
      await expect(job).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
      await expect(job.getByTestId('ingest-file')).toHaveCount(2);
      await expect(job.getByTestId('ingest-file').filter({ hasText: basename(SCAN) })).toHaveAttribute('data-status', 'ready');

      const bars = await page.evaluate(() => (window as unknown as { __bars: Record<string, number[]> }).__bars);
      const jobId = (await job.getAttribute('data-job-id'))!;
      const jobLabel = `${jobId}/${(await job.getByTestId('job-progress').getAttribute('aria-label'))!}`;
      const scanLabel = `${jobId}/${basename(SCAN)}`;
      for (const [label, values] of Object.entries(bars)) {
        expect(values, `bar "${label}" went back`).toEqual([...values].sort((a, b) => a - b));
      }
      // The scan's bar moved during its OCR, and the job's bar moved between its files' ends (more than
      // the 0, 1/2 and 1 that finished files alone would give).
      const scanInside = bars[scanLabel].filter((v) => v > 0 && v < 1);
      expect(scanInside.length, `scan bar: ${bars[scanLabel].join(', ')}`).toBeGreaterThanOrEqual(3);
      const jobInside = bars[jobLabel].filter((v) => v > 0 && v < 1 && Math.abs(v - 0.5) > 1e-9);
      expect(jobInside.length, `job bar: ${bars[jobLabel].join(', ')}`).toBeGreaterThanOrEqual(2);

      // One place for running work: no second list of the same files.
      await expect(page.getByRole('heading', { name: 'Imports' })).toHaveCount(0);
      await expect(page.getByRole('heading', { name: 'Ingestion jobs' })).toHaveCount(0);

      // The panel folds to one line and the document table stays in view.
      const toggle = page.getByTestId('job-panel-toggle');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(panel.getByTestId('job')).toHaveCount(0);
      await expect(page.getByTestId('document-row').first()).toBeInViewport();
      await toggle.click();
      await expect(job).toBeVisible();
    } finally {
      await removeAdded(request, baseURL!);
    }
  });
});

test.describe('en français', () => {
  test.use({ locale: 'fr-FR' });

  test('les fichiers d’une tâche en pause disent tous « En pause »', async ({ page, request, baseURL }) => {
    await removeAdded(request, baseURL!);
    try {
      await page.goto('/');
      await expect(page.getByTestId('status-connection')).toContainText(/Connecté/);
      const job = await addFiles(page, request, baseURL!);
      const panel = page.getByTestId('job-panel');
      await job.getByRole('button', { name: 'Pause' }).click();
      await expect(job).toHaveAttribute('data-state', 'paused');
      const waiting = job.getByTestId('ingest-file').and(page.locator('[data-status="running"]'));
      await expect(waiting.first()).toBeVisible();
      const count = await waiting.count();
      for (let i = 0; i < count; i++) {
        await expect(waiting.nth(i)).toContainText('En pause');
        await expect(waiting.nth(i)).toHaveAttribute('data-paused', 'true');
      }
      await expect(job).not.toContainText('Extraction du texte');

      await job.getByRole('button', { name: 'Reprendre' }).click();
      await expect(job).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
      await expect(job).not.toContainText('En pause');
      // Dismissed: its line goes (earlier jobs of the shared server may take its place in the list).
      const jobId = (await job.getAttribute('data-job-id'))!;
      await job.getByRole('button', { name: 'Masquer', exact: true }).click();
      await expect(panel.locator(`[data-job-id="${jobId}"]`)).toHaveCount(0);
    } finally {
      await removeAdded(request, baseURL!);
    }
  });
});
