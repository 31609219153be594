/**
 * Turns the bytes of a text, Markdown or HTML file into a string, never into U+FFFD soup.
 * How the encoding is decided:
 * 1. A byte-order mark says it: UTF-8, UTF-16 LE or UTF-16 BE.
 * 2. No mark, but a NUL byte in every other position of the first kilobytes: UTF-16 without a mark
 *    (LE when the NULs are at odd offsets, as ASCII and Latin letters are in little-endian).
 * 3. Valid UTF-8 throughout: UTF-8 (pure ASCII is both).
 * 4. Otherwise byte by byte: each well-formed UTF-8 sequence is read as UTF-8, every other byte as
 *    Windows-1252 (Latin-1 with the printable 0x80-0x9F range Windows editors use: € ’ œ …). A file
 *    from a French office in Windows-1252 reads correctly, and so does a UTF-8 file with a few stray
 *    Latin-1 bytes pasted in.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export function decodeText(bytes: Uint8Array): string {
  return normalise(decodeBytes(bytes).text);
}

export function decodeBytes(bytes: Uint8Array): { text: string; encoding: TextEncoding | 'utf-8+windows-1252' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8Lenient(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const utf16 = detectUtf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  return decodeUtf8Lenient(bytes);
}

/** UTF-16 text without a byte-order mark, recognised by where its NUL bytes fall. */
export function detectUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  const guess = oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.02 ? 'utf-16le' : evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.02 ? 'utf-16be' : null;
  if (!guess) return null;
  // Binary data can have the same NUL pattern; text in UTF-16 has no control characters but line ends and tabs.
  for (let i = 0; i < n; i += 2) {
    const unit = guess === 'utf-16le' ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) return null;
  }
  return guess;
}

function decodeUtf8Lenient(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' | 'utf-8+windows-1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Falls through to the byte-by-byte reading.
  }
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const parts: string[] = [];
  let validUtf8 = 0;
  let start = 0;
  let i = 0;
  const flushAscii = (end: number) => {
    if (end > start) parts.push(decodeWindows1252(bytes.subarray(start, end)));
  };
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let sequence: string | null = null;
    if (length && i + length <= bytes.length) {
      try {
        sequence = utf8.decode(bytes.subarray(i, i + length));
      } catch {
        sequence = null;
      }
    }
    flushAscii(i);
    if (sequence !== null) {
      parts.push(sequence);
      validUtf8++;
      i += length;
    } else {
      parts.push(decodeWindows1252(bytes.subarray(i, i + 1)));
      i++;
    }
    start = i;
  }
  flushAscii(bytes.length);
  return { text: parts.join(''), encoding: validUtf8 > 0 ? 'utf-8+windows-1252' : 'windows-1252' };
}

/**
 * Windows-1252 by table: Node's TextDecoder('windows-1252') decodes 0x80-0x9F as C1 control
 * characters (ISO-8859-1), which would lose the euro sign, curly quotes, œ and the ellipsis.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    const codes = Array.from(bytes.subarray(i, i + 4096), (b) => (b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(b - 0x80) : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

/**
 * One form of every accented letter (NFC) and one kind of line end, so offsets, search and the
 * gold-answer comparison all see the same characters.
 */
function normalise(text: string): string {
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').normalize('NFC');
}
