/**
 * Finds a cited passage in a PDF page's text layer. The layer's items (pdf.js text runs) and the
 * chunk text come from the same PDF but not in the same form: ingestion cleans text (joins words cut
 * at line ends, drops running headers, unfolds ligatures) and pdf.js splits runs its own way. Both are
 * therefore compared as letters and digits only, accents and case folded; the passage is located by
 * its head and its tail, and every item that overlaps the span between them is highlighted. A page in
 * the middle of a passage that spans pages is highlighted whole.
 */

/** Letters and digits only, folded; `map[i]` is the index of the item normalised character i came from. */
export function foldForMatch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

const PROBE = 32;
/** Head probes are tried at these offsets into the passage, in case its first words differ on the page. */
const PROBE_OFFSETS = [0, 40, 120, 240];

export interface PassageOnPage {
  /** 'start' when the passage begins on an earlier page, 'end' when it goes on to a later one. */
  continuesFrom: 'earlier-page' | null;
  continuesTo: 'later-page' | null;
}

/** The page's items folded and joined, and for each folded character the item it came from. */
function foldItems(items: readonly string[]): { page: string; owner: number[] } {
  const owner: number[] = [];
  let page = '';
  items.forEach((item, i) => {
    const folded = foldForMatch(item);
    page += folded;
    for (let k = 0; k < folded.length; k++) owner.push(i);
  });
  return { page, owner };
}

export function matchPassageItems(items: readonly string[], passage: string, where: PassageOnPage = { continuesFrom: null, continuesTo: null }): number[] {
  const { page, owner } = foldItems(items);
  const target = foldForMatch(passage);
  if (!page || !target) return [];

  let from = -1;
  for (const offset of PROBE_OFFSETS) {
    if (offset + PROBE > target.length && offset > 0) break;
    const at = page.indexOf(target.slice(offset, offset + PROBE));
    if (at >= 0) {
      from = Math.max(0, at - offset);
      break;
    }
  }
  let to = -1;
  for (const offset of PROBE_OFFSETS) {
    const end = target.length - offset;
    if (end - PROBE < 0 && offset > 0) break;
    const probe = target.slice(Math.max(0, end - PROBE), end);
    const at = page.lastIndexOf(probe);
    if (at >= 0 && (from < 0 || at >= from)) {
      to = Math.min(page.length, at + probe.length + offset);
      break;
    }
  }
  if (from < 0 && to < 0) {
    if (where.continuesFrom && where.continuesTo) return items.map((_, i) => i);
    return [];
  }
  if (from < 0) from = where.continuesFrom ? 0 : Math.max(0, to - target.length);
  if (to < 0) to = where.continuesTo ? page.length : Math.min(page.length, from + target.length);
  const matched = new Set<number>();
  for (let k = from; k < to; k++) matched.add(owner[k]);
  return [...matched].sort((a, b) => a - b);
}

/**
 * Find on a drawn PDF page: the text-layer items each occurrence of `query` covers, in page order.
 * Compared as letters and digits only, accents and case folded (pdf.js splits runs its own way and
 * puts no spaces between some of them), so "État civil" finds "ETAT" + "CIVIL" in two runs.
 */
export function findQueryItems(items: readonly string[], query: string, max = 500): number[][] {
  const needle = foldForMatch(query);
  if (!needle) return [];
  const { page, owner } = foldItems(items);
  const found: number[][] = [];
  for (let at = page.indexOf(needle); at >= 0 && found.length < max; at = page.indexOf(needle, at + needle.length)) {
    found.push([...new Set(owner.slice(at, at + needle.length))]);
  }
  return found;
}
