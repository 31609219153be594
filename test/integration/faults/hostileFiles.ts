/**
 * Hostile and odd inputs for the bad-input batch of issue 11 §6, written by the test itself (nothing
 * downloaded): special files (a FIFO, /dev/zero and a link to it, a symbolic link loop, a dangling
 * link), zip bombs and malformed archives in the three Office formats, mislabelled files, a picture
 * that declares 3.6 billion pixels, a PDF of thousands of blank pages, XML entity expansion in a DOCX,
 * huge single-line texts, deep HTML, PDFs encrypted by qpdf. The files of test/integration/ingest/
 * badInput.test.ts are not repeated here; its ZIP writer is reused.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { corpusFile } from '../../helpers/paths';
import { deflatedPart, zerosPart, zipArchive } from '../ingest/zipFixtures';
import { pdfFile } from '../../helpers/pdfFile';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/></Types>';

/** What a file of the batch should come to: ready, or failed with this code. */
export interface HostileCase {
  name: string;
  path: string;
  /** null: ingested (ready); a code: fails with it. Several codes: any of them is a correct refusal. */
  expect: null | string | (string | null)[];
}

const PRESENTATION =
  '<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>';
const PRESENTATION_RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/></Relationships>';

/**
 * A zip bomb in a part an XLSX or PPTX reader must inflate (the shared strings; the first slide,
 * listed by the presentation), honest about its gigabyte or declaring 10 KB.
 */
export function officeBomb(format: 'xlsx' | 'pptx', kind: 'declared' | 'lying'): Buffer {
  const declared = kind === 'lying' ? 10_000 : undefined;
  if (format === 'xlsx') {
    return zipArchive([
      deflatedPart('[Content_Types].xml', CONTENT_TYPES),
      deflatedPart('xl/workbook.xml', '<?xml version="1.0"?><workbook/>'),
      zerosPart('xl/sharedStrings.xml', 1024, declared),
    ]);
  }
  return zipArchive([
    deflatedPart('[Content_Types].xml', CONTENT_TYPES),
    deflatedPart('ppt/presentation.xml', PRESENTATION),
    deflatedPart('ppt/_rels/presentation.xml.rels', PRESENTATION_RELS),
    zerosPart('ppt/slides/slide1.xml', 1024, declared),
  ]);
}

