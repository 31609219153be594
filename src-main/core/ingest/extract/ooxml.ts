/**
 * What PPTX and XLSX extraction share: parts of an Office Open XML package read as small element
 * trees (htmlparser2 in XML mode: no DTDs, no external entities, nothing fetched), and the
 * relationship files that say which part an id points to.
 */
import { posix } from 'node:path';
import { Parser } from 'htmlparser2';
import { PhareError } from '../../../../src-shared/errors';
import type { ZipArchive } from './zipArchive';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#root', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const element: XmlElement = { name, attrs, children: [] };
        stack[stack.length - 1].children.push(element);
        stack.push(element);
      },
      ontext(text) {
        stack[stack.length - 1].children.push(text);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return root;
}

/** Every descendant element with this name, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const child of e.children) {
      if (typeof child === 'string') continue;
      if (child.name === name) found.push(child);
      walk(child);
    }
  };
  walk(element);
  return found;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** The text of the `textTag` elements under an element (a:t in slides, t in spreadsheets), joined. */
export function textOf(element: XmlElement, textTag: string, skip: ReadonlySet<string> = new Set()): string {
  let out = '';
  const walk = (e: XmlElement, inText: boolean) => {
    for (const c of e.children) {
      if (typeof c === 'string') {
        if (inText) out += c;
      } else if (!skip.has(c.name)) {
        if (c.name === 'a:br') out += '\n';
        walk(c, inText || c.name === textTag);
      }
    }
  };
  walk(element, element.name === textTag);
  return out;
}

/** A part of the package, parsed; null when absent. */
export async function readPart(zip: ZipArchive, name: string): Promise<XmlElement | null> {
  const xml = await zip.readText(name);
  return xml === null ? null : parseXml(xml);
}

/** The relationships of a part: id -> the target part's name in the archive. */
export async function relationships(zip: ZipArchive, part: string): Promise<Map<string, { target: string; type: string }>> {
  const dir = posix.dirname(part);
  const rels = await readPart(zip, posix.join(dir, '_rels', `${posix.basename(part)}.rels`));
  const map = new Map<string, { target: string; type: string }>();
  if (!rels) return map;
  for (const r of descendants(rels, 'Relationship')) {
    if (!r.attrs.Id || !r.attrs.Target || r.attrs.TargetMode === 'External') continue;
    const target = r.attrs.Target.startsWith('/') ? r.attrs.Target.slice(1) : posix.normalize(posix.join(dir, r.attrs.Target));
    map.set(r.attrs.Id, { target, type: r.attrs.Type ?? '' });
  }
  return map;
}

/** The title in docProps/core.xml, if the author set one. */
export async function coreTitle(zip: ZipArchive): Promise<string | null> {
  const core = await readPart(zip, 'docProps/core.xml');
  const title = core ? descendants(core, 'dc:title')[0] : undefined;
  const text = title ? textOf(title, 'dc:title').replace(/\s+/g, ' ').trim() : '';
  return text || null;
}

export function missingPart(file: string, format: string, part: string): PhareError {
  return new PhareError('CORRUPT_FILE', { file, format, detail: `no ${part} part` });
}
