/**
 * Turns the bytes of a text or Markdown file into a string. Files from French-speaking offices are
 * often in Windows-1252 rather than UTF-8, and some editors write UTF-16 with a byte-order mark:
 * all three are read instead of failing or producing replacement characters.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  // One form of every accented letter (NFC) and one kind of line end, so offsets, search and
  // the gold-answer comparison all see the same characters.
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').normalize('NFC');
}
