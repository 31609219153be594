/**
 * A big PDF's pages read on two threads (ingest/extract/pdfPageHelper.ts): the pages the helper thread
 * reads are the ones the builder would have read itself, and the builder still gets every page, in
 * order, when the helper cannot start or dies after taking pages.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pdfPages, type HelperEntry, type PdfPagesOptions } from '../../../src-main/core/ingest/extract/pdfPageHelper';
import { openPdfium } from '../../../src-main/core/pdf/pdfium';
import { corpusFile, repoRoot } from '../../helpers/paths';

/** 64 pages of French text. */
const guide = () => new Uint8Array(readFileSync(corpusFile('pdf', 'deb_maint-guide-fr_maint-guide.fr.pdf')));

const fixtureEntry = (name: string): HelperEntry => ({
  file: join(repoRoot, 'scripts/tsx-worker.mjs'),
  argv: [pathToFileURL(join(repoRoot, 'test/fixtures/workers', name)).href],
});

/** Every page of the guide through pdfPages, after `before` (given the pages) has run. */
async function readAll(options: PdfPagesOptions, before?: (pages: ReturnType<typeof pdfPages>) => Promise<void>) {
  const bytes = guide();
  const doc = await openPdfium(bytes);
  const pages = pdfPages(doc, bytes, 'auto', options);
  try {
    await before?.(pages);
    const reads = [];
    for (let n = 1; n <= doc.pageCount; n++) reads.push(await pages.page(n));
    return { reads, helperPages: pages.helperPages };
  } finally {
    await pages.close();
    doc.close();
  }
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PDF page helper', () => {
  it('reads the pages it takes as the builder would', async () => {
    const alone = await readAll({ helper: false });
    expect(alone.reads).toHaveLength(64);
    expect(alone.helperPages).toBe(0);
    // The helper may read ahead of the builder (32 pages): let it, before asking for page 1.
    const helped = await readAll({ helper: true }, (pages) => until(() => pages.helperPages >= 32));
    expect(helped.helperPages).toBeGreaterThanOrEqual(32);
    expect(helped.reads).toEqual(alone.reads);
    expect(helped.reads.flatMap((r) => r.runs).length).toBeGreaterThan(1000);
  });

  it('reads every page itself when the helper dies after taking some', async () => {
    const alone = await readAll({ helper: false });
    const dir = mkdtempSync(join(tmpdir(), 'phare-helper-'));
    const took = join(dir, 'took');
    process.env.PHARE_TEST_HELPER_TOOK = took;
    try {
      // Page 1 is asked for once the helper has taken pages 1-5 and is dying with them.
      const helped = await readAll({ helper: true, entry: fixtureEntry('pdfHelperThatDies.ts') }, () => until(() => existsSync(took)));
      expect(helped.helperPages).toBe(0);
      expect(helped.reads).toEqual(alone.reads);
    } finally {
      delete process.env.PHARE_TEST_HELPER_TOOK;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads every page itself when the helper cannot start', async () => {
    const alone = await readAll({ helper: false });
    const helped = await readAll({ helper: true, entry: { file: join(repoRoot, 'test/fixtures/workers/no-such-helper.mjs'), argv: [] } });
    expect(helped.reads).toEqual(alone.reads);
  });
});
