/**
 * PPTX: one page per slide, in the presentation's order (not the archive's). A slide's title
 * placeholder becomes its heading; every other text frame, table ("cell | cell" rows) and the
 * speaker notes follow as paragraphs. Read with yauzl (zipArchive) and htmlparser2 (ooxml): no
 * presentation library on npm reads text without also pulling a rendering stack.
 */
import { PhareError } from '../../../../src-shared/errors';
import { child, coreTitle, descendants, missingPart, readPart, relationships, textOf, type XmlElement } from './ooxml';
import { PageBuilder, foldSpaces } from './pageBuilder';
import { MIME_TYPES, type ExtractedDocument, type TextBlock } from './types';
import { openZipArchive } from './zipArchive';

const GENERIC_TITLE = /^(powerpoint presentation|presentation|présentation powerpoint|présentation|diapositive \d+|slide \d+)$/i;
const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);
/** Placeholders repeating what the slide master prints (number, date, footer). */
const FURNITURE_PLACEHOLDERS = new Set(['sldNum', 'dt', 'ftr', 'sldImg', 'hdr']);

export async function extractPptx(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
  const zip = await openZipArchive(bytes, { file, format: 'PPTX' });
  try {
    const presentation = await readPart(zip, 'ppt/presentation.xml');
    if (!presentation) throw missingPart(file, 'PPTX', 'ppt/presentation.xml');
    const rels = await relationships(zip, 'ppt/presentation.xml');
    const slideParts = descendants(presentation, 'p:sldId')
      .map((s) => rels.get(s.attrs['r:id'] ?? '')?.target)
      .filter((t): t is string => !!t && zip.has(t));

    const pages: { page: number; text: string }[] = [];
    const blocks: TextBlock[] = [];
    let firstTitle: string | null = null;
    for (const [i, part] of slideParts.entries()) {
      const slide = await readPart(zip, part);
      const page = new PageBuilder(i + 1);
      if (slide) {
        const { title, paragraphs } = slideText(slide);
        firstTitle ??= title;
        const path = title ? [title] : [];
        if (title) page.add('heading', title, path);
        for (const p of paragraphs) page.add('paragraph', p, path);
        // Speaker notes often carry what the slide only hints at.
        const notesPart = [...(await relationships(zip, part)).values()].find((r) => r.type.endsWith('/notesSlide'))?.target;
        const notes = notesPart ? await readPart(zip, notesPart) : null;
        if (notes) for (const p of slideText(notes).paragraphs) page.add('paragraph', p, path);
      }
      pages.push({ page: i + 1, text: page.pageText });
      blocks.push(...page.blocks);
    }
    if (blocks.length === 0) throw new PhareError('NO_TEXT', { file });
    // PowerPoint fills the title property with "PowerPoint Presentation" unless the author changes it.
    const core = await coreTitle(zip);
    const title = core && !GENERIC_TITLE.test(core) ? core : firstTitle;
    return { format: 'pptx', mime: MIME_TYPES.pptx, title, pages, blocks };
  } finally {
    zip.close();
  }
}

/** The title placeholder's text, and every other paragraph of the slide in document order. */
function slideText(slide: XmlElement): { title: string | null; paragraphs: string[] } {
  let title: string | null = null;
  const paragraphs: string[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (c.name === 'p:sp') {
        const ph = descendants(child(c, 'p:nvSpPr') ?? c, 'p:ph')[0];
        const type = ph?.attrs.type ?? '';
        if (FURNITURE_PLACEHOLDERS.has(type)) continue;
        const texts = descendants(c, 'a:p').map((p) => foldSpaces(textOf(p, 'a:t').replace(/\n/g, ' '))).filter(Boolean);
        if (TITLE_PLACEHOLDERS.has(type) && title === null && texts.length) title = texts.join(' ');
        else paragraphs.push(...texts);
      } else if (c.name === 'a:tbl') {
        for (const row of descendants(c, 'a:tr')) {
          const cells = descendants(row, 'a:tc').map((cell) => foldSpaces(descendants(cell, 'a:p').map((p) => textOf(p, 'a:t')).join(' ')));
          while (cells.length && !cells[cells.length - 1]) cells.pop();
          if (cells.length) paragraphs.push(cells.join(' | '));
        }
      } else {
        walk(c);
      }
    }
  };
  walk(slide);
  return { title, paragraphs };
}
