/**
 * Is this text made of words? PDF text layers can be empty (a scan) or garbage: fonts without a
 * usable character map give symbols, private-use code points or shifted letters ("Wkh txlfn") in
 * place of words, while looking fine on screen. Such pages must be OCR'd, and the same measures tell
 * which orientation of a scanned page reads as words.
 *
 * The checks are language-light on purpose (French and English live together): the share of
 * characters that are letters or digits, the share of odd characters (replacement, private use,
 * control), the share of word-shaped tokens (a vowel, no long consonant run, a sane case pattern),
 * and the share of the most common French and English words.
 */

export interface TextMeasures {
  /** Non-space characters. */
  chars: number;
  /** Letters and digits over non-space characters. */
  alnumRatio: number;
  /** Replacement, private-use and control characters over non-space characters. */
  oddRatio: number;
  /** Tokens of two letters or more. */
  words: number;
  /** Those that look like words of a Latin-script language. */
  validWords: number;
  /** Tokens that are among the most common French and English words. */
  commonWords: number;
}

const COMMON_WORDS = new Set(
  (
    'the of and to in is that for it with as was on be by this are or from at an not have has which were ' +
    'but all can will their more its also been one they we you he she his her there if would about than ' +
    'de la le les et des en un une du que est pour dans qui au sur par pas plus ce il elle se ne sont avec ' +
    'ou son sa ses aux nous vous ils leur été être cette mais comme on tout fait peut entre été aussi'
  ).split(' '),
);

// Control characters are looked for on purpose: broken fonts map glyphs to them.
// eslint-disable-next-line no-control-regex
const ODD = /[\ufffd\ue000-\uf8ff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu;
const TOKEN = /[\p{L}][\p{L}'’-]*[\p{L}]|[\p{L}]/gu;
const VOWEL = /[aeiouyàâäéèêëîïôöùûüÿæœáíóúãõåø]/iu;
const CONSONANT_RUN = /[^aeiouyàâäéèêëîïôöùûüÿæœáíóúãõåø'’-]{5,}/iu;

export function measureText(text: string): TextMeasures {
  // Dot leaders and rules (tables of contents, forms) are punctuation on purpose, not broken glyphs.
  const compact = text.replace(/\s+/g, '').replace(/[.·…_\-–—]{2,}/g, '');
  const chars = compact.length;
  // Counted by what removing them leaves: no array of every character is built.
  const alnum = chars - compact.replace(/[\p{L}\p{N}]+/gu, '').length;
  const odd = chars - compact.replace(ODD, '').length;
  let words = 0;
  let validWords = 0;
  let commonWords = 0;
  // `match` gives the tokens alone (matchAll would make a match object for each).
  for (const token of text.match(TOKEN) ?? []) {
    if (token.length < 2) continue;
    words++;
    const kind = tokenKind(token);
    if (kind & COMMON) commonWords++;
    if (kind & VALID) validWords++;
  }
  return {
    chars,
    alnumRatio: chars ? alnum / chars : 0,
    oddRatio: chars ? odd / chars : 0,
    words,
    validWords,
    commonWords,
  };
}

const COMMON = 1;
const VALID = 2;
/**
 * What each token seen is (COMMON | VALID bits): a page repeats its words, and a document its pages'
 * (each page of a PDF is measured to decide on OCR). A token's kind depends on the token alone; the
 * map is emptied when it reaches its bound.
 */
const tokenKinds = new Map<string, number>();
const TOKEN_KINDS_MAX = 20_000;

function tokenKind(token: string): number {
  let kind = tokenKinds.get(token);
  if (kind === undefined) {
    const lower = token.toLowerCase();
    kind = (COMMON_WORDS.has(lower) ? COMMON : 0) | (looksLikeWord(token, lower) ? VALID : 0);
    if (tokenKinds.size >= TOKEN_KINDS_MAX) tokenKinds.clear();
    tokenKinds.set(token, kind);
  }
  return kind;
}

function looksLikeWord(token: string, lower: string): boolean {
  // lower, Capitalised or UPPER; "tHe" or "WoRd" is what misread glyphs look like. (Apostrophes and
  // hyphens have no case: comparing the whole token is comparing its letters.)
  if (token !== lower && token.slice(1) !== token.slice(1).toLowerCase() && token !== token.toUpperCase()) return false;
  return VOWEL.test(token) && !CONSONANT_RUN.test(token);
}

/** Below this many non-space characters a page has no real text layer (a scan, perhaps with a stamp). */
export const MIN_TEXT_LAYER_CHARS = 20;

export type TextLayerVerdict = 'ok' | 'empty' | 'garbage';

/** Whether a PDF page's text layer can be used as it is. */
export function judgeTextLayer(text: string): TextLayerVerdict {
  const m = measureText(text);
  if (m.chars < MIN_TEXT_LAYER_CHARS) return 'empty';
  if (m.oddRatio > 0.05) return 'garbage';
  // Plenty of tokens, nearly all word-shaped, some of them the commonest words: text, whatever the punctuation.
  if (m.words >= 20 && m.validWords / m.words >= 0.8 && m.commonWords / m.words >= 0.03) return 'ok';
  // Tables of figures are mostly digits and punctuation: fine. Unmapped glyphs are mostly symbols.
  if (m.alnumRatio < 0.5) return 'garbage';
  if (m.words >= 10) {
    const valid = m.validWords / m.words;
    const common = m.commonWords / m.words;
    // Prose has ~20-40% common words; lists and references fewer, but then their words look like words.
    if (valid < 0.5 && common < 0.05) return 'garbage';
    if (valid < 0.3) return 'garbage';
  }
  return 'ok';
}

/**
 * How well an OCR result reads, to compare orientations of one page: tesseract's confidence times
 * the number of word-shaped tokens (a wrong orientation gives few words and low confidence).
 */
export function readingScore(text: string, confidence: number): number {
  const m = measureText(text);
  return (Math.max(0, confidence) / 100) * m.validWords;
}
