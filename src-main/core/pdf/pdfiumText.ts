/**
 * A page's text as runs with positions, read character by character from PDFium's text page.
 *
 * A run is what the reading-order and line-building code needs (the shape pdf.js text items have):
 * characters on one baseline, in drawing order, with no gap wider than a few word spaces. PDFium
 * gives every character its origin, size and angle, and inserts "generated" spaces and line breaks
 * where its own layout analysis sees them; its line breaks are not trusted as such (it breaks after a
 * superscript, for instance), only as a hint that the next character may start somewhere else.
 */
import type { PdfiumModule } from './pdfium';

export interface PdfTextRun {
  str: string;
  /** [a, b, c, d, x, y] as in PDF: the run's size and direction, and its first character's origin. */
  transform: number[];
  /** Along the baseline, from the first character's origin to the last one's right edge. */
  width: number;
  /** Font size in page units (the largest in the run). */
  height: number;
}

/** A gap wider than this many font sizes ends a run (a word space is about 0.25-0.35). */
const RUN_GAP = 0.8;
/** Baselines further apart than this share of the font size are on different lines (superscripts are closer). */
const BASELINE_SHIFT = 0.5;
/** A character this far left of the previous one's origin (in font sizes) starts a new run. */
const BACKWARDS = 0.5;
/**
 * A gap of this many font sizes between two characters is a word space, whether or not the PDF has a
 * space character there (many producers only move the pen) and whatever PDFium generated: its
 * generated spaces also fall inside kerned words ("V olume"). Letter-spaced capitals ("P R E L I M")
 * are about 0.12 apart; word spaces 0.18 and more.
 */
const WORD_GAP = 0.15;
/** Where PDFium generated a space, a narrower gap is enough (thin spaces: "§ 2255" is 0.145 apart). */
const GENERATED_WORD_GAP = 0.1;
/** Angles (radians) this close to zero count as upright text. */
const UPRIGHT = 1e-3;

const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const NBSP = 0xa0;
const PDFIUM_HYPHEN = 0x02;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;

/** The runs of text on a loaded page (`page` is an FPDF_PAGE handle). */
export function pageTextRuns(module: PdfiumModule, page: number): PdfTextRun[] {
  const pdf = module.wasmExports;
  const textPage = pdf.FPDFText_LoadPage(page);
  if (!textPage) return [];
  // Scratch memory: two doubles (origin), four floats (box: left, top, right, bottom), six floats (matrix).
  const scratch = pdf.malloc(64);
  try {
    const count = pdf.FPDFText_CountChars(textPage);
    // The heap views are read after the page is loaded: a growing heap replaces them.
    const f64 = module.HEAPF64;
    const f32 = module.HEAPF32;
    const originX = scratch >> 3;
    const box = (scratch + 16) >> 2;
    const matrix = (scratch + 32) >> 2;
    const runs: PdfTextRun[] = [];
    let run: PdfTextRun | null = null;
    let runY = 0;
    let runAngle = 0;
    /** Right edge of the last character, and its origin (rotated runs follow the origins). */
    let right = 0;
    let lastX = 0;
    let lastY = 0;
    /** A space character of the PDF met since the last character of the run. */
    let space = false;
    /** A space or line break PDFium generated there (a hint only, see WORD_GAP). */
    let generated = false;
    let lastObject = -1;
    let size = 1;
    let angle = 0;
    let upright = true;
    const flush = () => {
      if (run) {
        run.str = run.str.trimEnd();
        if (run.str) runs.push(run);
      }
      run = null;
    };
    for (let i = 0; i < count; i++) {
      const code = pdf.FPDFText_GetUnicode(textPage, i);
      if (code === SPACE || code === TAB || code === NBSP || code === CR || code === LF || code === LINE_SEPARATOR || code === PARAGRAPH_SEPARATOR) {
        if (pdf.FPDFText_IsGenerated(textPage, i)) generated = true;
        else space = true;
        continue;
      }
      // Other control characters (unmapped glyphs on some producers) carry no text; 0x02 is how
      // PDFium marks a hyphen it found at the end of a line (joinLines decides whether it stays).
      if (code < SPACE && code !== PDFIUM_HYPHEN) continue;
      pdf.FPDFText_GetCharOrigin(textPage, i, scratch, scratch + 8);
      const x = f64[originX];
      const y = f64[originX + 1];
      pdf.FPDFText_GetLooseCharBox(textPage, i, scratch + 16);
      // The character's matrix (text matrix and page transform) scales the font size, which many
      // producers set to 1, and gives the direction of the baseline. Both belong to the text object
      // the character was drawn by: read once per object.
      const object = pdf.FPDFText_GetTextObject(textPage, i);
      if (object === 0 || object !== lastObject) {
        lastObject = object;
        pdf.FPDFText_GetMatrix(textPage, i, scratch + 32);
        const a = f32[matrix];
        const b = f32[matrix + 1];
        const c = f32[matrix + 2];
        const d = f32[matrix + 3];
        size = Math.abs(pdf.FPDFText_GetFontSize(textPage, i) * Math.sqrt(c * c + d * d)) || 1;
        angle = Math.atan2(b, a);
        upright = Math.abs(angle) < UPRIGHT;
      }
      const char = code === PDFIUM_HYPHEN ? '-' : String.fromCodePoint(code);
      if (run) {
        const current: PdfTextRun = run;
        const scale = Math.max(size, current.height);
        let continues: boolean;
        let gap = 0;
        if (upright && runAngle === 0) {
          gap = x - right;
          // Ligatures expanded by PDFium ("ffi": "f", then "f" and "i" on one box) share an origin.
          continues = Math.abs(y - runY) <= BASELINE_SHIFT * scale && gap <= RUN_GAP * scale && x >= lastX - BACKWARDS * scale;
        } else {
          // Rotated text: the same direction, and the next origin within a few characters of the last.
          continues = Math.abs(angle - runAngle) < UPRIGHT && Math.hypot(x - lastX, y - lastY) <= (1 + RUN_GAP) * scale;
        }
        if (continues) {
          const wordSpace = space || gap > WORD_GAP * scale || (generated && gap > GENERATED_WORD_GAP * scale);
          // Spaces are only added here, each followed by a character: the run never ends with one
          // (and asking whether it does would flatten the run's string at every character).
          if (wordSpace) current.str += ' ';
          current.str += char;
          current.height = Math.max(current.height, size);
        } else {
          flush();
        }
      }
      if (!run) {
        const cos = upright ? 1 : Math.cos(angle);
        const sin = upright ? 0 : Math.sin(angle);
        // Runs after the first start with a space: the line-building code joins runs on one line as they
        // are, and trims the line.
        run = { str: runs.length ? ' ' + char : char, transform: [size * cos, size * sin, -size * sin, size * cos, x, y], width: 0, height: size };
        runY = y;
        runAngle = upright ? 0 : angle;
      }
      space = false;
      generated = false;
      // The loose box (font ascent to descent, advance width) is in page space, [left, top, right, bottom].
      right = Math.max(f32[box], f32[box + 2]);
      lastX = x;
      lastY = y;
      const started: PdfTextRun = run;
      started.width = upright ? right - started.transform[4] : Math.hypot(x - started.transform[4], y - started.transform[5]) + size * 0.5;
    }
    flush();
    return runs;
  } finally {
    pdf.free(scratch);
    pdf.FPDFText_ClosePage(textPage);
  }
}
