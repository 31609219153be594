/**
 * The formats beyond PDF through the real pipeline: PPTX and XLSX from the corpus (one page per slide
 * or sheet), DOCX footnotes, comments and lists, a saved web page reduced to its main text, and text
 * files in the encodings offices produce. Each is searchable, on the right page, with its headings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestJobDone } from '../../../src-shared/domain';
import { corpusFile } from '../../helpers/paths';
import { openTestLibrary, type TestLibrary } from './library';

const WEB_PAGE = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le phare — Site des phares</title>
<style>body { color: red }</style><script>var tracker = "SCRIPT_TEXT";</script></head>
<body><header class="site-header"><a href="/">Accueil</a><nav><ul><li>Menu des phares</li><li>Contact</li></ul></nav></header>
<div id="cookie-banner">Nous utilisons des cookies</div>
<main><article><h1>Le phare de Cordouan</h1><p>Le phare fut allumé en 1611 &amp; reste <b>en service</b>.</p>
<h2>Architecture</h2><p>Une tour de 68 mètres et un escalier de 301 marches.</p>
<table><tr><th>Année</th><th>Événement</th></tr><tr><td>1611</td><td>Premier allumage</td></tr></table></article></main>
<aside>Articles liés</aside><footer>© 2024 Mentions légales</footer><noscript>Activez JavaScript</noscript></body></html>`;

describe('ingesting PPTX, XLSX, HTML, rich DOCX and encoded text', () => {
  let lib: TestLibrary;
  let done: IngestJobDone;
  const files: Record<string, string> = {};
  const id = (key: string) => {
    const i = Object.keys(files).indexOf(key);
    return done.results[i].documentId!;
  };

  beforeAll(async () => {
    lib = await openTestLibrary();
    const dir = lib.dataDir;
    const write = (name: string, content: string | Buffer) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const sentence = 'Le gardien note la visibilité en milles nautiques à l’aube et au crépuscule.';
    Object.assign(files, {
      chartDeck: corpusFile('office', 'pptx', 'docx4j_pptx-chart.pptx'),
      tableDeck: corpusFile('office', 'pptx', 'docx4j_table.pptx'),
      workbook: corpusFile('office', 'xlsx', 'docx4j_comments.xlsx'),
      footnotes: corpusFile('office', 'docx', 'mammoth_footnotes.docx'),
      comments: corpusFile('office', 'docx', 'mammoth_comments.docx'),
      list: corpusFile('office', 'docx', 'mammoth_simple-list.docx'),
      web: write('phare.html', WEB_PAGE),
      utf16le: write('utf16le.txt', Buffer.from(`Relevé\n\n${sentence.replace('visibilité', 'visibilité16le')}\n`, 'utf16le')),
      utf16be: write('utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`Relevé\n\n${sentence.replace('visibilité', 'visibilité16be')}\n`, 'utf16le').swap16()])),
      // Windows-1252: Latin-1 letters, and the euro sign at 0x80.
      cp1252: write(
        'cp1252.txt',
        Buffer.concat([Buffer.from(`Relevé\n\n${sentence.replace('visibilité', 'visibilité1252').replace(/’/g, "'")} Coût : 20 `, 'latin1'), Buffer.from([0x80, 0x2e, 0x0a])]),
      ),
      // One byte more than the workbook above, so it is not reported as its duplicate.
      mislabelled: write('tableur.pptx', Buffer.concat([readFileSync(corpusFile('office', 'xlsx', 'docx4j_comments.xlsx')), Buffer.from([0])])),
    });
    done = await lib.ingestPaths(Object.values(files));
  });

  afterAll(async () => {
    await lib?.close();
  });

  it('ingests every good file and refuses the mislabelled one', () => {
    Object.keys(files).forEach((key, i) => {
      const r = done.results[i];
      if (key === 'mislabelled') {
        expect(r.error).toMatchObject({ code: 'FORMAT_MISMATCH', params: { expected: 'PPTX', actual: 'XLSX' } });
      } else {
        expect(r.status, `${key}: ${JSON.stringify(r.error)}`).toBe('ready');
      }
    });
  });

  it('reads a presentation as one page per slide, titles as headings', async () => {
    const deck = await lib.library.get(id('chartDeck'));
    expect(deck).toMatchObject({ title: 'Docx4j PowerPoint Chart Editing', pages: 2 });
    expect(deck.mime).toContain('presentationml');
    const deckText = await lib.library.text(id('chartDeck'));
    expect(deckText.pages.map((p) => p.text)).toEqual(['Docx4j PowerPoint Chart Editing\n\nSubtitle', 'Test Chart']);
    const table = await lib.library.text(id('tableDeck'));
    expect(table.pages[0].text).toContain('C1 title | C2 title');
  });

  it('reads a workbook as one page per sheet, rows and comments as text', async () => {
    const book = await lib.library.get(id('workbook'));
    expect(book.pages).toBe(3);
    const text = await lib.library.text(id('workbook'));
    expect(text.pages[0].text).toContain('Comment A1: jharrop2: 99 is one less than 100');
    const chunks = await lib.store.listChunks(id('workbook'));
    expect(chunks.find((c) => c.text.includes('one less than 100'))?.headingPath).toEqual(['Sheet1']);
  });

  it('keeps DOCX footnotes, comments and list items as text', async () => {
    expect((await lib.library.text(id('footnotes'))).pages[0].text).toBe('Ouch[1].[2]\n\n[1] A tachyon walks into a bar.\n\n[2] Fin.');
    expect((await lib.library.text(id('comments'))).pages[0].text).toContain('Comment [MW1]: A tachyon walks into a bar.');
    expect((await lib.library.text(id('list'))).pages[0].text).toBe('- Apple\n\n- Banana');
  });

  it('keeps only the main text of a web page, with its headings', async () => {
    const doc = await lib.library.get(id('web'));
    expect(doc.title).toBe('Le phare de Cordouan');
    const text = (await lib.library.text(id('web'))).pages[0].text;
    expect(text).toContain('Le phare fut allumé en 1611 & reste en service.');
    expect(text).toContain('Année | Événement');
    for (const boilerplate of ['SCRIPT_TEXT', 'color: red', 'Menu des phares', 'cookies', 'Articles liés', 'Mentions légales', 'Activez JavaScript', 'Accueil']) {
      expect(text).not.toContain(boilerplate);
    }
    const chunks = await lib.store.listChunks(id('web'));
    expect(chunks.find((c) => c.text.includes('301 marches'))?.headingPath).toEqual(['Le phare de Cordouan', 'Architecture']);
  });

  it('detects the encoding of text files', async () => {
    for (const [key, word] of [['utf16le', 'visibilité16le'], ['utf16be', 'visibilité16be'], ['cp1252', 'visibilité1252']]) {
      const text = (await lib.library.text(id(key))).pages[0].text;
      expect(text, key).toContain(`Le gardien note la ${word} en milles nautiques`);
      const hits = await lib.retriever.search({ query: word, topK: 1 });
      expect(hits[0]?.documentId, key).toBe(id(key));
    }
    expect((await lib.library.text(id('cp1252'))).pages[0].text).toContain('Coût : 20 €.');
  });
});
