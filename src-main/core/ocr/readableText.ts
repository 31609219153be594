/**
 * The words of a tesseract reading that tesseract itself could read. On a scan, marks that are not
 * print (handwritten notes, stamps, stains, the edge of the next page) come out as short "words" at
 * confidences tesseract gives to nothing it recognised ("ve WLS nan fy ?}" for a handwritten
 * signature): kept, they are errors against any transcription and noise in the chunks a search
 * finds. The engine of tesseract.js (5.1-based, WebAssembly) and the tesseract 5.3 command line read
 * the printed text of the same pixels alike and differ mostly in that noise (docs/benchmarks.md,
 * "OCR"), so it decides which of the two reads a page better unless it is left out.
 *
 * Left out: a line whose mean word confidence is under LINE_MIN, except its words of at least
 * SURE_WORD (a clearly read word next to noise, such as a name beside a signature). Nothing else
 * changes: when no word is dropped, the text is tesseract's own, and so is a page none of whose lines
 * reaches LINE_MIN (a poor scan is kept, flagged by its confidence, not emptied). Single words are not
 * judged alone: tesseract gives 0 to a handwritten word read as "fornpahen" (tapus_04) but also to
 * "existing", read right after a dash, in the two-column scan of the corpus (ocrmypdf_scanned_linn.pdf),
 * and dropping words under 10 cost that page more characters (0.0101 -> 0.0121) than it saved on tapus_04.
 */

/** A line read at under this mean word confidence (0..100) is noise, but for its sure words. */
export const LINE_MIN = 50;
/** Words at this confidence or more are kept wherever they are. */
export const SURE_WORD = 90;

interface TsvWord {
  line: string;
  paragraph: string;
  confidence: number;
  text: string;
}

/**
 * `text` (tesseract's page text) without the noise described above, using `tsv` (tesseract's TSV
 * output of the same reading: one row a word with its confidence and its block, paragraph and line).
 */
export function readableText(text: string, tsv: string | null | undefined): string {
  if (!tsv) return text;
  const words: TsvWord[] = [];
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    // level, page, block, paragraph, line, word, left, top, width, height, confidence, text
    if (cells[0] !== '5' || cells.length < 12) continue;
    const word = cells.slice(11).join('\t').trim();
    if (!word) continue;
    words.push({ paragraph: `${cells[1]}/${cells[2]}/${cells[3]}`, line: `${cells[1]}/${cells[2]}/${cells[3]}/${cells[4]}`, confidence: Number(cells[10]), text: word });
  }
  const lineMeans = new Map<string, { sum: number; count: number }>();
  for (const w of words) {
    const m = lineMeans.get(w.line) ?? { sum: 0, count: 0 };
    m.sum += w.confidence;
    m.count++;
    lineMeans.set(w.line, m);
  }
  // A page none of whose lines reads clearly is a poor scan, not print beside noise: it is kept as
  // read (its low confidence flags it), rather than emptied.
  if (![...lineMeans.values()].some((m) => m.sum / m.count >= LINE_MIN)) return text;
  const kept = words.filter((w) => {
    const m = lineMeans.get(w.line)!;
    return m.sum / m.count >= LINE_MIN || w.confidence >= SURE_WORD;
  });
  if (kept.length === words.length) return text;
  // Rebuilt as tesseract writes its text: words of a line joined by spaces, a line per row, a blank
  // line after each paragraph.
  let out = '';
  for (let i = 0; i < kept.length; i++) {
    const w = kept[i];
    const next = kept[i + 1];
    out += w.text;
    if (!next) out += '\n';
    else if (next.line === w.line) out += ' ';
    else out += next.paragraph === w.paragraph ? '\n' : '\n\n';
  }
  return out;
}
