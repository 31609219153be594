/**
 * XLSX: one page per sheet, in the workbook's order, the sheet's name as its heading and each row
 * as a line "value | value | value" (values as stored: shared and inline strings, numbers, booleans,
 * cached formula results), followed by the cell comments. Read with yauzl and htmlparser2 like PPTX:
 * SheetJS on npm is unmaintained there and ExcelJS brings a large dependency tree for a reader
 * that only needs the text.
 */
import { PhareError } from '../../../../src-shared/errors';
import { coreTitle, descendants, missingPart, readPart, relationships, textOf, child, type XmlElement } from './ooxml';
import { PageBuilder, foldSpaces } from './pageBuilder';
import { MIME_TYPES, type ExtractedDocument, type TextBlock } from './types';
import { openZipArchive } from './zipArchive';

/** Phonetic guides (Japanese ruby) are not part of the cell's text. */
const NOT_TEXT = new Set(['rPh', 'phoneticPr']);

export async function extractXlsx(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
  const zip = await openZipArchive(bytes, { file, format: 'XLSX' });
  try {
    const workbook = await readPart(zip, 'xl/workbook.xml');
    if (!workbook) throw missingPart(file, 'XLSX', 'xl/workbook.xml');
    const rels = await relationships(zip, 'xl/workbook.xml');
    const sharedStringsPart = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';
    const shared = await readPart(zip, sharedStringsPart);
    const strings = shared ? descendants(shared, 'si').map((si) => textOf(si, 't', NOT_TEXT)) : [];

    const pages: { page: number; text: string }[] = [];
    const blocks: TextBlock[] = [];
    const sheets = descendants(workbook, 'sheet');
    for (const [i, sheet] of sheets.entries()) {
      const name = foldSpaces(sheet.attrs.name ?? `Sheet ${i + 1}`);
      const part = rels.get(sheet.attrs['r:id'] ?? '')?.target;
      const page = new PageBuilder(i + 1);
      const data = part ? await readPart(zip, part) : null;
      if (data) {
        const rows = descendants(data, 'row').map((row) => rowText(row, strings)).filter(Boolean);
        const comments = await sheetComments(zip, part!);
        if (rows.length || comments.length) page.add('heading', name, [name]);
        for (const row of rows) page.add('paragraph', row, [name]);
        for (const comment of comments) page.add('paragraph', comment, [name]);
      }
      pages.push({ page: i + 1, text: page.pageText });
      blocks.push(...page.blocks);
    }
    if (blocks.length === 0) throw new PhareError('NO_TEXT', { file });
    return { format: 'xlsx', mime: MIME_TYPES.xlsx, title: await coreTitle(zip), pages, blocks };
  } finally {
    zip.close();
  }
}

function rowText(row: XmlElement, strings: string[]): string {
  const values: string[] = [];
  for (const cell of descendants(row, 'c')) {
    const type = cell.attrs.t ?? 'n';
    const v = child(cell, 'v');
    const raw = v ? textOf(v, 'v') : '';
    let value: string;
    if (type === 's') value = strings[Number(raw)] ?? '';
    else if (type === 'inlineStr') value = textOf(child(cell, 'is') ?? cell, 't', NOT_TEXT);
    else if (type === 'b') value = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
    else value = raw;
    value = foldSpaces(value.replace(/\s+/g, ' '));
    if (value) values.push(value);
  }
  return values.join(' | ');
}

async function sheetComments(zip: Parameters<typeof readPart>[0], sheetPart: string): Promise<string[]> {
  const rels = await relationships(zip, sheetPart);
  const part = [...rels.values()].find((r) => r.type.endsWith('/comments'))?.target;
  const comments = part ? await readPart(zip, part) : null;
  if (!comments) return [];
  return descendants(comments, 'comment')
    .map((c) => ({ ref: c.attrs.ref ?? '', text: foldSpaces(textOf(child(c, 'text') ?? c, 't', NOT_TEXT).replace(/\s+/g, ' ')) }))
    .filter((c) => c.text)
    .map((c) => `Comment ${c.ref}: ${c.text}`);
}