/** A DOCX with more entries than any real document (20,001 tiny parts). */
export function manyEntriesDocx(count = 20_001): Buffer {
  const empty = deflatedPart('x', '');
  const parts = [deflatedPart('[Content_Types].xml', CONTENT_TYPES), deflatedPart('word/document.xml', '<w:document/>')];
  for (let i = 0; i < count; i++) parts.push({ ...empty, name: `word/media/part${i}.xml` });
  return zipArchive(parts);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A DOCX whose document part is XML with a "billion laughs" entity (expanded, it is 3 GB of text). */
export function entityBombDocx(): Buffer {
  const levels = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [${levels.join('')}]>` +
    `<w:document ${W}><w:body><w:p><w:r><w:t>Rapport du gardien &lol9;</w:t></w:r></w:p></w:body></w:document>`;
  return zipArchive([deflatedPart('[Content_Types].xml', CONTENT_TYPES), deflatedPart('word/document.xml', xml)]);
}

/** A well-formed ZIP named like a DOCX whose document part is not XML at all. */
export function garbageXmlDocx(): Buffer {
  const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
  return zipArchive([deflatedPart('[Content_Types].xml', CONTENT_TYPES), deflatedPart('word/document.xml', noise)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A PNG declaring 60,000 x 60,000 grey pixels (a "pixel flood"): a few hundred bytes on disk. */
export function pixelFloodPng(side = 60_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  // A few rows of white; the rest is missing, as in a real flood the decoder would allocate first.
  const rows = Buffer.alloc(4 * (side + 1), 0xff);
  for (let r = 0; r < 4; r++) rows[r * (side + 1)] = 0; // filter byte
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small valid PNG (for a PNG named .pdf). */
export function smallPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header[8] = 8;
  const rows = Buffer.alloc(9 * 8, 0xff);
  for (let r = 0; r < 8; r++) rows[r * 9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A PDF of `pages` blank pages (one page object shared by every entry of the page tree): a few
 * kilobytes that open as thousands of pages with no text layer, each a candidate for OCR.
 */
export function blankPagesPdf(pages: number): Buffer {
  return pdfFile(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      `<< /Type /Pages /Count ${pages} /Kids [${Array.from({ length: pages }, () => '3 0 R').join(' ')}] >>`,
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>',
    ].map((body) => Buffer.from(body, 'latin1')),
  );
}

/** A DOCX whose entries climb out of any folder they would be unpacked to (and no document part). */
export function traversalDocx(): Buffer {
  return zipArchive([
    deflatedPart('[Content_Types].xml', CONTENT_TYPES),
    deflatedPart('../../../../tmp/phare-evil.xml', '<evil/>'),
    deflatedPart('word/../../outside.xml', '<evil/>'),
  ]);
}

/** The header of an old binary Office file (OLE compound document), as a .doc saved under .docx has. */
export function oleHeader(): Buffer {
  const bytes = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
  return bytes;
}

/** A BMP header declaring 50,000 x 50,000 pixels (2.5 billion), and almost no pixel data. */
export function bmpFlood(side = 50_000): Buffer {
  const header = Buffer.alloc(54 + 64);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(header.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(side, 18);
  header.writeInt32LE(side, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  return header;
}

/**
 * A PDF whose cross-reference section points back at itself (/Prev to its own offset): a reader that
 * follows /Prev naively never ends.
 */
export function xrefLoopPdf(): Buffer {
  return pdfFile(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      '<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Boucle infinie) Tj ET\nendstream',
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ].map((body) => Buffer.from(body, 'latin1')),
    { xrefPointsToItself: true },
  );
}

/** Deeply nested HTML (`depth` open divs), with text at the bottom. */
export function deepHtml(depth: number): string {
  return `<html><head><title>Profondeur</title></head><body>${'<div>'.repeat(depth)}<p>Le phare le plus profond du monde.</p>${'</div>'.repeat(depth)}</body></html>`;
}

/** `bytes` of text on one line: words, or one unbroken "word" when `spaces` is false. */
export function oneLine(bytes: number, spaces: boolean): Buffer {
  const unit = spaces ? 'le feu du phare tourne toute la nuit ' : 'phare';
  return Buffer.from(unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes), 'latin1');
}

/** A sparse file of `size` bytes: stat sees its size, the disk holds almost nothing. */
export function sparseFile(path: string, size: number, head: string | Buffer = ''): string {
  writeFileSync(path, head);
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}

/** A PDF encrypted by qpdf (AES-256): with a user password, or with an owner password only. */
export function qpdfEncrypted(source: string, target: string, userPassword: string): string {
  execFileSync('qpdf', ['--encrypt', userPassword, 'proprietaire-secret', '256', '--', source, target], { stdio: 'pipe' });
  return target;
}

export function mkfifo(path: string): string {
  execFileSync('mkfifo', [path], { stdio: 'pipe' });
  return path;
}

/**
 * Writes the hostile files into `dir` and returns them with what each should come to. Folders and
 * files that must change between the listing and the reading are returned apart (`afterListing`).
 */
export interface HostileCorpus {
  cases: HostileCase[];
  /** A folder of 10,000 empty files. */
  manyEmpty: string;
  /** A folder with a link to itself and one good file. */
  loopingFolder: string;
  /** A folder whose files change once listed: call `changeAfterListing` with its listing. */
  movingFolder: string;
  changeAfterListing(listed: string[]): HostileCase[];
}

export function buildHostileCorpus(dir: string): HostileCorpus {
  const cases: HostileCase[] = [];
  const add = (name: string, content: string | Buffer | null, expect: HostileCase['expect'], path = join(dir, name)) => {
    if (content !== null) writeFileSync(path, content);
    cases.push({ name, path, expect });
    return path;
  };
  const xlsx = readFileSync(corpusFile('office', 'xlsx', 'docx4j_comments.xlsx'));
  const pptx = readFileSync(corpusFile('office', 'pptx', 'docx4j_table.pptx'));
  const pdf = readFileSync(corpusFile('pdf', 'pdfjs_prefilled_f1040.pdf'));

  // Special files: nothing to read, or reading never ends.
  add('fifo.txt', null, 'UNSUPPORTED_FORMAT', mkfifo(join(dir, 'fifo.txt')));
  add('/dev/zero', null, 'UNSUPPORTED_FORMAT', '/dev/zero');
  symlinkSync('/dev/zero', join(dir, 'zeros-link.pdf'));
  add('zeros-link.pdf', null, 'UNSUPPORTED_FORMAT');
  symlinkSync(join(dir, 'loop-b.txt'), join(dir, 'loop-a.txt'));
  symlinkSync(join(dir, 'loop-a.txt'), join(dir, 'loop-b.txt'));
  add('loop-a.txt', null, 'FILE_UNREADABLE');
  symlinkSync(join(dir, 'nowhere.txt'), join(dir, 'dangling.txt'));
  add('dangling.txt', null, 'FILE_NOT_FOUND');
  // Zero bytes, under names of formats that are not text.
  add('empty.docx', '', 'FILE_EMPTY');
  add('empty.png', '', 'FILE_EMPTY');

  // Archives: bombs and broken ones in the formats the DOCX tests do not cover.
  add('bomb.xlsx', officeBomb('xlsx', 'declared'), 'ARCHIVE_TOO_LARGE');
  add('bomb-lying.xlsx', officeBomb('xlsx', 'lying'), 'ARCHIVE_TOO_LARGE');
  add('bomb.pptx', officeBomb('pptx', 'declared'), 'ARCHIVE_TOO_LARGE');
  add('bomb-lying.pptx', officeBomb('pptx', 'lying'), 'ARCHIVE_TOO_LARGE');
  add('many-entries.docx', manyEntriesDocx(), 'CORRUPT_FILE');
  add('traversal.docx', traversalDocx(), 'CORRUPT_FILE');
  add('truncated.xlsx', xlsx.subarray(0, Math.floor(xlsx.length / 2)), 'CORRUPT_FILE');
  add('truncated.pptx', pptx.subarray(0, Math.floor(pptx.length / 2)), 'CORRUPT_FILE');
  add('not-a-zip.xlsx', 'Colonne A;Colonne B\n1;2\n', 'FORMAT_MISMATCH');
  add('not-a-zip.pptx', '<html>pas une présentation</html>', 'FORMAT_MISMATCH');
  add('garbage-xml.docx', garbageXmlDocx(), 'CORRUPT_FILE');
  add('entity-bomb.docx', entityBombDocx(), 'CORRUPT_FILE');

  // Mislabelled: the name promises one format, the bytes are another.
  add('pdf-named.docx', pdf, 'FORMAT_MISMATCH');
  add('png-named.pdf', smallPng(), 'FORMAT_MISMATCH');
  add('gzip-named.txt', gzipSync(Buffer.from('Le registre compressé du phare.\n'.repeat(200))), 'FORMAT_MISMATCH');
  add('nul-bytes.md', Buffer.concat([Buffer.from('# Titre\n\nDu texte'), Buffer.alloc(64), Buffer.from('et des octets nuls.\n')]), 'FORMAT_MISMATCH');
  add('pdf-header-only.pdf', '%PDF-1.7\n', 'CORRUPT_FILE');
  add('ole-named.docx', oleHeader(), 'FORMAT_MISMATCH');
  const jpeg = readFileSync(corpusFile('ocr', 'en', 'tessjs_bill.png'));
  add('truncated.png', jpeg.subarray(0, Math.floor(jpeg.length / 3)), 'CORRUPT_FILE');
  add('sparse-1gb.docx', null, 'FORMAT_MISMATCH', sparseFile(join(dir, 'sparse-1gb.docx'), 1024 ** 3));
  add('sparse-1gb.html', null, 'FORMAT_MISMATCH', sparseFile(join(dir, 'sparse-1gb.html'), 1024 ** 3, '<html><body><p>Un gigaoctet, presque vide.</p>'));

  // Content built to exhaust a parser or the memory.
  add('pixel-flood.png', pixelFloodPng(), 'FILE_TOO_LARGE');
  add('pixel-flood.bmp', bmpFlood(), 'FILE_TOO_LARGE');
  add('xref-loop.pdf', xrefLoopPdf(), [null, 'CORRUPT_FILE']);
  add('blank-pages.pdf', blankPagesPdf(400), 'NO_TEXT');
  add('deep.html', deepHtml(50_000), null);
  add('one-line.txt', oneLine(8 * 1024 * 1024, true), null);
  add('one-word.txt', oneLine(2 * 1024 * 1024, false), null);

  // Encrypted by qpdf: a user password locks it; an owner password alone does not stop reading.
  add('aes256-locked.pdf', null, 'ENCRYPTED_FILE', qpdfEncrypted(corpusFile('pdf', 'pdfjs_prefilled_f1040.pdf'), join(dir, 'aes256-locked.pdf'), 'motdepasse'));
  add('owner-only.pdf', null, null, qpdfEncrypted(corpusFile('pdf', 'pdfjs_prefilled_f1040.pdf'), join(dir, 'owner-only.pdf'), ''));

  // Text odd but valid: UTF-16 with a BOM, a name with a line break.
  add('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Journal du phare\n\nLa lampe a été changée le 3 mars.\n', 'utf16le')]), null);
  add('nom\navec retour.txt', 'Nom étrange\n\nUn fichier dont le nom contient un saut de ligne.\n', null);

  // A folder of 10,000 empty files, and a folder holding a link to itself.
  const manyEmpty = join(dir, 'dix-mille-vides');
  mkdirSync(manyEmpty);
  for (let i = 0; i < 10_000; i++) closeSync(openSync(join(manyEmpty, `vide-${String(i).padStart(5, '0')}.txt`), 'w'));
  const loopingFolder = join(dir, 'dossier-boucle');
  mkdirSync(join(loopingFolder, 'sous'), { recursive: true });
  symlinkSync(loopingFolder, join(loopingFolder, 'sous', 'retour'));
  writeFileSync(join(loopingFolder, 'sous', 'consigne.txt'), 'Consigne\n\nLe dossier boucle sur lui-même, la consigne reste unique.\n');

  // Files that change between the listing of their folder and their reading.
  const moving = join(dir, 'mouvant');
  mkdirSync(moving);
  writeFileSync(join(moving, 'efface.txt'), 'Ce fichier est effacé après la liste.\n');
  writeFileSync(join(moving, 'devenu-dossier.txt'), 'Ce fichier devient un dossier après la liste.\n');
  writeFileSync(join(moving, 'reste.txt'), 'Ce fichier reste là et doit être lu.\n');
  const changeAfterListing = (listed: string[]): HostileCase[] => {
    const out: HostileCase[] = [];
    for (const path of listed) {
      if (path.endsWith('efface.txt')) {
        unlinkSync(path);
        out.push({ name: 'efface.txt', path, expect: 'FILE_NOT_FOUND' });
      } else if (path.endsWith('devenu-dossier.txt')) {
        unlinkSync(path);
        mkdirSync(path);
        out.push({ name: 'devenu-dossier.txt', path, expect: 'UNSUPPORTED_FORMAT' });
      } else if (path.endsWith('reste.txt')) out.push({ name: 'reste.txt', path, expect: null });
    }
    return out;
  };
  return { cases, manyEmpty, loopingFolder, movingFolder: moving, changeAfterListing };
}
