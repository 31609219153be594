/**
 * Real documents from the corpus through the real pipeline (PDFium, mammoth, LanceDB): page numbers
 * survive into search hits, DOCX and Markdown headings become heading paths, and the extracted text
 * of every page can be read back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../helpers/paths';
import { openTestLibrary, type TestLibrary } from './library';

describe('ingesting real formats', () => {
  let lib: TestLibrary;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    lib = await openTestLibrary();
    const md = join(lib.dataDir, 'guide.md');
    writeFileSync(
      md,
      '# Guide de Phare\n\nPhare répond aux questions sur vos documents.\n\n## Installation\n\nCopiez le dossier zygomorphe sur le disque.\n\n### Sous Linux\n\nLancez le script quinquagénaire.\n\n## Usage\n\nDéposez des fichiers.\n',
    );
    const txt = join(lib.dataDir, 'notes.txt');
    writeFileSync(txt, 'Compte rendu\n\nLa réunion du comité portuaire a décidé de repeindre le phare en rouge.\n\nLe budget est de 12 000 euros.\n');
    const files = {
      tracemonkey: corpusFile('pdf', 'pdfjs_tracemonkey.pdf'),
      maintGuide: corpusFile('pdf', 'deb_maint-guide-fr_maint-guide.fr.pdf'),
      docx: corpusFile('office', 'docx', 'docx4j_sample-docx.docx'),
      tables: corpusFile('office', 'docx', 'mammoth_tables.docx'),
      md,
      txt,
    };
    const done = await lib.ingestPaths(Object.values(files));
    Object.keys(files).forEach((key, i) => {
      const r = done.results[i];
      expect(r.status, `${key}: ${JSON.stringify(r.error)}`).toBe('ready');
      ids[key] = r.documentId!;
    });
  });

  afterAll(async () => {
    await lib?.close();
  });

  it('keeps PDF page numbers: a phrase from page N is found on page N', async () => {
    const cases = [
      { id: ids.tracemonkey, query: 'the monitor checks the reason for the trace exit and applies blacklisting', page: 9 },
      { id: ids.maintGuide, query: 'Commencez par créer votre propre paquet ou encore mieux par en adopter un', page: 12 },
      { id: ids.maintGuide, query: 'pages d’information installer avec dh_installinfo', page: 40 },
    ];
    for (const c of cases) {
      const hits = await lib.retriever.search({ query: c.query, topK: 3 });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits[0].documentId).toBe(c.id);
      expect(hits[0].page).toBeLessThanOrEqual(c.page);
      expect(hits[0].pageEnd).toBeGreaterThanOrEqual(c.page);
    }
  });

  it('records pages, title and text of a PDF', async () => {
    const doc = await lib.library.get(ids.maintGuide);
    expect(doc.pages).toBe(64);
    expect(doc.mime).toBe('application/pdf');
    expect(doc.title).toMatch(/responsable Debian/);
    expect(doc.language).toBe('fr');
    const text = await lib.library.text(ids.tracemonkey);
    expect(text.pages.map((p) => p.page)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    // Words hyphenated across lines are rejoined.
    expect(text.pages[8].text).toContain('interpreter JavaScript call stack');
  });

  it('chunk offsets point into the page text that library.text returns', async () => {
    const text = await lib.library.text(ids.maintGuide);
    const chunks = await lib.store.listChunks(ids.maintGuide);
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks.filter((c) => c.pageStart === c.pageEnd)) {
      expect(text.pages[c.pageStart - 1].text.slice(c.charStart, c.charEnd)).toBe(c.text);
    }
  });

  it('extracts DOCX text with its headings and tables', async () => {
    const hits = await lib.retriever.search({ query: 'Horizontal merge', topK: 3 });
    expect(hits[0].documentId).toBe(ids.docx);
    const chunks = await lib.store.listChunks(ids.docx);
    expect(chunks.some((c) => c.headingPath.includes('Tables') && c.text.includes('Horizontal merge'))).toBe(true);
    const tables = await lib.library.text(ids.tables);
    expect(tables.pages[0].text).toContain('Top left | Top right');
    expect((await lib.library.get(ids.tables)).mime).toContain('wordprocessingml');
  });

  it('keeps the heading structure of Markdown', async () => {
    const doc = await lib.library.get(ids.md);
    expect(doc.title).toBe('Guide de Phare');
    const hits = await lib.retriever.search({ query: 'script quinquagénaire', topK: 1 });
    expect(hits[0].documentId).toBe(ids.md);
    const chunks = await lib.store.listChunks(ids.md);
    const linux = chunks.find((c) => c.text.includes('quinquagénaire'));
    expect(linux?.headingPath).toEqual(['Guide de Phare', 'Installation', 'Sous Linux']);
  });

  it('ingests plain text with its first line as title', async () => {
    const doc = await lib.library.get(ids.txt);
    expect(doc.title).toBe('Compte rendu');
    expect(doc.pages).toBe(1);
    const hits = await lib.retriever.search({ query: 'repeindre le phare', topK: 1 });
    expect(hits[0]).toMatchObject({ documentId: ids.txt, title: 'Compte rendu', page: 1 });
  });

  it('keeps each original in a content-addressed folder', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const doc = await lib.library.get(ids.docx);
    expect(doc.storedPath).toBe(`originals/${doc.sha256.slice(0, 2)}/${doc.sha256}.docx`);
    const kept = join(lib.dataDir, doc.storedPath);
    expect(existsSync(kept)).toBe(true);
    expect(createHash('sha256').update(readFileSync(kept)).digest('hex')).toBe(doc.sha256);
  });
});
