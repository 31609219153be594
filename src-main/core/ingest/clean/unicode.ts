/**
 * One form for every character: NFC (an "é" typed as e + combining accent becomes the single letter
 * the user types in a query), invisible characters removed, every kind of space a plain space.
 */
import { editsFor, type TextEdit } from './textEdits';

/** NFC, applied only where it changes something: runs of non-ASCII characters with the letter before. */
export function nfcEdits(text: string): TextEdit[] {
  // eslint-disable-next-line no-control-regex -- the ASCII range, control characters included, on purpose
  return editsFor(text, /[\x00-\x7f]?[^\x00-\x7f]+/g, (m) => m[0].normalize('NFC'));
}

/**
 * Soft hyphens, zero-width characters, byte-order marks and control characters (except line feed and
 * tab) carry nothing a reader sees; the no-break and thin spaces of French typography become spaces
 * so a tokenizer splits on them. A soft hyphen at a line end marks a word broken across lines: the
 * two halves are joined.
 */
export function invisibleCharacterEdits(text: string): TextEdit[] {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return editsFor(text, /\u00ad[ \t]*\n[ \t]*|\r\n?|[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]+|[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, (m) => {
    if (m[0][0] === '\r') return '\n';
    return /^[\u00a0\u2000-\u200a\u202f\u205f\u3000]$/.test(m[0]) ? ' ' : '';
  });
}
