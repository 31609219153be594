/// <reference types="node" />
/**
 * One rule for failed files (issue 12, "Wrong 4": of three failed uploads one became a Failed row and
 * counted, two did not): an empty file, a mislabelled one and a damaged PDF, uploaded together, are
 * three Failed rows of the document table, each saying why, counted in its total; the same name
 * uploaded again, fixed, replaces its Failed row. The spec removes what it adds.
 */
import { expect, test } from '@playwright/test';
import { call } from './support/coreApi';

interface Doc {
  id: string;
  title: string;
  sourcePath: string;
  status: string;
  error: { code: string } | null;
}

const NAMES = ['echec-vide.txt', 'echec-faux.pdf', 'echec-abime.pdf'];

test.use({ locale: 'en-US' });

test('every failed upload is one Failed row with its reason, replaced when the file is fixed', async ({ page, request, baseURL }) => {
  const base = baseURL!;
  const ours = async () => (await call<Doc[]>(request, base, 'library.list', {})).filter((d) => NAMES.includes(d.sourcePath));
  try {
    await page.goto('/');
    const before = (await call<Doc[]>(request, base, 'library.list', {})).length;
    await page.getByTestId('file-input').setInputFiles([
      { name: NAMES[0], mimeType: 'text/plain', buffer: Buffer.alloc(0) },
      { name: NAMES[1], mimeType: 'application/pdf', buffer: Buffer.from('Just a note, not a PDF at all.\n') },
      { name: NAMES[2], mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nbroken\n') },
    ]);
    const rows = page.getByTestId('document-row').filter({ hasText: /^echec-/ });
    await expect(rows).toHaveCount(3, { timeout: 60_000 });
    for (const [title, reason] of [
      ['echec-vide', /empty/i],
      ['echec-faux', /named like a PDF file/],
      ['echec-abime', /damaged or not a valid PDF/],
    ] as const) {
      const row = rows.filter({ hasText: title });
      await expect(row).toHaveAttribute('data-status', 'failed');
      await expect(row.locator('.doc-error')).toHaveText(reason);
    }
    expect((await ours()).map((d) => d.error?.code).sort()).toEqual(['CORRUPT_FILE', 'FILE_EMPTY', 'FORMAT_MISMATCH']);
    // Counted like any document: the table's total grew by three.
    await expect(page.getByTestId('document-count')).toContainText(String(before + 3));

    // The empty note, written and uploaded again: its Failed row gives way to the document.
    await page.getByTestId('file-input').setInputFiles({ name: NAMES[0], mimeType: 'text/plain', buffer: Buffer.from('Echec corrige\n\nLa note porte enfin un texte lisible.\n') });
    await expect.poll(async () => (await ours()).filter((d) => d.sourcePath === NAMES[0]).map((d) => d.status), { timeout: 60_000 }).toEqual(['ready']);
    await expect(rows.filter({ hasText: 'echec-vide' })).toHaveCount(0);
  } finally {
    for (const doc of await ours()) await call(request, base, 'library.remove', { id: doc.id });
  }
});
