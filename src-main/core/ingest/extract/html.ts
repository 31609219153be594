/**
 * HTML: the main text of a saved web page or an exported document, with its headings, and without
 * what a reader skips: scripts, styles, navigation, banners, sidebars, cookie notices, forms. When
 * the page marks its content (<main>, <article>, role="main"), only that is kept. Parsed with
 * htmlparser2 (tolerant of the broken markup real pages have); the page is never rendered, so nothing
 * it references is fetched. One page; tables read as "cell | cell" rows like DOCX.
 */
import { Parser } from 'htmlparser2';
import { decodeText } from './decodeText';
import { PageBuilder, foldSpaces } from './pageBuilder';
import { MIME_TYPES, type ExtractedDocument } from './types';

/** Elements whose whole content is never text for the reader. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'canvas', 'form', 'button', 'select', 'textarea', 'head', 'nav', 'aside', 'menu', 'dialog']);
/** Page furniture when outside the marked content (an <article> may have its own <header>). */
const FURNITURE = new Set(['header', 'footer']);
const FURNITURE_ROLES = /^(navigation|banner|contentinfo|complementary|search|menu|menubar|dialog|alert)$/i;
const FURNITURE_NAMES = /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|cookies?|consent|sidebar|share|social|advert|ads|banner|skip-link)($|[\s_-])/i;
const BLOCK = new Set(['p', 'div', 'section', 'article', 'main', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'table', 'br', 'hr', 'pre', 'blockquote', 'figcaption', 'caption', 'address', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr']);

interface Block {
  kind: 'heading' | 'paragraph';
  level: number;
  text: string;
  inMain: boolean;
}

export function extractHtml(bytes: Uint8Array): ExtractedDocument {
  const html = decodeText(bytes);
  const blocks: Block[] = [];
  let titleTag = '';
  let inTitle = false;
  let text = '';
  let heading = 0;
  let skipDepth = 0;
  let mainDepth = 0;
  let cellDepth = 0;
  let sawMain = false;
  /** Per open element: what closing it undoes. */
  const stack: { name: string; skip: boolean; main: boolean }[] = [];

  const flush = () => {
    const content = foldSpaces(text);
    text = '';
    if (content) blocks.push({ kind: heading ? 'heading' : 'paragraph', level: heading, text: content, inMain: mainDepth > 0 });
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title') inTitle = true;
        const role = attrs.role ?? '';
        const isMain = name === 'main' || name === 'article' || role === 'main';
        const furniture =
          SKIPPED.has(name) ||
          attrs.hidden !== undefined ||
          attrs['aria-hidden'] === 'true' ||
          FURNITURE_ROLES.test(role) ||
          (mainDepth === 0 && !isMain && (FURNITURE.has(name) || FURNITURE_NAMES.test(`${attrs.id ?? ''} ${attrs.class ?? ''}`)));
        const skip = furniture;
        if (!VOID.has(name)) stack.push({ name, skip, main: isMain });
        if (skip) skipDepth++;
        if (skipDepth > 0) return;
        if (isMain) {
          flush();
          mainDepth++;
          sawMain = true;
        }
        if (name === 'td' || name === 'th') {
          cellDepth++;
          return;
        }
        if (name === 'img' && attrs.alt && cellDepth > 0) text += ` ${attrs.alt} `;
        if (BLOCK.has(name)) {
          if (cellDepth > 0 && name !== 'tr' && name !== 'table') {
            text += ' ';
            return;
          }
          flush();
          heading = /^h[1-6]$/.test(name) ? Number(name[1]) : 0;
          if (name === 'li') text = '- ';
        }
      },
      ontext(chunk) {
        if (inTitle) titleTag += chunk;
        else if (skipDepth === 0) text += chunk;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (VOID.has(name)) return;
        // Tolerate unclosed elements: pop up to the matching open one. Searched from the top, where it
        // nearly always is (copying the whole stack at every close made deep nesting quadratic).
        let at = stack.length - 1;
        while (at >= 0 && stack[at].name !== name) at--;
        if (at === -1) return;
        for (const open of stack.splice(at).reverse()) {
          if (open.skip) {
            skipDepth--;
            continue;
          }
          if (skipDepth > 0) continue;
          if (open.name === 'td' || open.name === 'th') {
            cellDepth = Math.max(0, cellDepth - 1);
            text += ' | ';
            continue;
          }
          if (open.name === 'tr') text = text.replace(/(\s*\|\s*)+$/, '');
          if (BLOCK.has(open.name) && (cellDepth === 0 || open.name === 'tr' || open.name === 'table')) {
            flush();
            heading = 0;
          }
          if (open.main) {
            flush();
            mainDepth--;
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  flush();

  const kept = (sawMain ? blocks.filter((b) => b.inMain) : blocks).filter((b) => b.text !== '-');
  const page = new PageBuilder(1);
  const headings: { level: number; title: string }[] = [];
  let title: string | null = null;
  for (const b of kept) {
    if (b.kind === 'heading') {
      while (headings.length && headings[headings.length - 1].level >= b.level) headings.pop();
      headings.push({ level: b.level, title: b.text });
      if (title === null && b.level === 1) title = b.text;
    }
    page.add(b.kind, b.text, headings.map((h) => h.title));
  }
  return {
    format: 'html',
    mime: MIME_TYPES.html,
    // The first heading names the content; <title> often adds the site's name.
    title: title ?? (foldSpaces(titleTag) || null),
    pages: [{ page: 1, text: page.pageText }],
    blocks: page.blocks,
  };
}
